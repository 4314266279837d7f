#include "core/receipt/money.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace chainslip {
namespace {

TEST(MoneyTest, FixedDecimalWritesEveryDecimal) {
  EXPECT_EQ(fixed_decimal(12850, 2), "128.50");
  EXPECT_EQ(fixed_decimal(5, 2), "0.05");
  EXPECT_EQ(fixed_decimal(0, 2), "0.00");
  EXPECT_EQ(fixed_decimal(5, 4), "0.0005");
  EXPECT_EQ(fixed_decimal(123457, 4), "12.3457");
  EXPECT_EQ(fixed_decimal(1'000'000'000'000, 2), "10000000000.00");
}

TEST(MoneyTest, DisplayDecimalDropsTrailingZerosOnly) {
  EXPECT_EQ(display_decimal(200, 2, 0), "2");
  EXPECT_EQ(display_decimal(150, 2, 0), "1.5");
  EXPECT_EQ(display_decimal(125, 2, 0), "1.25");
  EXPECT_EQ(display_decimal(120000, 4, 2), "12.00");
  EXPECT_EQ(display_decimal(123400, 4, 2), "12.34");
  EXPECT_EQ(display_decimal(123450, 4, 2), "12.345");
  EXPECT_EQ(display_decimal(123457, 4, 2), "12.3457");
  EXPECT_EQ(display_decimal(0, 2, 0), "0");
  EXPECT_EQ(display_decimal(1000, 2, 0), "10");  // zeros before the point stay
}

TEST(MoneyTest, ParsesExactlyTheFixedForm) {
  EXPECT_EQ(*parse_fixed_decimal("128.50", 2, 1'000'000, "amount"), 12850u);
  EXPECT_EQ(*parse_fixed_decimal("0.00", 2, 1'000'000, "amount"), 0u);
  EXPECT_EQ(*parse_fixed_decimal("0.05", 2, 1'000'000, "amount"), 5u);
  EXPECT_EQ(*parse_fixed_decimal("12.3457", 4, 1'000'000, "price"), 123457u);
  for (const char* bad : {"128.5", "128.500", "128", "-1.00", "+1.00", "01.00", "00.00", "1e2", "1.0e",
                          " 1.00", "1.00 ", "1,00", ".50", "1.", "", "１.００", "1.-0", "0x1.00"}) {
    auto r = parse_fixed_decimal(bad, 2, 1'000'000, "the amount");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find("the amount"), std::string::npos) << r.error().message;
  }
}

TEST(MoneyTest, ParseRespectsTheLimitWithoutOverflow) {
  EXPECT_TRUE(parse_fixed_decimal("10000.00", 2, 1'000'000, "a").ok());
  EXPECT_FALSE(parse_fixed_decimal("10000.01", 2, 1'000'000, "a").ok());
  EXPECT_FALSE(
      parse_fixed_decimal("184467440737095516.16", 2, std::numeric_limits<std::uint64_t>::max(), "a").ok());
  EXPECT_FALSE(
      parse_fixed_decimal("999999999999999999999.99", 2, std::numeric_limits<std::uint64_t>::max(), "a")
          .ok());
}

TEST(MoneyTest, FormatAndParseRoundTrip) {
  for (std::uint64_t v : {0ull, 1ull, 9ull, 10ull, 99ull, 100ull, 12345ull, 1'000'000'000'000ull}) {
    EXPECT_EQ(*parse_fixed_decimal(fixed_decimal(v, 2), 2, 1'000'000'000'000, "a"), v);
    EXPECT_EQ(*parse_fixed_decimal(fixed_decimal(v, 4), 4, 1'000'000'000'000, "a"), v);
  }
}

TEST(MoneyTest, LineAmountRoundsHalfUpToTheFen) {
  constexpr std::uint64_t kMax = 1'000'000'000'000;
  EXPECT_EQ(*line_amount_fen(100, 50, kMax), 1u);         // 1 x 0.0050 = 0.005 -> 0.01
  EXPECT_EQ(*line_amount_fen(100, 49, kMax), 0u);         // 0.0049 -> 0.00
  EXPECT_EQ(*line_amount_fen(300, 33333, kMax), 1000u);   // 3 x 3.3333 = 9.9999 -> 10.00
  EXPECT_EQ(*line_amount_fen(150, 123457, kMax), 1852u);  // 1.5 x 12.3457 = 18.51855 -> 18.52
  EXPECT_EQ(*line_amount_fen(250, 10050, kMax), 251u);    // 2.5 x 1.0050 = 2.5125 -> 2.51
  EXPECT_EQ(*line_amount_fen(1, 1, kMax), 0u);            // 0.01 x 0.0001
  EXPECT_EQ(*line_amount_fen(0, 123457, kMax), 0u);
  // Large quantities: exact where a double would not be.
  // 999999999.99 x 0.9999 = 999899999.990001 yuan -> 999899999.99
  EXPECT_EQ(*line_amount_fen(99'999'999'999, 9'999, kMax), 99'989'999'999u);
}

TEST(MoneyTest, LineAmountRefusesWhatExceedsTheLimit) {
  constexpr std::uint64_t kMax = 1'000'000'000'000;
  EXPECT_TRUE(line_amount_fen(100, kMax * 100, kMax).ok());
  EXPECT_FALSE(line_amount_fen(101, kMax * 100, kMax).ok());
  EXPECT_FALSE(line_amount_fen(std::numeric_limits<std::uint64_t>::max(), 1, kMax).ok());
  EXPECT_FALSE(line_amount_fen(1ull << 33, (1ull << 31) + 1, kMax).ok());  // would wrap in 64 bits
  EXPECT_FALSE(line_amount_fen(2, std::numeric_limits<std::uint64_t>::max(), kMax).ok());
}

}  // namespace
}  // namespace chainslip

#include "core/receipt/receipt_code_match.h"

#include <gtest/gtest.h>

#include <functional>

#include "tests/support/receipt_fixtures.h"

namespace chainslip {
namespace {

Receipt sample() {
  Receipt r = test::make_test_receipt(ReceiptKind::kOutpatient, "张伟", {{"挂号费", 100, 1285000}});
  r.issued_at = 1767196800;  // 2025-12-31T16:00:00Z = 2026-01-01 00:00 in China
  return r;
}

TEST(ReceiptCodeMatchTest, TheCodeOfAReceiptMatchesIt) {
  const Receipt r = sample();
  const ReceiptCode c = receipt_code_for(r, ReceiptCodeForm::kShort, {{"t", "1"}, {"a", "2"}, {"s", "3"}});
  EXPECT_EQ(c.amount_fen, 12850u);
  EXPECT_EQ(c.issue_date, CalendarDate{20260101});  // China Standard Time, not UTC's 2025-12-31
  EXPECT_TRUE(check_receipt_code_matches(c, r).ok());
  const ReceiptCode page = receipt_code_for(r, ReceiptCodeForm::kDisplayPage, {});
  EXPECT_FALSE(page.amount_fen.has_value());
  EXPECT_FALSE(page.issue_date.has_value());
  EXPECT_TRUE(check_receipt_code_matches(page, r).ok());
}

TEST(ReceiptCodeMatchTest, EveryFieldTheCodeCarriesMustEqualTheReceipts) {
  const Receipt r = sample();
  const std::vector<std::pair<std::function<void(ReceiptCode&)>, std::string>> cases = {
      {[](ReceiptCode& c) { c.code = "33010127"; }, "not the one scanned"},
      {[](ReceiptCode& c) { c.number = "0000000043"; }, "not the one scanned"},
      {[](ReceiptCode& c) { c.check_code = "a1b2c4"; }, "校验码"},
      // Exact: one fen off is a mismatch.
      {[](ReceiptCode& c) { *c.amount_fen += 1; }, "amount 128.51 does not match the receipt's 128.50"},
      {[](ReceiptCode& c) { *c.amount_fen -= 1; }, "amount 128.49"},
      {[](ReceiptCode& c) { c.issue_date = CalendarDate{20251231}; }, "issue date 2025-12-31"},
  };
  for (const auto& [mutate, message] : cases) {
    ReceiptCode c = receipt_code_for(r, ReceiptCodeForm::kShort, {});
    mutate(c);
    const Status s = check_receipt_code_matches(c, r);
    ASSERT_FALSE(s.ok()) << message;
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(s.error().message.find(message), std::string::npos) << s.error().message;
  }
}

}  // namespace
}  // namespace chainslip

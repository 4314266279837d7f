#include "core/receipt/calendar_date.h"

#include <gtest/gtest.h>

namespace chainslip {
namespace {

TEST(CalendarDateTest, ParsesBothForms) {
  EXPECT_EQ(parse_iso_date("2026-12-03", "d")->yyyymmdd, 20261203u);
  EXPECT_EQ(parse_compact_date("20261203", "d")->yyyymmdd, 20261203u);
  EXPECT_EQ(parse_iso_date("2024-02-29", "d")->iso(), "2024-02-29");      // leap day
  EXPECT_EQ(parse_compact_date("20000229", "d")->compact(), "20000229");  // 400-year leap
}

TEST(CalendarDateTest, RefusesWhatIsNotARealDate) {
  for (const char* bad :
       {"2026-02-29", "2100-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00", "1969-12-31",
        "2026-1-01", "2026/01/01", "20260101", " 2026-01-01", "2026-01-011"}) {
    auto r = parse_iso_date(bad, "visit_date");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error().message.find("visit_date"), std::string::npos);
  }
  for (const char* bad : {"20260230", "2026123", "202612031", "2026-1203", "1969123１", "abcdefgh"}) {
    EXPECT_FALSE(parse_compact_date(bad, "d").ok()) << bad;
  }
}

TEST(CalendarDateTest, ChinaDateIsUtcPlusEight) {
  EXPECT_EQ(china_date_of(1767196799).iso(), "2025-12-31");  // 2025-12-31 15:59:59 UTC = 23:59:59 CST
  EXPECT_EQ(china_date_of(1767196800).iso(), "2026-01-01");  // 16:00:00 UTC = midnight CST
}

// Regression (UBSan): a receipt dated centuries ahead overflowed int.
TEST(CalendarDateTest, NoDateBeyondTheYear9999) {
  EXPECT_EQ(china_date_of(253'402'271'999).iso(), "9999-12-31");  // 15:59:59 UTC = 23:59:59 CST
  EXPECT_EQ(china_date_of(253'402'300'800), CalendarDate{});
  EXPECT_EQ(china_date_of(std::uint64_t{1} << 62), CalendarDate{});
  EXPECT_FALSE(is_calendar_date(china_date_of(std::uint64_t{1} << 62).yyyymmdd));
}

TEST(CalendarDateTest, OrdersByDay) {
  EXPECT_LT(CalendarDate{20251231}, CalendarDate{20260101});
  EXPECT_EQ(CalendarDate{20260101}, CalendarDate{20260101});
}

}  // namespace
}  // namespace chainslip

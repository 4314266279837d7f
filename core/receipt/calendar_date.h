#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace chainslip {

// A day of the Gregorian calendar, as receipts date things (开票日期, 就诊日期,
// 入院/出院日期), held as the number YYYYMMDD. Only real dates from 1970-01-01
// on are ever constructed by the parsers.
struct CalendarDate {
  std::uint32_t yyyymmdd = 0;

  auto operator<=>(const CalendarDate&) const = default;

  std::string iso() const;      // "2026-12-03"
  std::string compact() const;  // "20261203"
};

bool is_calendar_date(std::uint32_t yyyymmdd);

// "YYYY-MM-DD" (JSON, screens) and "YYYYMMDD" (QR codes): exactly that many
// digits, a real calendar date. kInvalidArgument naming `what` otherwise.
Result<CalendarDate> parse_iso_date(std::string_view text, std::string_view what);
Result<CalendarDate> parse_compact_date(std::string_view text, std::string_view what);

// The day of `unix_seconds` in China Standard Time (UTC+8), the time zone
// every receipt date is in; the zero date (no calendar date) past year 9999.
CalendarDate china_date_of(std::uint64_t unix_seconds);

}  // namespace chainslip

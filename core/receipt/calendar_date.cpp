#include "core/receipt/calendar_date.h"

#include <ctime>

namespace chainslip {
namespace {

std::string two(std::uint32_t v) { return (v < 10 ? "0" : "") + std::to_string(v); }

Result<CalendarDate> from_digits(std::string_view digits, std::string_view text, std::string_view what) {
  std::uint32_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') break;
    v = v * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (!is_calendar_date(v)) {
    return make_error(
        ErrorCode::kInvalidArgument,
        std::string(what) + ": \"" + std::string(text.substr(0, 16)) + "\" is not a calendar date");
  }
  return CalendarDate{v};
}

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::string CalendarDate::iso() const {
  return std::to_string(yyyymmdd / 10000) + "-" + two(yyyymmdd / 100 % 100) + "-" + two(yyyymmdd % 100);
}

std::string CalendarDate::compact() const { return std::to_string(yyyymmdd); }

bool is_calendar_date(std::uint32_t yyyymmdd) {
  const std::uint32_t year = yyyymmdd / 10000, month = yyyymmdd / 100 % 100, day = yyyymmdd % 100;
  if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  static constexpr std::uint32_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

Result<CalendarDate> parse_iso_date(std::string_view text, std::string_view what) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text.substr(0, 4)) ||
      !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2))) {
    return make_error(ErrorCode::kInvalidArgument, std::string(what) + ": must be a date YYYY-MM-DD");
  }
  const std::string digits =
      std::string(text.substr(0, 4)) + std::string(text.substr(5, 2)) + std::string(text.substr(8, 2));
  return from_digits(digits, text, what);
}

Result<CalendarDate> parse_compact_date(std::string_view text, std::string_view what) {
  if (text.size() != 8 || !all_digits(text)) {
    return make_error(ErrorCode::kInvalidArgument, std::string(what) + ": must be a date YYYYMMDD");
  }
  return from_digits(text, text, what);
}

CalendarDate china_date_of(std::uint64_t unix_seconds) {
  // Past year 9999 (or where time_t cannot hold it) there is no date a
  // receipt could carry: the zero date, which is no calendar date.
  constexpr std::uint64_t kYear10000 = 253'402'300'800;  // 10000-01-01T00:00:00Z
  if (unix_seconds >= kYear10000) return CalendarDate{};
  const std::time_t t = static_cast<std::time_t>(unix_seconds + 8 * 3600);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr || tm.tm_year + 1900 > 9999) return CalendarDate{};
  return CalendarDate{
      static_cast<std::uint32_t>((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday)};
}

}  // namespace chainslip

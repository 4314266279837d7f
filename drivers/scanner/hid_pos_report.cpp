#include "drivers/scanner/hid_pos_report.h"

namespace chainslip {

Result<std::string> parse_hid_pos_report(ByteView report, const HidPosReportLayout& layout) {
  auto invalid = [](const std::string& why) {
    return make_error(ErrorCode::kInvalidArgument, "HID POS report: " + why);
  };
  if (report.size() < 2) return invalid(std::to_string(report.size()) + " bytes, no room for id and length");
  if (report.size() > layout.max_report_bytes) {
    return invalid(std::to_string(report.size()) + " bytes, more than " +
                   std::to_string(layout.max_report_bytes));
  }
  if (report[0] != layout.report_id) {
    return make_error(ErrorCode::kNotFound, "HID POS report: id " + std::to_string(report[0]) +
                                                " is not a scan (" + std::to_string(layout.report_id) + ")");
  }
  const std::size_t length = report[1];
  if (length == 0) return invalid("length 0");
  if (length > report.size() - 2) {
    return invalid("length " + std::to_string(length) + " beyond the " + std::to_string(report.size() - 2) +
                   " data bytes of the report (a code spanning several reports is not supported)");
  }
  return std::string(report.begin() + 2, report.begin() + 2 + static_cast<std::ptrdiff_t>(length));
}

}  // namespace chainslip

#include "drivers/scanner/hid/hid_pos_report.h"

namespace chainslip {

Result<HidPosReport> parse_hid_pos_report(ByteView report, const HidPosReportLayout& layout) {
  auto invalid = [](const std::string& why) {
    return make_error(ErrorCode::kInvalidArgument, "HID POS report: " + why);
  };
  if (layout.data_offset < 2 || layout.data_offset + layout.max_data_bytes >= layout.report_bytes) {
    return invalid("layout puts " + std::to_string(layout.max_data_bytes) + " data bytes at offset " +
                   std::to_string(layout.data_offset) + " of a " + std::to_string(layout.report_bytes) +
                   "-byte report (they must end before its last, flag byte)");
  }
  if (report.empty()) return invalid("empty report");
  if (report[0] != layout.report_id) {
    return make_error(ErrorCode::kNotFound, "HID POS report: id " + std::to_string(report[0]) +
                                                " is not a scan (" + std::to_string(layout.report_id) + ")");
  }
  if (report.size() != layout.report_bytes) {
    return invalid(std::to_string(report.size()) + " bytes, a scan report has " +
                   std::to_string(layout.report_bytes));
  }
  const std::size_t length = report[1];
  if (length == 0) return invalid("length 0");
  if (length > layout.max_data_bytes) {
    return invalid("length " + std::to_string(length) + " above the " +
                   std::to_string(layout.max_data_bytes) + " data bytes a report carries");
  }
  const auto* data = report.data() + layout.data_offset;
  return HidPosReport{std::string(data, data + length), (report[report.size() - 1] & 0x01) != 0};
}

}  // namespace chainslip

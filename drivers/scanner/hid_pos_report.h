#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/util/bytes.h"
#include "core/util/result.h"

namespace chainslip {

// The input report of a barcode scanner in "HID POS" mode (USB HID usage
// page 0x8C, Bar Code Scanner), in the layout the common scanners use:
//
//   [report id][length n][n data bytes][padding to the report size]
//
// Assumptions, stated because the usage tables allow other layouts:
// - one scan fits in one report (n <= report size - 2: a 64-byte report
//   carries up to 62 bytes, more than a receipt payload's ~50); a longer
//   code spanning several reports is rejected, not reassembled;
// - the data bytes are the code's text as scanned, with no symbology
//   prefix or suffix (configure the scanner so);
// - the padding's value is not checked (scanners send zeros, some not).
struct HidPosReportLayout {
  std::uint8_t report_id = 0x02;
  std::size_t max_report_bytes = 64;
};

// The code in one report. kNotFound for another report id (not a scan:
// ignore it); kInvalidArgument saying what is wrong for a report longer than
// max_report_bytes or a length byte of 0 or beyond the report.
Result<std::string> parse_hid_pos_report(ByteView report, const HidPosReportLayout& layout = {});

}  // namespace chainslip

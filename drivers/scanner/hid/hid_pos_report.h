#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/util/bytes.h"
#include "core/util/result.h"

namespace chainslip {

// The input report of a barcode scanner in "HID POS" mode (USB HID usage
// page 0x8C, Bar Code Scanner), as hidraw reads it (report id first), in
// the fixed 64-byte layout the common scanners use:
//
//   byte 0        report id (0x02)
//   byte 1        n, the number of data bytes in this report (1..56)
//   bytes 2..57   data, n bytes then padding        (data_offset 2: Newland)
//   bytes 58..62  symbology identifier bytes, reserved (not read)
//   byte 63       bit 0: "data continued" — more reports follow for the
//                 same code; clear on the code's last report
//
// Honeywell and Access-IS scanners put the 3-byte AIM symbology identifier
// (']Q1') first and the data at bytes 5..60: data_offset 5. Sources and
// what is assumed: docs/SCANNERS.md, "HID POS mode". A code longer than 56
// bytes (a receipt URL is ~130) spans several reports; HidPosReassembler
// joins them.
struct HidPosReportLayout {
  std::uint8_t report_id = 0x02;
  std::size_t report_bytes = 64;    // the whole report, id and flag byte included
  std::size_t data_offset = 2;      // where the data starts
  std::size_t max_data_bytes = 56;  // most data bytes one report carries
};

// One report's share of a code.
struct HidPosReport {
  std::string data;
  bool continued = false;  // more reports follow for the same code
};

// Parses one report. kNotFound for another report id (not a scan: ignore
// it); kInvalidArgument saying what is wrong for a report that is not
// report_bytes long, a length byte of 0 or above max_data_bytes, or a
// layout whose data would overlap the flag byte.
Result<HidPosReport> parse_hid_pos_report(ByteView report, const HidPosReportLayout& layout = {});

}  // namespace chainslip

#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace chainslip::escpos {

// How a printer takes Chinese text (docs/PRINTING.md).
enum class ChineseSupport {
  kFsAmpersand,     // GB18030 after FS & (Chinese character mode), the Epson-China way
  kGb18030Default,  // bytes >= 0x80 are GB18030 from power-on; no FS & needed
  kNone,            // no Chinese font: Chinese must be drawn and sent as raster
};

enum class CutSupport { kFull, kPartial };

struct PrinterFont {
  int char_width = 0;   // dots, half-width character
  int char_height = 0;  // dots
  int columns = 0;      // half-width characters per line
};

struct UsbId {
  std::uint16_t vendor = 0;
  std::uint16_t product = 0;

  bool operator==(const UsbId&) const = default;
};

// What the layout and the driver need to know about one printer model, read
// from drivers/printer/profiles/<id>.json (in the spirit of python-escpos's
// escpos-printer-db). Every field is required; see docs/PRINTING.md.
struct PrinterProfile {
  std::string id;  // file name without .json: "generic-80mm"
  std::string vendor;
  std::string model;
  int paper_width_mm = 0;   // the roll: 58 or 80
  int print_width_dots = 0; // the head's printable width: 384 or 576
  int dots_per_mm = 0;      // 8 at 203 dpi
  PrinterFont font_a;
  PrinterFont font_b;
  std::map<int, std::string> code_pages;  // ESC t n -> "PC437"
  bool native_qr = false;                 // GS ( k QR model 2
  bool raster_image = false;              // GS v 0
  ChineseSupport chinese = ChineseSupport::kNone;
  std::vector<CutSupport> cuts;  // preferred first; empty: tear bar, no cutter
  int feed_before_cut_dots = 0;  // head to cutter (or tear bar)
  std::size_t input_buffer_bytes = 0;
  std::size_t max_raster_strip_bytes = 0;  // image data of one GS v 0 command
  std::vector<UsbId> usb_ids;

  // A job unit never exceeds the input buffer: the driver sends one only
  // when the buffer has room for all of it.
  std::size_t max_unit_bytes() const { return input_buffer_bytes; }
  std::optional<CutSupport> preferred_cut() const {
    return cuts.empty() ? std::nullopt : std::optional(cuts.front());
  }
};

// Strict: unknown or missing fields, wrong types and impossible values are
// kInvalidArgument naming the file and the field; a missing file kNotFound.
Result<PrinterProfile> load_printer_profile(const std::string& path);

// <dir>/<id>.json from `extra_dir` (if not empty) first, then the installed
// profiles or the build's CHAINSLIP_PROFILE_DIR (core/util/data_dir.h). The id must be [a-z0-9-]+ (it names a file).
Result<PrinterProfile> load_profile_by_id(const std::string& id, const std::string& extra_dir = {});

// The ids of every *.json in those directories, sorted, without duplicates.
std::vector<std::string> list_profiles(const std::string& extra_dir = {});

}  // namespace chainslip::escpos

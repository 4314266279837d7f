#pragma once

#include <string>
#include <vector>

#include "drivers/printer/escpos/escpos_commands.h"

namespace chainslip::escpos {

// The QR code's largest module: 6 dots (0.75 mm at 8 dots/mm), a symbol of
// about 25 mm that phone and kiosk scanners read at arm's length.
inline constexpr int kPaperQrMaxModuleDots = 6;

// One line of a ticket (a paper copy or a 作废 slip), already fitted to the
// printer's columns: its width in columns times `scale` never exceeds them.
struct TicketLine {
  std::string text;  // UTF-8
  escpos::Align align = escpos::Align::kLeft;
  int scale = 1;     // width and height multiplier
  bool bold = false;
};

// A ticket laid out: a PaperCopyContent or VoidSlipContent (core/hal, what
// the kiosk asks to print) as printer-independent lines fitted to the
// printer's columns, then its QR code: what the text and the raster
// renderers both draw.
struct LaidOutTicket {
  int columns = 0;
  std::vector<TicketLine> lines;
  std::string qr_payload;  // empty: no QR code (a 作废 slip)
};

}  // namespace chainslip::escpos

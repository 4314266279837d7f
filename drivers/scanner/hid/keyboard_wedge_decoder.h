#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/util/result.h"
#include "drivers/scanner/code_text.h"

namespace chainslip {

// Turns the key events a keyboard-wedge scanner types into codes. The
// scanner "types" the code's characters and then Enter; which key a
// character arrives as depends on the keyboard layout the scanner is set to.
// This decoder assumes the scanner is set to the US layout (docs/SCANNERS.md);
// the table is in keyboard_wedge_decoder.cpp.
//
// Pure: fed Linux input events (<linux/input-event-codes.h>); no I/O.
class KeyboardWedgeDecoder {
 public:
  explicit KeyboardWedgeDecoder(std::size_t max_code_bytes = kDefaultMaxCodeBytes)
      : max_code_bytes_(max_code_bytes) {}

  // One input event. Returns the code when Enter (KEY_ENTER, KEY_KPENTER)
  // ends a non-empty one, nullopt while a code is being typed (and for
  // events that are not key presses: EV_SYN, EV_MSC, releases, autorepeat).
  // kInvalidArgument at Enter when the code just ended is rejected as a
  // whole: a key outside the layout table, or longer than max_code_bytes.
  // Either way the next code starts clean.
  Result<std::optional<std::string>> feed(std::uint16_t type, std::uint16_t code, std::int32_t value);

  // Forgets a partly typed code (after a read error, on close).
  void reset();

 private:
  std::size_t max_code_bytes_;
  std::string text_;
  std::optional<std::string> rejection_;  // why the code being typed is already lost
  bool left_shift_ = false;
  bool right_shift_ = false;
};

}  // namespace chainslip

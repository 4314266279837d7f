#pragma once

#include <optional>
#include <string>

#include "core/hal/poll_interest.h"
#include "core/util/result.h"

namespace chainslip {

// Anything that turns a patient's code into text: a camera with a QR
// decoder, a keyboard-wedge HID scanner (evdev), a HID POS scanner
// (hidraw), or the simulator's "present a code" button.
//
// Contract: take_code() never blocks; it returns the next code read (raw
// text, not yet parsed: QR payloads are untrusted input and are parsed by
// parse_receipt_code), or nullopt. The same code held in front of the reader
// is reported once, not once per frame.
class CodeScanner : public Pollable {
 public:
  virtual std::string describe() const = 0;
  virtual Status open() = 0;
  virtual void close() = 0;
  virtual Result<std::optional<std::string>> take_code() = 0;
};

}  // namespace chainslip

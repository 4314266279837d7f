#pragma once

#include <string>

#include "core/hal/clock.h"
#include "core/hal/code_scanner.h"
#include "drivers/scanner/code_queue.h"
#include "drivers/scanner/device_node.h"
#include "drivers/scanner/hid/keyboard_wedge_decoder.h"

namespace chainslip {

struct EvdevCodeScannerOptions {
  std::string device{};  // /dev/input/eventN, or better a stable /dev/input/by-id/...-event-kbd link
  CodeQueueOptions codes{};
};

// A keyboard-wedge (USB HID keyboard) barcode scanner through evdev. The
// device is grabbed exclusively (EVIOCGRAB), so the scanner's keystrokes
// never reach the kiosk screen or any other program.
class EvdevCodeScanner final : public CodeScanner {
 public:
  EvdevCodeScanner(const Clock& clock, EvdevCodeScannerOptions options);

  std::string describe() const override { return "keyboard-wedge scanner " + options_.device; }
  // kUnavailable / kPermissionDenied (the input group) / kBusy ("another
  // program grabbed it") / kInvalidArgument (not an evdev device).
  Status open() override;
  void close() override;
  // Reads the key events that are ready; the next complete code, or nullopt.
  // kUnavailable when the scanner was unplugged.
  Result<std::optional<std::string>> take_code() override;

  std::vector<PollInterest> poll_interests() const override;
  void process_events() override {}

 private:
  EvdevCodeScannerOptions options_;
  UniqueFd fd_;
  KeyboardWedgeDecoder decoder_;
  CodeQueue codes_;
};

}  // namespace chainslip

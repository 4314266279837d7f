#pragma once

#include <string>

#include "core/hal/clock.h"
#include "core/hal/code_scanner.h"
#include "drivers/scanner/code_queue.h"
#include "drivers/scanner/device_node.h"
#include "drivers/scanner/hid_pos_report.h"

namespace chainslip {

struct HidrawCodeScannerOptions {
  std::string device{};  // /dev/hidrawN
  HidPosReportLayout layout{};
  CodeQueueOptions codes{};
};

// A barcode scanner in HID POS mode through hidraw: each input report
// carries one scan (hid_pos_report.h). Unlike keyboard mode, no keyboard
// layout is involved and nothing reaches other programs.
class HidrawCodeScanner final : public CodeScanner {
 public:
  HidrawCodeScanner(const Clock& clock, HidrawCodeScannerOptions options);

  std::string describe() const override { return "HID POS scanner " + options_.device; }
  // kUnavailable / kPermissionDenied (udev rule) / kBusy / kInvalidArgument
  // (not a hidraw device).
  Status open() override;
  void close() override;
  // Reads the reports that are ready; the next code, or nullopt.
  Result<std::optional<std::string>> take_code() override;

  std::vector<PollInterest> poll_interests() const override;
  void process_events() override {}

 private:
  HidrawCodeScannerOptions options_;
  UniqueFd fd_;
  CodeQueue codes_;
};

}  // namespace chainslip

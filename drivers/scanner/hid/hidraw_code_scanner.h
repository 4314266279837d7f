#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/hal/clock.h"
#include "core/hal/code_scanner.h"
#include "drivers/scanner/code_queue.h"
#include "drivers/scanner/device_node.h"
#include "drivers/scanner/hid/hid_pos_reassembler.h"
#include "drivers/scanner/hid/hid_pos_report.h"

namespace chainslip {

struct HidrawCodeScannerOptions {
  std::string device{};  // /dev/hidrawN
  HidPosReportLayout layout{};
  // A partial code is dropped when its next report does not come within this
  // (HidPosReassemblerOptions::gap_timeout).
  std::chrono::milliseconds report_gap_timeout{500};
  CodeQueueOptions codes{};
};

// A barcode scanner in HID POS mode through hidraw: a scan arrives as one
// input report or, when longer than one report carries (a receipt URL),
// as several joined by HidPosReassembler (hid_pos_report.h). Unlike
// keyboard mode, no keyboard layout is involved and nothing reaches other
// programs. A partial code's gap timeout runs on the clock: next_timeout()
// asks the event loop to call process_events() when it is due.
class HidrawCodeScanner final : public CodeScanner {
 public:
  HidrawCodeScanner(const Clock& clock, HidrawCodeScannerOptions options);

  std::string describe() const override { return "HID POS scanner " + options_.device; }
  // kUnavailable / kPermissionDenied (udev rule) / kBusy / kInvalidArgument
  // (not a hidraw device).
  Status open() override;
  // Reads reports from `fd` instead of a device node: an fd that hands out
  // one whole report per read(2), as hidraw does (tests use a
  // SOCK_SEQPACKET socket pair). Non-blocking is up to the caller.
  void adopt(UniqueFd fd);
  void close() override;
  // Reads the reports that are ready; the next code, or nullopt.
  Result<std::optional<std::string>> take_code() override;

  std::vector<PollInterest> poll_interests() const override;
  // Until a partial code goes stale; nullopt when none is in progress.
  std::optional<std::chrono::milliseconds> next_timeout() const override;
  // Drops a stale partial code (logged with its reason).
  void process_events() override;

 private:
  void expire_partial_code();

  const Clock& clock_;
  HidrawCodeScannerOptions options_;
  UniqueFd fd_;
  HidPosReassembler reports_;
  CodeQueue codes_;
};

}  // namespace chainslip

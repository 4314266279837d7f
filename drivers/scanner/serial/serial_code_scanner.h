#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/hal/clock.h"
#include "core/hal/code_scanner.h"
#include "core/util/unique_fd.h"
#include "drivers/scanner/code_queue.h"
#include "drivers/scanner/serial/line_reassembler.h"

namespace chainslip {

struct SerialCodeScannerOptions {
  std::string device{};  // /dev/ttyACM0 (USB CDC), /dev/ttyUSB0 (RS-232 adapter), a /dev/serial/by-id/ link
  // Line speed, 8N1. USB CDC scanners ignore it; RS-232 ones must match.
  std::uint32_t baud = 9600;
  // A partial line is dropped when its end does not come within this
  // (LineReassemblerOptions::gap_timeout).
  std::chrono::milliseconds line_gap_timeout{500};
  CodeQueueOptions codes{};
};

// Whether a serial scanner can be set to this line speed, and the list of
// those speeds for messages ("1200, 2400, ..., 115200").
bool is_serial_baud(std::uint32_t baud);
std::string serial_bauds_text();

// A barcode scanner in serial mode (USB CDC-ACM "virtual COM port", or
// RS-232): each scan is the code's text followed by the scanner's suffix, CR
// or LF (line_reassembler.h). The tty is put in raw mode, so the kernel
// neither echoes nor edits what the scanner sends.
class SerialCodeScanner final : public CodeScanner {
 public:
  SerialCodeScanner(const Clock& clock, SerialCodeScannerOptions options);

  std::string describe() const override { return "serial scanner " + options_.device; }
  // kUnavailable / kPermissionDenied (the dialout group) / kBusy /
  // kInvalidArgument (not a tty, or a line speed it cannot take).
  Status open() override;
  void close() override;
  // Reads the bytes that are ready; the next code, or nullopt. kUnavailable
  // when the scanner was unplugged (the tty hung up); it is then closed.
  Result<std::optional<std::string>> take_code() override;

  std::vector<PollInterest> poll_interests() const override;
  // Until a partial line goes stale; nullopt when none is in progress.
  std::optional<std::chrono::milliseconds> next_timeout() const override;
  // Drops a stale partial line (logged with its reason).
  void process_events() override;

 private:
  void expire_partial_line();

  const Clock& clock_;
  SerialCodeScannerOptions options_;
  UniqueFd fd_;
  LineReassembler lines_;
  CodeQueue codes_;
};

}  // namespace chainslip

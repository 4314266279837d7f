#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/util/result.h"
#include "core/util/unique_fd.h"

namespace chainslip::sim {

// A barcode scanner in serial mode, as a pseudo-terminal: chainslipd opens
// its tty (scanner.kind = "serial", scanner.device = tty_path() or the link)
// exactly as it opens a USB scanner's /dev/ttyACM0, and each scan() arrives
// there as a real scanner sends it: the code's text, then CR.
class VirtualSerialScanner {
 public:
  // The longest code scan() sends: room for junk beyond any receipt code,
  // which the kiosk's own bound then drops.
  static constexpr std::size_t kMaxScanBytes = 1024;

  // A new pseudo-terminal. `link`, when not empty, is made a symbolic link to
  // its tty (replacing one left by an earlier run), so a config can name a
  // path that does not change from run to run; it is removed again on
  // destruction.
  static Result<std::unique_ptr<VirtualSerialScanner>> open(std::string link);
  ~VirtualSerialScanner();
  VirtualSerialScanner(const VirtualSerialScanner&) = delete;
  VirtualSerialScanner& operator=(const VirtualSerialScanner&) = delete;

  const std::string& tty_path() const { return tty_path_; }

  // Sends one code; thread-safe. kInvalidArgument for an empty code, one
  // longer than kMaxScanBytes or one with a line break (it would be two
  // scans); kUnavailable when the tty's input is full (nobody reads it).
  Status scan(std::string_view code);

 private:
  VirtualSerialScanner(UniqueFd scanner_end, UniqueFd tty, std::string tty_path, std::string link);

  std::mutex mu_;
  UniqueFd scanner_end_;  // the pseudo-terminal's master: what the scanner writes
  UniqueFd tty_;          // held open so the tty and its raw mode last between kiosk runs
  std::string tty_path_;
  std::string link_;
};

}  // namespace chainslip::sim

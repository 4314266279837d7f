#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "core/util/bytes.h"
#include "core/util/result.h"
#include "drivers/scanner/code_text.h"
#include "drivers/scanner/hid/hid_pos_report.h"

namespace chainslip {

struct HidPosReassemblerOptions {
  HidPosReportLayout layout{};
  // A code longer than this is rejected whole, never truncated.
  std::size_t max_code_bytes = kDefaultMaxCodeBytes;
  // A scanner sends a code's reports back to back (a few ms apart); a gap
  // this long means it stopped mid-code (unplugged, reset), and the partial
  // code is dropped rather than joined to the next scan.
  std::chrono::milliseconds gap_timeout{500};
};

// Joins the reports of one HID POS scan into its code (hid_pos_report.h):
// each report's data is appended, and the code is whole at the report whose
// "continued" flag is clear. Pure: fed reports and the caller's clock; no
// I/O, no timer of its own (deadline() says when to call expire()).
class HidPosReassembler {
 public:
  explicit HidPosReassembler(HidPosReassemblerOptions options = {}) : options_(options) {}

  // One report read at `now`. Returns the code at the report that ends it;
  // nullopt while a code continues, and for a report of another id (not a
  // scan: ignored, the code in progress is kept). kInvalidArgument once per
  // rejected code, at its last report: longer than max_code_bytes, or a
  // malformed report in it (a malformed report that does not say "more
  // follow" is rejected at once). Either way the next code starts clean. A
  // partial code older than gap_timeout is dropped first (expire() gives its
  // reason), so it is never joined to this report.
  Result<std::optional<std::string>> feed(ByteView report, std::chrono::milliseconds now);

  // Drops the partial code when no report came for gap_timeout (at or after
  // deadline()); the reason, for the log, when one was dropped (also one
  // that feed() dropped since the last call).
  std::optional<std::string> expire(std::chrono::milliseconds now);

  // When the partial code goes stale; nullopt when none is in progress.
  std::optional<std::chrono::milliseconds> deadline() const;

  // Forgets a partial code (on close, after a read error).
  void reset();

 private:
  std::optional<std::string> drop_if_stale(std::chrono::milliseconds now);

  HidPosReassemblerOptions options_;
  bool in_code_ = false;                  // a report with "continued" set came, its code is not ended
  std::string text_;                      // the code so far (cleared once rejected)
  std::size_t received_bytes_ = 0;        // data bytes of the code so far, kept or not
  std::size_t reports_ = 0;               // reports of the code so far
  std::optional<std::string> rejection_;  // why the code in progress is already lost
  std::chrono::milliseconds last_report_{0};
  std::optional<std::string> dropped_;  // a stale code feed() dropped, until expire() reports it
};

}  // namespace chainslip

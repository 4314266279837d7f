#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/util/bytes.h"
#include "core/util/result.h"
#include "drivers/scanner/code_text.h"

namespace chainslip {

struct LineReassemblerOptions {
  // A code longer than this is rejected whole, never truncated.
  std::size_t max_code_bytes = kDefaultMaxCodeBytes;
  // A scanner in serial mode sends a code and its suffix in one burst; a
  // partial line this old means the suffix is not configured or the scanner
  // stopped mid-code, and the part is dropped rather than joined to the next.
  std::chrono::milliseconds gap_timeout{500};
};

// Splits the byte stream of a serial-mode scanner into codes: each ends at
// CR or LF (CRLF counts once; empty lines are nothing). Pure: fed bytes and
// the caller's clock, no I/O, no timer of its own (deadline() says when to
// call expire()).
class LineReassembler {
 public:
  explicit LineReassembler(LineReassemblerOptions options = {}) : options_(options) {}

  // Bytes read at `now`: each code they end, in order; kInvalidArgument in
  // the place of a code longer than max_code_bytes (said once, at its end).
  // A partial line older than gap_timeout is dropped first (expire() gives
  // its reason), so it is never joined to these bytes.
  std::vector<Result<std::string>> feed(ByteView bytes, std::chrono::milliseconds now);

  // Drops a partial line no byte has come for in gap_timeout; the reason,
  // for the log, when one was dropped.
  std::optional<std::string> expire(std::chrono::milliseconds now);

  // When the partial line goes stale; nullopt when none is in progress.
  std::optional<std::chrono::milliseconds> deadline() const;

  // Forgets a partial line (on close, after a read error).
  void reset();

 private:
  LineReassemblerOptions options_;
  std::string line_;              // the code so far (cleared once too long)
  std::size_t line_bytes_ = 0;    // bytes of the line so far, kept or not
  std::chrono::milliseconds last_byte_at_{0};
};

}  // namespace chainslip

#include "drivers/scanner/serial/line_reassembler.h"

namespace chainslip {

std::vector<Result<std::string>> LineReassembler::feed(ByteView bytes, std::chrono::milliseconds now) {
  std::vector<Result<std::string>> codes;
  if (bytes.empty()) return codes;
  // A stale part is not this burst's beginning. Its reason is expire()'s to
  // give; the caller calls it before feeding (or the part is dropped here).
  if (line_bytes_ > 0 && now - last_byte_at_ >= options_.gap_timeout) reset();
  last_byte_at_ = now;
  for (const std::uint8_t b : bytes) {
    if (b == '\r' || b == '\n') {
      if (line_bytes_ == 0) continue;  // the LF of CRLF, or an empty line
      if (line_bytes_ > options_.max_code_bytes) {
        codes.push_back(make_error(ErrorCode::kInvalidArgument, "a line of " + std::to_string(line_bytes_) +
                                                                    " bytes, longer than " +
                                                                    std::to_string(options_.max_code_bytes) +
                                                                    " bytes (not a receipt code)"));
      } else {
        codes.push_back(std::move(line_));
      }
      line_.clear();
      line_bytes_ = 0;
      continue;
    }
    ++line_bytes_;
    if (line_bytes_ <= options_.max_code_bytes) {
      line_.push_back(static_cast<char>(b));
    } else {
      line_.clear();
    }
  }
  return codes;
}

std::optional<std::string> LineReassembler::expire(std::chrono::milliseconds now) {
  if (line_bytes_ == 0 || now - last_byte_at_ < options_.gap_timeout) return std::nullopt;
  const std::string why = "no end of line for " + std::to_string(options_.gap_timeout.count()) + " ms after " +
                          std::to_string(line_bytes_) +
                          " bytes (set the scanner's suffix to CR or LF: docs/SCANNERS.md)";
  reset();
  return why;
}

std::optional<std::chrono::milliseconds> LineReassembler::deadline() const {
  if (line_bytes_ == 0) return std::nullopt;
  return last_byte_at_ + options_.gap_timeout;
}

void LineReassembler::reset() {
  line_.clear();
  line_bytes_ = 0;
}

}  // namespace chainslip

#include "drivers/scanner/hid/hid_pos_reassembler.h"

#include <utility>

namespace chainslip {
namespace {

std::string so_far(std::size_t bytes, std::size_t reports) {
  return std::to_string(bytes) + " bytes in " + std::to_string(reports) +
         (reports == 1 ? " report" : " reports");
}

}  // namespace

void HidPosReassembler::reset() {
  in_code_ = false;
  text_.clear();
  received_bytes_ = 0;
  reports_ = 0;
  rejection_.reset();
}

std::optional<std::chrono::milliseconds> HidPosReassembler::deadline() const {
  if (!in_code_) return std::nullopt;
  return last_report_ + options_.gap_timeout;
}

std::optional<std::string> HidPosReassembler::drop_if_stale(std::chrono::milliseconds now) {
  if (!in_code_ || now < last_report_ + options_.gap_timeout) return std::nullopt;
  std::string why = "HID POS code dropped: no report for " + std::to_string(options_.gap_timeout.count()) +
                    " ms after " + so_far(received_bytes_, reports_) + " (the scanner stopped mid-code)";
  if (rejection_) why += "; it was already rejected: " + *rejection_;
  reset();
  return why;
}

std::optional<std::string> HidPosReassembler::expire(std::chrono::milliseconds now) {
  if (dropped_) return std::exchange(dropped_, std::nullopt);
  return drop_if_stale(now);
}

Result<std::optional<std::string>> HidPosReassembler::feed(ByteView report, std::chrono::milliseconds now) {
  if (auto why = drop_if_stale(now)) dropped_ = std::move(why);
  Result<HidPosReport> part = parse_hid_pos_report(report, options_.layout);
  if (!part.ok() && part.code() == ErrorCode::kNotFound) return std::optional<std::string>();
  if (!part.ok()) {
    // The data of this report is lost, so is its code. If the report still
    // says more follow, the rest of the code is swallowed, not taken for a
    // new one.
    const bool more = report.size() == options_.layout.report_bytes && (report.back() & 0x01) != 0;
    if (more) {
      if (!rejection_) rejection_ = part.error().message;
      in_code_ = true;
      last_report_ = now;
      ++reports_;
      text_.clear();
      return std::optional<std::string>();
    }
    std::string why = "HID POS code rejected: " + part.error().message;
    if (in_code_) why += " (after " + so_far(received_bytes_, reports_) + " of it)";
    reset();
    return make_error(ErrorCode::kInvalidArgument, why);
  }
  in_code_ = true;
  last_report_ = now;
  ++reports_;
  received_bytes_ += part->data.size();
  if (!rejection_) {
    if (received_bytes_ > options_.max_code_bytes) {
      rejection_ = "longer than " + std::to_string(options_.max_code_bytes) + " bytes";
      text_.clear();
    } else {
      text_ += part->data;
    }
  }
  if (part->continued) return std::optional<std::string>();
  const std::size_t bytes = received_bytes_, reports = reports_;
  std::string text = std::move(text_);
  std::optional<std::string> rejection = std::move(rejection_);
  reset();
  if (rejection) {
    return make_error(ErrorCode::kInvalidArgument,
                      "HID POS code rejected: " + *rejection + " (" + so_far(bytes, reports) + ")");
  }
  return std::optional<std::string>(std::move(text));
}

}  // namespace chainslip

#include "drivers/scanner/code_queue.h"

#include <iostream>
#include <utility>

namespace chainslip {

CodeQueue::CodeQueue(std::string source, const Clock& clock, CodeQueueOptions options)
    : source_(std::move(source)), clock_(clock), options_(std::move(options)), repeats_(options_.hold_off) {}

void CodeQueue::offer(const std::string& text) {
  if (!repeats_.is_new_sighting(text, clock_.now())) return;
  if (auto status = check_code_text(text, options_.max_code_bytes); !status.ok()) {
    log_drop(status.error().message);
    return;
  }
  if (queued_.size() >= kMaxQueued) {
    log_drop(std::to_string(kMaxQueued) + " codes already wait to be taken");
    return;
  }
  queued_.push_back(text);
}

void CodeQueue::offer_decoded(const Result<std::optional<std::string>>& decoded) {
  if (!decoded.ok()) {
    log_drop(decoded.error().message);
  } else if (*decoded) {
    offer(**decoded);
  }
}

void CodeQueue::log_drop(const std::string& reason) const {
  const std::string message = source_ + ": dropped a code: " + reason;
  if (options_.log) {
    options_.log(message);
  } else {
    std::cerr << "scanner: " << message << "\n";
  }
}

std::optional<std::string> CodeQueue::pop() {
  if (queued_.empty()) return std::nullopt;
  std::string code = std::move(queued_.front());
  queued_.pop_front();
  return code;
}

void CodeQueue::clear() {
  queued_.clear();
  repeats_.clear();
}

}  // namespace chainslip

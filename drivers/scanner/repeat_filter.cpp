#include "drivers/scanner/repeat_filter.h"

namespace chainslip {

bool RepeatFilter::is_new_sighting(const std::string& code, std::chrono::milliseconds now) {
  std::erase_if(last_seen_, [&](const auto& entry) { return now - entry.second > hold_off_; });
  const auto it = last_seen_.find(code);
  if (it != last_seen_.end()) {
    it->second = now;
    return false;
  }
  if (last_seen_.size() < kMaxRemembered) last_seen_.emplace(code, now);
  return true;
}

}  // namespace chainslip

#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <string>

namespace chainslip {

// Decides whether a sighting of a code is a new scan or the same code still
// (or again, within the hold-off) in front of the reader. Goes by the time
// of each sighting, never by how many frames or reports saw it: a code is a
// new scan when it was not seen in the last hold_off.
class RepeatFilter {
 public:
  explicit RepeatFilter(std::chrono::milliseconds hold_off) : hold_off_(hold_off) {}

  // Records a sighting of `code` at `now`; true when it is a new scan.
  bool is_new_sighting(const std::string& code, std::chrono::milliseconds now);
  void clear() { last_seen_.clear(); }

 private:
  // Bound on the codes remembered at once, whatever is shown to the reader;
  // past it, new codes are still reported but not remembered.
  static constexpr std::size_t kMaxRemembered = 64;

  std::chrono::milliseconds hold_off_;
  std::map<std::string, std::chrono::milliseconds> last_seen_;
};

}  // namespace chainslip

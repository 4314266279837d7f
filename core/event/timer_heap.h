#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <vector>

namespace chainslip {

// One timer as the event loop keeps it. The Timer handle owns it (shared
// with a dispatch in progress, so a callback may destroy its own Timer).
struct TimerState : std::enable_shared_from_this<TimerState> {
  static constexpr std::size_t kNotQueued = std::numeric_limits<std::size_t>::max();

  std::function<void()> on_fire;
  std::uint64_t seq = 0;                  // creation order: the tie-break between equal deadlines
  std::chrono::milliseconds deadline{0};  // on the loop's Clock
  std::chrono::milliseconds interval{0};  // > 0: periodic
  std::uint64_t generation = 0;           // bumped by every arm and cancel
  std::size_t heap_index = kNotQueued;    // position in the TimerHeap, kNotQueued if not armed
};

// Min-heap of armed timers ordered by (deadline, seq), so timers due at the
// same instant fire in the order they were created, run after run. Each
// timer knows its position, so cancel and re-arm are O(log n) and leave
// nothing stale behind.
class TimerHeap {
 public:
  void push(TimerState& timer);
  // No-op for a timer that is not queued.
  void remove(TimerState& timer);
  // The earliest timer, or null if none is armed.
  TimerState* top() const { return items_.empty() ? nullptr : items_.front(); }
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }

 private:
  static bool before(const TimerState& a, const TimerState& b);
  void place(std::size_t index, TimerState* timer);
  void sift_up(std::size_t index);
  void sift_down(std::size_t index);

  std::vector<TimerState*> items_;
};

}  // namespace chainslip

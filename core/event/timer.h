#pragma once

#include <chrono>
#include <memory>

#include "core/event/timer_heap.h"

namespace chainslip {

class EventLoop;

// A one-shot or periodic timer on an EventLoop (EventLoop::create_timer).
// Created disarmed. Destroying it cancels it, also from inside its own
// callback. Use it on the loop's thread only, and destroy it before the loop.
class Timer {
 public:
  Timer() = default;  // no timer: only assignment and destruction are valid
  Timer(Timer&& other) noexcept;
  Timer& operator=(Timer&& other) noexcept;
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;
  ~Timer();

  // Fires once, `delay` after the loop clock's now() (a negative delay is 0).
  // Arming an armed timer replaces its deadline.
  void arm(std::chrono::milliseconds delay);
  // Fires every `interval` (at least 1 ms), first `interval` from now.
  // Deadlines are start + k * interval, so a late callback does not shift
  // the next one; ticks missed entirely because the loop was blocked for
  // longer than an interval are skipped, not fired in a burst.
  void arm_periodic(std::chrono::milliseconds interval);
  void cancel();
  // True while a deadline is pending (for a periodic timer also inside its
  // callback; for a one-shot timer not any more).
  bool armed() const;

 private:
  friend class EventLoop;
  Timer(EventLoop& loop, std::shared_ptr<TimerState> state) : loop_(&loop), state_(std::move(state)) {}
  void release();

  EventLoop* loop_ = nullptr;
  std::shared_ptr<TimerState> state_;
};

}  // namespace chainslip

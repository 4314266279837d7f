#pragma once

#include <chrono>

#include "core/event/event_loop.h"
#include "core/hal/clock.h"
#include "core/util/result.h"

namespace chainslip {

// Moves a ManualClock forward and runs an EventLoop's timers as they fall
// due, without sleeping (Envoy's SimulatedTimeSystem): a test of a 30 s
// timeout takes microseconds and fires the same way every run.
class SimulatedTime {
 public:
  // `loop` must have been created on `clock`; both must outlive this.
  SimulatedTime(ManualClock& clock, EventLoop& loop);

  // Moves the clock forward by `by`, stopping at every timer deadline on the
  // way: timers fire in (deadline, creation) order, each while the clock
  // shows its own deadline, including timers their callbacks arm during the
  // advance. At every stop ready fds and posted tasks are dispatched too
  // (polled without waiting), so pipes and sockets work in tests. After a
  // pass that ran anything, another pass runs at the same instant, so work a
  // before-wait hook arms for "now" (PollableWatch::refresh) is done within
  // the advance, as the real loop would do it at once. A timer
  // that keeps re-arming itself with no delay makes this loop forever, as it
  // would the real loop. Errors as EventLoop::run_once.
  Status advance(std::chrono::milliseconds by);

 private:
  ManualClock& clock_;
  EventLoop& loop_;
};

}  // namespace chainslip

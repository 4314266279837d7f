#pragma once

// The service's one event loop, after Envoy's Dispatcher on the sd-event
// model. Everything runs on the thread that calls run(): fd readiness
// (add_fd, level-triggered), timers (create_timer), signals (on_signal) and
// tasks handed over from other threads (post). Callbacks run one at a time
// and may add or remove watches and timers, their own included.
//
// Linux: one epoll set holds the watched fds plus three of the loop's own:
// ONE timerfd armed to the earliest timer deadline, a signalfd for the
// handled signals, and an eventfd through which post() and exit() wake the
// loop from other threads. With nothing due the loop blocks in epoll_wait:
// an idle loop costs no CPU.
//
// Time comes only from the injected Clock. Timers sit in a min-heap ordered
// by (deadline, creation sequence), so timers due at the same instant fire
// in the order they were created. With a ManualClock the loop never waits
// for real time to pass (no timerfd): time moves when a test or the
// simulator moves it, and SimulatedTime::advance (simulated_time.h) fires
// the timers that fall due, each at its own deadline, while fds are still
// polled. A pass of the loop: wait (at most max_wait), dispatch ready fds
// and signals in the order epoll reports them, then the timers due now
// (those armed during this pass fire in the next one), then posted tasks.

#include <signal.h>
#include <sys/epoll.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/event/fd_watch.h"
#include "core/event/timer.h"
#include "core/event/timer_heap.h"
#include "core/util/unique_fd.h"
#include "core/hal/clock.h"
#include "core/util/result.h"

namespace chainslip {

class EventLoop {
 public:
  // kUnavailable if the kernel refuses an epoll/timerfd/signalfd/eventfd
  // (usually the open-file limit). `clock` must outlive the loop.
  static Result<std::unique_ptr<EventLoop>> create(const Clock& clock);
  // Every FdWatch and Timer of the loop must be destroyed first.
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Watches `fd` for poll(2) events (POLLIN, POLLPRI, POLLOUT, POLLRDHUP;
  // POLLERR and POLLHUP are always reported) and calls on_ready(revents)
  // while it is ready. kInvalidArgument for a closed fd, a regular file
  // (always ready: epoll refuses it) or other event bits; kAlreadyExists if
  // the fd is already watched by this loop.
  Result<FdWatch> add_fd(int fd, short poll_events, std::function<void(short revents)> on_ready);

  Timer create_timer(std::function<void()> on_fire);

  // Runs `task` on the loop thread in a later pass. Callable from any
  // thread; tasks run in the order they were posted.
  void post(std::function<void()> task);

  // Handles `signo` on the loop thread through a signalfd. Blocks the signal
  // in the calling thread; threads inherit the mask, so to handle it for the
  // whole process call this before starting other threads. The signal stays
  // blocked after the loop is gone. kInvalidArgument for SIGKILL, SIGSTOP or
  // a signal number the C library reserves; kAlreadyExists if handled.
  Status on_signal(int signo, std::function<void(int signo)> on_signal);

  // Runs `hook` at the start of every pass, before the loop computes how
  // long to wait: the place to re-read the wants of devices whose requests
  // are started from other callbacks (PollableWatch::refresh). Replaces an
  // earlier hook; an empty function removes it. Loop thread only.
  void set_before_wait(std::function<void()> hook) { before_wait_ = std::move(hook); }

  // Runs passes until exit(). kInternal if epoll fails;
  // kFailedPrecondition when called from inside a callback of this loop.
  Status run();
  // One pass, waiting at most max_wait for something to become ready (not
  // at all if a timer is due already). Returns the number of callbacks and
  // tasks it ran. Errors as run().
  Result<std::size_t> run_once(std::chrono::milliseconds max_wait);
  // Makes the current run() return after its pass, or the next one return
  // at once. Callable from any thread.
  void exit();

  const Clock& clock() const { return clock_; }
  // The earliest armed timer's deadline.
  std::optional<std::chrono::milliseconds> next_deadline() const;
  // How many times the loop has waited for events: with nothing to do it
  // waits once per run_once or per wake-up, never in a spin.
  std::uint64_t wait_count() const { return wait_count_; }
  // What the loop holds, for leak checks (the soak test): Timers alive
  // (armed or not) and watched fds. A long-running service comes back to
  // the same counts whenever it is idle.
  std::size_t timer_count() const { return live_timers_; }
  std::size_t fd_watch_count() const { return fd_watches_.size(); }

 private:
  friend class FdWatch;
  friend class Timer;

  EventLoop(const Clock& clock, UniqueFd epoll_fd, UniqueFd timer_fd, UniqueFd signal_fd, UniqueFd wake_fd);

  Status modify_fd(FdState& state, short poll_events);
  void remove_fd(FdState& state);
  void arm_timer(TimerState& timer, std::chrono::milliseconds delay, std::chrono::milliseconds interval);
  void cancel_timer(TimerState& timer);
  void release_timer(TimerState& timer);

  Result<std::size_t> pass(int timeout_ms);
  Status sync_timer_fd();
  std::size_t dispatch_fd(const epoll_event& event);
  std::size_t dispatch_signals();
  std::size_t fire_due_timers();
  std::size_t run_posted_tasks();
  void wake();

  const Clock& clock_;
  const bool simulated_;  // a ManualClock: time moves only when someone moves it
  UniqueFd epoll_fd_;
  UniqueFd timer_fd_;
  UniqueFd signal_fd_;
  UniqueFd wake_fd_;

  std::unordered_map<int, std::shared_ptr<FdState>> fd_watches_;  // by fd
  std::uint32_t last_fd_id_ = 0;

  TimerHeap timers_;
  std::uint64_t last_timer_seq_ = 0;
  std::size_t live_timers_ = 0;
  std::optional<std::chrono::milliseconds> timer_fd_deadline_;  // what the timerfd is armed to
  struct DueTimer {
    std::shared_ptr<TimerState> timer;
    std::uint64_t generation;
  };
  std::vector<DueTimer> due_;  // reused by fire_due_timers

  sigset_t signal_mask_;
  std::map<int, std::function<void(int)>> signal_handlers_;
  std::function<void()> before_wait_;

  std::mutex posted_mutex_;
  std::vector<std::function<void()>> posted_;   // guarded by posted_mutex_
  std::vector<std::function<void()>> running_;  // the batch being run, loop thread only

  std::atomic<bool> exit_requested_{false};
  bool in_pass_ = false;
  std::uint64_t wait_count_ = 0;
  std::array<epoll_event, 64> events_{};
};

}  // namespace chainslip

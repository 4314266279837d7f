#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "core/util/result.h"

namespace chainslip {

class EventLoop;

// One watched file descriptor as the event loop keeps it.
struct FdState {
  int fd = -1;
  std::uint32_t id = 0;  // distinguishes this watch from a later one on the same fd number
  short events = 0;      // poll(2) bits
  std::function<void(short revents)> on_ready;
};

// A file descriptor watched by an EventLoop (EventLoop::add_fd), level-
// triggered like poll(2). Destroying it stops the watch, also from inside a
// callback; no callback for it runs afterwards. Destroy it before closing
// the fd and before the loop. Use it on the loop's thread only.
class FdWatch {
 public:
  FdWatch() = default;  // no watch: only assignment and destruction are valid
  FdWatch(FdWatch&& other) noexcept;
  FdWatch& operator=(FdWatch&& other) noexcept;
  FdWatch(const FdWatch&) = delete;
  FdWatch& operator=(const FdWatch&) = delete;
  ~FdWatch();

  // Changes the watched events (POLLIN, POLLPRI, POLLOUT, POLLRDHUP; POLLERR
  // and POLLHUP are always reported). If the fd number was closed and reused
  // since, the watch moves to the file it names now.
  Status set_events(short poll_events);
  short events() const { return state_ ? state_->events : 0; }
  int fd() const { return state_ ? state_->fd : -1; }

 private:
  friend class EventLoop;
  FdWatch(EventLoop& loop, std::shared_ptr<FdState> state) : loop_(&loop), state_(std::move(state)) {}
  void release();

  EventLoop* loop_ = nullptr;
  std::shared_ptr<FdState> state_;
};

}  // namespace chainslip

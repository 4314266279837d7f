#include "core/event/fd_watch.h"

#include <cassert>
#include <utility>

#include "core/event/event_loop.h"

namespace chainslip {

FdWatch::FdWatch(FdWatch&& other) noexcept
    : loop_(std::exchange(other.loop_, nullptr)), state_(std::move(other.state_)) {}

FdWatch& FdWatch::operator=(FdWatch&& other) noexcept {
  if (this != &other) {
    release();
    loop_ = std::exchange(other.loop_, nullptr);
    state_ = std::move(other.state_);
  }
  return *this;
}

FdWatch::~FdWatch() { release(); }

void FdWatch::release() {
  if (!state_) return;
  loop_->remove_fd(*state_);
  state_.reset();
  loop_ = nullptr;
}

Status FdWatch::set_events(short poll_events) {
  assert(state_);
  return loop_->modify_fd(*state_, poll_events);
}

}  // namespace chainslip

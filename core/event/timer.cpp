#include "core/event/timer.h"

#include <algorithm>
#include <cassert>
#include <utility>

#include "core/event/event_loop.h"

namespace chainslip {

Timer::Timer(Timer&& other) noexcept
    : loop_(std::exchange(other.loop_, nullptr)), state_(std::move(other.state_)) {}

Timer& Timer::operator=(Timer&& other) noexcept {
  if (this != &other) {
    release();
    loop_ = std::exchange(other.loop_, nullptr);
    state_ = std::move(other.state_);
  }
  return *this;
}

Timer::~Timer() { release(); }

void Timer::release() {
  if (!state_) return;
  loop_->release_timer(*state_);
  state_.reset();
  loop_ = nullptr;
}

void Timer::arm(std::chrono::milliseconds delay) {
  assert(state_);
  loop_->arm_timer(*state_, delay, std::chrono::milliseconds{0});
}

void Timer::arm_periodic(std::chrono::milliseconds interval) {
  assert(state_);
  interval = std::max(interval, std::chrono::milliseconds{1});
  loop_->arm_timer(*state_, interval, interval);
}

void Timer::cancel() {
  if (state_) loop_->cancel_timer(*state_);
}

bool Timer::armed() const { return state_ && state_->heap_index != TimerState::kNotQueued; }

}  // namespace chainslip

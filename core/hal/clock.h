#pragma once

#include <chrono>

namespace chainslip {

// Monotonic time, as the event loop, the devices and every timeout see it.
// The service uses SteadyClock; tests and the simulator use ManualClock and
// move time themselves, so nothing waits on the wall clock.
class Clock {
 public:
  virtual ~Clock() = default;
  // Since an arbitrary fixed start.
  virtual std::chrono::milliseconds now() const = 0;
};

class SteadyClock final : public Clock {
 public:
  std::chrono::milliseconds now() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now().time_since_epoch());
  }
};

class ManualClock final : public Clock {
 public:
  std::chrono::milliseconds now() const override { return now_; }
  void advance(std::chrono::milliseconds by) { now_ += by; }

 private:
  std::chrono::milliseconds now_{0};
};

}  // namespace chainslip

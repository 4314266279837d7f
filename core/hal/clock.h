#pragma once

#include <chrono>
#include <cstdint>

namespace chainslip {

// The calendar's time since the Unix epoch, in milliseconds: what
// transactions, journal entries, cache rows and header freshness are stamped
// with. Typed so that seconds and milliseconds cannot be mixed up; convert
// where a count is needed, with the functions below.
using WallTime = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

inline std::uint64_t to_unix_ms(WallTime t) { return static_cast<std::uint64_t>(t.time_since_epoch().count()); }
inline std::uint64_t to_unix_seconds(WallTime t) {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
}
inline WallTime wall_time_from_unix_ms(std::uint64_t ms) {
  return WallTime{std::chrono::milliseconds{static_cast<std::int64_t>(ms)}};
}

// Monotonic time, as the event loop, the devices and every timeout see it,
// and the wall time beside it. The service uses SteadyClock; tests and the
// simulator use ManualClock and move time themselves, so nothing waits on
// the wall clock.
class Clock {
 public:
  virtual ~Clock() = default;
  // Since an arbitrary fixed start.
  virtual std::chrono::milliseconds now() const = 0;
  // The calendar's time; on the real clock it may jump (NTP), so timeouts use now().
  virtual WallTime wall_time() const = 0;
};

class SteadyClock final : public Clock {
 public:
  std::chrono::milliseconds now() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now().time_since_epoch());
  }
  WallTime wall_time() const override {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  }
};

// Simulated time: the wall time starts at `wall_start` and moves with now().
class ManualClock final : public Clock {
 public:
  explicit ManualClock(WallTime wall_start = WallTime{}) : wall_start_(wall_start) {}
  std::chrono::milliseconds now() const override { return now_; }
  WallTime wall_time() const override { return wall_start_ + now_; }
  void advance(std::chrono::milliseconds by) { now_ += by; }

 private:
  WallTime wall_start_;
  std::chrono::milliseconds now_{0};
};

}  // namespace chainslip

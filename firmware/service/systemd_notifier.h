#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/event/event_loop.h"
#include "core/event/timer.h"
#include "core/util/result.h"

namespace chainslip {

// Talks to systemd (sd_notify) when the service runs under it, and does
// nothing otherwise: READY=1 once the service is up, STATUS= lines an
// operator sees in `systemctl status`, and WATCHDOG=1 pings from the event
// loop at half of WatchdogSec — so a wedged loop (not just a dead process)
// gets the service restarted.
class SystemdNotifier {
 public:
  // Arms the watchdog timer on `loop` when systemd asked for one.
  static Result<std::unique_ptr<SystemdNotifier>> create(EventLoop& loop);

  void ready(const std::string& status);
  void status(const std::string& status);
  void stopping();
  // The interval systemd expects pings at, if it asked for any.
  std::optional<std::chrono::microseconds> watchdog_interval() const { return watchdog_; }

 private:
  explicit SystemdNotifier(std::optional<std::chrono::microseconds> watchdog) : watchdog_(watchdog) {}

  std::optional<std::chrono::microseconds> watchdog_;
  std::optional<Timer> ping_;
};

}  // namespace chainslip

#include "firmware/service/systemd_notifier.h"

#include <systemd/sd-daemon.h>

#include <cstdint>

namespace chainslip {

Result<std::unique_ptr<SystemdNotifier>> SystemdNotifier::create(EventLoop& loop) {
  std::uint64_t usec = 0;
  const int enabled = sd_watchdog_enabled(0, &usec);
  std::optional<std::chrono::microseconds> watchdog;
  if (enabled > 0 && usec > 0) watchdog = std::chrono::microseconds(usec);
  std::unique_ptr<SystemdNotifier> notifier(new SystemdNotifier(watchdog));
  if (watchdog) {
    notifier->ping_.emplace(loop.create_timer([] { sd_notify(0, "WATCHDOG=1"); }));
    const auto half = std::chrono::duration_cast<std::chrono::milliseconds>(*watchdog / 2);
    notifier->ping_->arm_periodic(std::max(half, std::chrono::milliseconds(1)));
  }
  return notifier;
}

void SystemdNotifier::ready(const std::string& status) { sd_notify(0, ("READY=1\nSTATUS=" + status).c_str()); }

void SystemdNotifier::status(const std::string& status) { sd_notify(0, ("STATUS=" + status).c_str()); }

void SystemdNotifier::stopping() { sd_notify(0, "STOPPING=1"); }

}  // namespace chainslip

#pragma once

#include <chrono>
#include <optional>
#include <vector>

namespace chainslip {

// A file descriptor a device wants watched, and for what (POLLIN/POLLOUT
// bits as in poll(2)). Devices never block and never own a thread: the
// service's event loop watches these, calls the device's process_events()
// when one is ready or its next_timeout() passes, and the device does the
// work that is due.
struct PollInterest {
  int fd = -1;
  short events = 0;
};

// What a device asks of the event loop.
class Pollable {
 public:
  virtual ~Pollable() = default;
  virtual std::vector<PollInterest> poll_interests() const = 0;
  // When the device wants process_events() at the latest even if no fd is
  // ready (libusb transfer timeouts, reconnect back-off); nullopt: no deadline.
  virtual std::optional<std::chrono::milliseconds> next_timeout() const { return std::nullopt; }
  // Does whatever is ready now; never blocks.
  virtual void process_events() = 0;
};

}  // namespace chainslip

#pragma once

#include <functional>
#include <map>
#include <memory>

#include "core/event/event_loop.h"
#include "core/hal/poll_interest.h"
#include "core/util/result.h"

namespace chainslip {

// Services a Pollable device (core/hal/poll_interest.h) from an EventLoop:
// watches the fds of its poll_interests(), arms a timer for its
// next_timeout(), calls process_events() when either fires, and reads both
// again after every call, because the device's fds come and go (libusb adds
// and removes pollfds as transfers and devices do).
class PollableWatch {
 public:
  using ErrorHandler = std::function<void(const Error&)>;

  // Reads the device's interests and timeout now; an fd the loop cannot
  // watch fails the creation. Later, when that happens after a
  // process_events() call, `on_error` is told and the other fds stay
  // watched; the failed one is tried again after the next call. The loop
  // and the device must outlive the watch.
  static Result<std::unique_ptr<PollableWatch>> create(EventLoop& loop, Pollable& device,
                                                       ErrorHandler on_error);
  PollableWatch(const PollableWatch&) = delete;
  PollableWatch& operator=(const PollableWatch&) = delete;

  // Reads interests and timeout again. Call it whenever the device's wants
  // change outside process_events() (a transfer submitted, libusb's pollfd
  // notifiers), in particular when it closes an fd and opens another.
  // Returns the first fd that could not be watched.
  Status refresh();

 private:
  PollableWatch(EventLoop& loop, Pollable& device, ErrorHandler on_error);
  void service();

  EventLoop& loop_;
  Pollable& device_;
  ErrorHandler on_error_;
  std::map<int, FdWatch> watches_;  // by fd
  Timer timeout_;
};

}  // namespace chainslip

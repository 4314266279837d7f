#include "core/event/pollable_watch.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <utility>

namespace chainslip {

Result<std::unique_ptr<PollableWatch>> PollableWatch::create(EventLoop& loop, Pollable& device,
                                                             ErrorHandler on_error) {
  std::unique_ptr<PollableWatch> watch(new PollableWatch(loop, device, std::move(on_error)));
  CS_RETURN_IF_ERROR(watch->refresh());
  return watch;
}

PollableWatch::PollableWatch(EventLoop& loop, Pollable& device, ErrorHandler on_error)
    : loop_(loop),
      device_(device),
      on_error_(std::move(on_error)),
      timeout_(loop.create_timer([this] { service(); })) {}

void PollableWatch::service() {
  device_.process_events();
  const Status status = refresh();
  if (!status.ok() && on_error_) on_error_(status.error());
}

Status PollableWatch::refresh() {
  // A device may list an fd twice (once per direction): watch it once.
  std::map<int, short> wanted;
  for (const PollInterest& interest : device_.poll_interests()) {
    wanted[interest.fd] = static_cast<short>(wanted[interest.fd] | interest.events);
  }
  std::erase_if(watches_, [&](const auto& entry) { return !wanted.contains(entry.first); });

  Status first_error;
  for (const auto& [fd, events] : wanted) {
    const auto it = watches_.find(fd);
    Status status;
    if (it == watches_.end()) {
      Result<FdWatch> added = loop_.add_fd(fd, events, [this](short) { service(); });
      if (added.ok()) {
        watches_.emplace(fd, std::move(added).value());
      } else {
        status = added.error();
      }
    } else {
      // Also when the events are unchanged: set_events follows the fd
      // number to a new file if the device closed the old one and reused it.
      status = it->second.set_events(events);
    }
    if (!status.ok() && first_error.ok()) first_error = status;
  }

  if (const std::optional<std::chrono::milliseconds> timeout = device_.next_timeout()) {
    timeout_.arm(std::max(*timeout, std::chrono::milliseconds{0}));
  } else {
    timeout_.cancel();
  }
  return first_error;
}

}  // namespace chainslip

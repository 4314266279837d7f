#include "drivers/scanner/hid/evdev_code_scanner.h"

#include <linux/input.h>
#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <fcntl.h>

namespace chainslip {
namespace {

constexpr DeviceNodeKind kInputDevice{"input device", "input"};

}  // namespace

EvdevCodeScanner::EvdevCodeScanner(const Clock& clock, EvdevCodeScannerOptions options)
    : options_(std::move(options)),
      decoder_(options_.codes.max_code_bytes),
      codes_("keyboard-wedge scanner " + options_.device, clock, options_.codes) {}

Status EvdevCodeScanner::open() {
  close();
  CS_ASSIGN_OR_RETURN(fd_, open_device_node(kInputDevice, options_.device, O_RDONLY));
  int version = 0;
  if (xioctl(fd_.get(), EVIOCGVERSION, &version) < 0) {
    const int err = errno;
    close();
    if (err == ENOTTY || err == EINVAL) {
      return make_error(ErrorCode::kInvalidArgument, options_.device + " is not an evdev input device");
    }
    return device_error(kInputDevice, options_.device, "query", err);
  }
  // EVIOCGRAB takes its argument by value, not through the pointer.
  if (xioctl(fd_.get(), EVIOCGRAB, reinterpret_cast<void*>(1)) < 0) {
    const int err = errno;
    close();
    if (err == EBUSY) {
      return make_error(ErrorCode::kBusy,
                        "cannot grab " + options_.device +
                            ": another program grabbed it (stop it, or check the udev rules)");
    }
    return device_error(kInputDevice, options_.device, "grab", err);
  }
  return {};
}

void EvdevCodeScanner::close() {
  // Closing the fd also releases the grab.
  fd_.reset();
  decoder_.reset();
  codes_.clear();
}

Result<std::optional<std::string>> EvdevCodeScanner::take_code() {
  if (!fd_.valid()) return make_error(ErrorCode::kFailedPrecondition, describe() + ": take_code before open");
  while (codes_.empty()) {
    std::array<input_event, 64> events;
    const ssize_t n = ::read(fd_.get(), events.data(), sizeof events);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) break;
      const int err = errno;
      decoder_.reset();
      if (err == ENODEV) return make_error(ErrorCode::kUnavailable, describe() + " was unplugged");
      return device_error(kInputDevice, options_.device, "read", err);
    }
    if (n == 0) break;
    // evdev hands out whole events only.
    const auto count = static_cast<std::size_t>(n) / sizeof(input_event);
    for (std::size_t i = 0; i < count; ++i) {
      codes_.offer_decoded(decoder_.feed(events[i].type, events[i].code, events[i].value));
    }
  }
  return codes_.pop();
}

std::vector<PollInterest> EvdevCodeScanner::poll_interests() const {
  if (!fd_.valid()) return {};
  return {PollInterest{fd_.get(), POLLIN}};
}

}  // namespace chainslip

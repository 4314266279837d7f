#pragma once

#include <string>
#include <utility>

#include "core/util/result.h"
#include "core/util/unique_fd.h"

namespace chainslip {

// What a scanner device node is, for the operator's messages: "camera" at
// /dev/video0 in the "video" group, "input device" in "input", ...
struct DeviceNodeKind {
  const char* noun;
  const char* group;
};

// The one errno -> ErrorCode mapping of the scanner drivers: ENOENT/ENODEV/
// ENXIO -> kUnavailable "no <noun> at <path>", EACCES/EPERM ->
// kPermissionDenied naming the group, EBUSY -> kBusy, anything else
// kUnavailable with strerror. `what` says what was being done.
Error device_error(const DeviceNodeKind& kind, const std::string& path, const std::string& what, int err);

// open(2) with O_CLOEXEC | O_NONBLOCK added; errors as device_error.
Result<UniqueFd> open_device_node(const DeviceNodeKind& kind, const std::string& path, int flags);

// ioctl(2) retried on EINTR; -1 with errno set on failure.
int xioctl(int fd, unsigned long request, void* arg);

}  // namespace chainslip

#include "drivers/scanner/device_node.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace chainslip {

Error device_error(const DeviceNodeKind& kind, const std::string& path, const std::string& what, int err) {
  switch (err) {
    case ENOENT:
    case ENODEV:
    case ENXIO:
      return make_error(ErrorCode::kUnavailable, "no " + std::string(kind.noun) + " at " + path +
                                                     " (unplugged, or another device number?)");
    case EACCES:
    case EPERM:
      return make_error(ErrorCode::kPermissionDenied,
                        "no permission to " + what + " " + path + ": add the kiosk user to the '" +
                            kind.group + "' group or install the udev rule in docs/SCANNERS.md");
    case EBUSY:
      return make_error(ErrorCode::kBusy, "cannot " + what + " " + path + ": another program is using the " +
                                              kind.noun + " (" + std::strerror(err) + ")");
    default:
      return make_error(ErrorCode::kUnavailable, "cannot " + what + " " + path + ": " + std::strerror(err));
  }
}

Result<UniqueFd> open_device_node(const DeviceNodeKind& kind, const std::string& path, int flags) {
  int fd;
  do {
    fd = ::open(path.c_str(), flags | O_CLOEXEC | O_NONBLOCK);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return device_error(kind, path, "open", errno);
  return UniqueFd(fd);
}

int xioctl(int fd, unsigned long request, void* arg) {
  int r;
  do {
    r = ::ioctl(fd, request, arg);
  } while (r < 0 && errno == EINTR);
  return r;
}

}  // namespace chainslip

#include "drivers/scanner/hidraw_code_scanner.h"

#include <sys/ioctl.h>
#include <linux/hidraw.h>
#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <fcntl.h>

namespace chainslip {
namespace {

// hidraw has no group of its own; the udev rule in docs/SCANNERS.md gives
// the scanner's node to "plugdev".
constexpr DeviceNodeKind kHidDevice{"HID device", "plugdev"};

}  // namespace

HidrawCodeScanner::HidrawCodeScanner(const Clock& clock, HidrawCodeScannerOptions options)
    : options_(std::move(options)), codes_("HID POS scanner " + options_.device, clock, options_.codes) {}

Status HidrawCodeScanner::open() {
  close();
  CS_ASSIGN_OR_RETURN(fd_, open_device_node(kHidDevice, options_.device, O_RDONLY));
  int descriptor_size = 0;
  if (xioctl(fd_.get(), HIDIOCGRDESCSIZE, &descriptor_size) < 0) {
    const int err = errno;
    close();
    if (err == ENOTTY || err == EINVAL) {
      return make_error(ErrorCode::kInvalidArgument, options_.device + " is not a hidraw device");
    }
    return device_error(kHidDevice, options_.device, "query", err);
  }
  return {};
}

void HidrawCodeScanner::close() {
  fd_.reset();
  codes_.clear();
}

Result<std::optional<std::string>> HidrawCodeScanner::take_code() {
  if (!fd_.valid()) return make_error(ErrorCode::kFailedPrecondition, describe() + ": take_code before open");
  while (codes_.empty()) {
    // One read returns one report; a buffer larger than any accepted report
    // shows an oversized one as oversized instead of truncating it.
    std::array<std::uint8_t, 256> report;
    const ssize_t n = ::read(fd_.get(), report.data(), report.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) break;
      const int err = errno;
      if (err == ENODEV) return make_error(ErrorCode::kUnavailable, describe() + " was unplugged");
      return device_error(kHidDevice, options_.device, "read", err);
    }
    if (n == 0) break;
    auto code = parse_hid_pos_report(ByteView(report.data(), static_cast<std::size_t>(n)), options_.layout);
    if (code.ok()) {
      codes_.offer(*code);
    } else if (code.code() != ErrorCode::kNotFound) {
      codes_.log_drop(code.error().message);
    }
  }
  return codes_.pop();
}

std::vector<PollInterest> HidrawCodeScanner::poll_interests() const {
  if (!fd_.valid()) return {};
  return {PollInterest{fd_.get(), POLLIN}};
}

}  // namespace chainslip

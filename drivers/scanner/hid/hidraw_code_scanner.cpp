#include "drivers/scanner/hid/hidraw_code_scanner.h"

#include <sys/ioctl.h>
#include <linux/hidraw.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
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
    : clock_(clock),
      options_(std::move(options)),
      reports_(HidPosReassemblerOptions{.layout = options_.layout,
                                        .max_code_bytes = options_.codes.max_code_bytes,
                                        .gap_timeout = options_.report_gap_timeout}),
      codes_("HID POS scanner " + options_.device, clock, options_.codes) {}

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

void HidrawCodeScanner::adopt(UniqueFd fd) {
  close();
  fd_ = std::move(fd);
}

void HidrawCodeScanner::close() {
  fd_.reset();
  reports_.reset();
  codes_.clear();
}

void HidrawCodeScanner::expire_partial_code() {
  if (auto why = reports_.expire(clock_.now())) codes_.log_drop(*why);
}

void HidrawCodeScanner::process_events() { expire_partial_code(); }

std::optional<std::chrono::milliseconds> HidrawCodeScanner::next_timeout() const {
  const std::optional<std::chrono::milliseconds> deadline = reports_.deadline();
  if (!deadline) return std::nullopt;
  return std::max(std::chrono::milliseconds{0}, *deadline - clock_.now());
}

Result<std::optional<std::string>> HidrawCodeScanner::take_code() {
  if (!fd_.valid()) return make_error(ErrorCode::kFailedPrecondition, describe() + ": take_code before open");
  expire_partial_code();
  while (codes_.empty()) {
    // One read returns one report; a buffer larger than any accepted report
    // shows an oversized one as oversized instead of truncating it.
    std::array<std::uint8_t, 256> report;
    const ssize_t n = ::read(fd_.get(), report.data(), report.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) break;
      const int err = errno;
      reports_.reset();
      if (err == ENODEV) return make_error(ErrorCode::kUnavailable, describe() + " was unplugged");
      return device_error(kHidDevice, options_.device, "read", err);
    }
    if (n == 0) break;
    expire_partial_code();
    codes_.offer_decoded(reports_.feed(ByteView(report.data(), static_cast<std::size_t>(n)), clock_.now()));
  }
  return codes_.pop();
}

std::vector<PollInterest> HidrawCodeScanner::poll_interests() const {
  if (!fd_.valid()) return {};
  return {PollInterest{fd_.get(), POLLIN}};
}

}  // namespace chainslip

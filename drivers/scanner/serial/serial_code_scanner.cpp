#include "drivers/scanner/serial/serial_code_scanner.h"

#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <fcntl.h>

#include "drivers/scanner/device_node.h"

namespace chainslip {
namespace {

// Serial ports belong to "dialout" on Debian.
constexpr DeviceNodeKind kSerialDevice{"serial device", "dialout"};

// The line speeds a scanner can be set to, and termios' name for each.
struct LineSpeed {
  std::uint32_t baud;
  speed_t speed;
};
constexpr std::array<LineSpeed, 8> kLineSpeeds{{{1200, B1200},
                                                 {2400, B2400},
                                                 {4800, B4800},
                                                 {9600, B9600},
                                                 {19200, B19200},
                                                 {38400, B38400},
                                                 {57600, B57600},
                                                 {115200, B115200}}};

std::optional<speed_t> speed_of(std::uint32_t baud) {
  for (const LineSpeed& s : kLineSpeeds) {
    if (s.baud == baud) return s.speed;
  }
  return std::nullopt;
}

}  // namespace

bool is_serial_baud(std::uint32_t baud) { return speed_of(baud).has_value(); }

std::string serial_bauds_text() {
  std::string text;
  for (const LineSpeed& s : kLineSpeeds) text += (text.empty() ? "" : ", ") + std::to_string(s.baud);
  return text;
}

SerialCodeScanner::SerialCodeScanner(const Clock& clock, SerialCodeScannerOptions options)
    : clock_(clock),
      options_(std::move(options)),
      lines_(LineReassemblerOptions{.max_code_bytes = options_.codes.max_code_bytes,
                                    .gap_timeout = options_.line_gap_timeout}),
      codes_("serial scanner " + options_.device, clock, options_.codes) {}

Status SerialCodeScanner::open() {
  close();
  const std::optional<speed_t> speed = speed_of(options_.baud);
  if (!speed) {
    return make_error(ErrorCode::kInvalidArgument, "a serial scanner cannot run at " +
                                                       std::to_string(options_.baud) + " baud (" +
                                                       serial_bauds_text() + "; 9600 is the scanners' default)");
  }
  // O_NOCTTY: the scanner's port never becomes the daemon's controlling terminal.
  CS_ASSIGN_OR_RETURN(fd_, open_device_node(kSerialDevice, options_.device, O_RDWR | O_NOCTTY));
  termios tty{};
  if (::tcgetattr(fd_.get(), &tty) < 0) {
    const int err = errno;
    close();
    if (err == ENOTTY || err == EINVAL) {
      return make_error(ErrorCode::kInvalidArgument, options_.device + " is not a serial device (a tty)");
    }
    return device_error(kSerialDevice, options_.device, "query", err);
  }
  ::cfmakeraw(&tty);
  tty.c_cflag |= CLOCAL | CREAD;  // no modem lines: a scanner has none
  // cfmakeraw's VMIN 1, VTIME 0: with O_NONBLOCK a read with nothing to
  // read fails with EAGAIN, so 0 bytes means only a hang-up (VMIN 0 would
  // read 0 bytes whenever the line is quiet).
  ::cfsetispeed(&tty, *speed);
  ::cfsetospeed(&tty, *speed);
  if (::tcsetattr(fd_.get(), TCSANOW, &tty) < 0) {
    const int err = errno;
    close();
    return device_error(kSerialDevice, options_.device, "set up", err);
  }
  // What the scanner sent before we listened is no patient's scan now.
  ::tcflush(fd_.get(), TCIFLUSH);
  return {};
}

void SerialCodeScanner::close() {
  fd_.reset();
  lines_.reset();
  codes_.clear();
}

void SerialCodeScanner::expire_partial_line() {
  if (auto why = lines_.expire(clock_.now())) codes_.log_drop(*why);
}

void SerialCodeScanner::process_events() { expire_partial_line(); }

std::optional<std::chrono::milliseconds> SerialCodeScanner::next_timeout() const {
  const std::optional<std::chrono::milliseconds> deadline = lines_.deadline();
  if (!deadline) return std::nullopt;
  return std::max(std::chrono::milliseconds{0}, *deadline - clock_.now());
}

Result<std::optional<std::string>> SerialCodeScanner::take_code() {
  if (!fd_.valid()) return make_error(ErrorCode::kFailedPrecondition, describe() + ": take_code before open");
  expire_partial_line();
  while (codes_.empty()) {
    std::array<std::uint8_t, 512> bytes;
    const ssize_t n = ::read(fd_.get(), bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) break;
    // A tty that hung up reads as end of file or EIO, and polls ready for
    // ever: closed here, so the loop does not spin on it.
    if (n <= 0) {
      const int err = n == 0 ? EIO : errno;
      close();
      if (err == EIO || err == ENODEV) return make_error(ErrorCode::kUnavailable, describe() + " was unplugged");
      return device_error(kSerialDevice, options_.device, "read", err);
    }
    for (Result<std::string>& code : lines_.feed(ByteView(bytes.data(), static_cast<std::size_t>(n)), clock_.now())) {
      if (code.ok()) {
        codes_.offer(*code);
      } else {
        codes_.log_drop(code.error().message);
      }
    }
  }
  return codes_.pop();
}

std::vector<PollInterest> SerialCodeScanner::poll_interests() const {
  if (!fd_.valid()) return {};
  return {PollInterest{fd_.get(), POLLIN}};
}

}  // namespace chainslip

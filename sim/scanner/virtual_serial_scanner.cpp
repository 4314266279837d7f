#include "sim/scanner/virtual_serial_scanner.h"

#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace chainslip::sim {
namespace {

Error os_error(const std::string& what) {
  return make_error(ErrorCode::kUnavailable, what + ": " + std::strerror(errno));
}

}  // namespace

Result<std::unique_ptr<VirtualSerialScanner>> VirtualSerialScanner::open(std::string link) {
  UniqueFd master(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK));
  if (!master.valid()) return os_error("cannot open a pseudo-terminal");
  if (::grantpt(master.get()) < 0 || ::unlockpt(master.get()) < 0) return os_error("cannot unlock the pseudo-terminal");
  const char* name = ::ptsname(master.get());
  if (name == nullptr) return os_error("cannot name the pseudo-terminal");
  std::string tty_path = name;
  UniqueFd tty(::open(tty_path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK));
  if (!tty.valid()) return os_error("cannot open " + tty_path);
  // Raw, as chainslipd sets it too: no echo back into the scanner, CR kept.
  termios mode{};
  if (::tcgetattr(tty.get(), &mode) < 0) return os_error("cannot read the mode of " + tty_path);
  ::cfmakeraw(&mode);
  if (::tcsetattr(tty.get(), TCSANOW, &mode) < 0) return os_error("cannot set " + tty_path + " raw");
  if (!link.empty()) {
    std::error_code ec;
    if (std::filesystem::is_symlink(link, ec)) std::filesystem::remove(link, ec);
    std::filesystem::create_symlink(tty_path, link, ec);
    if (ec) return make_error(ErrorCode::kUnavailable, "cannot link " + link + " to " + tty_path + ": " + ec.message());
  }
  return std::unique_ptr<VirtualSerialScanner>(
      new VirtualSerialScanner(std::move(master), std::move(tty), std::move(tty_path), std::move(link)));
}

VirtualSerialScanner::VirtualSerialScanner(UniqueFd scanner_end, UniqueFd tty, std::string tty_path,
                                           std::string link)
    : scanner_end_(std::move(scanner_end)),
      tty_(std::move(tty)),
      tty_path_(std::move(tty_path)),
      link_(std::move(link)) {}

VirtualSerialScanner::~VirtualSerialScanner() {
  if (link_.empty()) return;
  std::error_code ec;
  if (std::filesystem::read_symlink(link_, ec) == tty_path_) std::filesystem::remove(link_, ec);
}

Status VirtualSerialScanner::scan(std::string_view code) {
  if (code.empty() || code.size() > kMaxScanBytes) {
    return make_error(ErrorCode::kInvalidArgument,
                      "a scan is 1 to " + std::to_string(kMaxScanBytes) + " bytes, not " + std::to_string(code.size()));
  }
  if (code.find_first_of("\r\n") != std::string_view::npos) {
    return make_error(ErrorCode::kInvalidArgument, "a scan has no line break (the scanner's suffix ends it)");
  }
  std::string line(code);
  line += '\r';
  std::lock_guard lock(mu_);
  std::size_t sent = 0;
  while (sent < line.size()) {
    const ssize_t n = ::write(scanner_end_.get(), line.data() + sent, line.size() - sent);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      // Half a scan stays in the tty: the kiosk drops it once no end of line comes.
      return make_error(ErrorCode::kUnavailable, tty_path_ + " is full: is chainslipd reading it?");
    }
    if (n < 0) return os_error("cannot write to " + tty_path_);
    sent += static_cast<std::size_t>(n);
  }
  return {};
}

}  // namespace chainslip::sim

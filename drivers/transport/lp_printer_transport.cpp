#include "drivers/transport/lp_printer_transport.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "drivers/transport/nonblocking_write.h"
#include "drivers/transport/usb_error.h"

namespace chainslip {
namespace {

constexpr int kOpenFlags = O_NONBLOCK | O_CLOEXEC | O_NOCTTY;

// Errors of an O_RDWR open that an O_WRONLY open might not have.
bool refuses_reads(int error) {
  return error == EACCES || error == EPERM || error == EROFS || error == EINVAL;
}

}  // namespace

Error lp_open_error(const std::string& path, int error) {
  switch (error) {
    case ENOENT:
      return make_error(ErrorCode::kUnavailable, "no printer at " + path +
                                                     ": is it plugged in and powered, is the usblp module "
                                                     "loaded (modprobe usblp)?");
    case ENODEV:
    case ENXIO:
      return make_error(ErrorCode::kUnavailable, "no printer at " + path + " (" + std::strerror(error) +
                                                     "): is it plugged in and powered?");
    case EACCES:
    case EPERM:
      return make_error(
          ErrorCode::kPermissionDenied,
          "permission denied opening " + path +
              ": add the service user to the lp group (sudo usermod -aG lp chainslip, then restart "
              "the service) and install firmware/udev/60-chainslip-printer.rules as " +
              std::string(kPrinterUdevRule) +
              " (then sudo udevadm control --reload && sudo udevadm trigger)");
    case EBUSY:
      return make_error(ErrorCode::kBusy, path +
                                              " is busy: another program has it open (CUPS? see "
                                              "sudo fuser -v " +
                                              path + ")");
    default:
      return make_error(ErrorCode::kUnavailable, "cannot open printer " + path + ": " + std::strerror(error));
  }
}

LpPrinterTransport::~LpPrinterTransport() { close(); }

Status LpPrinterTransport::open() {
  if (fd_.valid()) return {};
  close();
  fd_ = UniqueFd(::open(path_.c_str(), O_RDWR | kOpenFlags));
  readable_ = fd_.valid();
  if (!fd_.valid() && refuses_reads(errno)) fd_ = UniqueFd(::open(path_.c_str(), O_WRONLY | kOpenFlags));
  if (!fd_.valid()) return lp_open_error(path_, errno);
  // Only a character device is a printer: a regular file (a mistyped
  // address, the journal) must never get status queries written into it.
  struct stat st {};
  if (::fstat(fd_.get(), &st) != 0 || !S_ISCHR(st.st_mode)) {
    close();
    return make_error(ErrorCode::kFailedPrecondition,
                      path_ +
                          " is not a printer device (not a character device; a USB printer is /dev/usb/lpN): "
                          "nothing was written to it");
  }
  return {};
}

void LpPrinterTransport::close() {
  fd_.reset();
  readable_ = false;
  short_write_ = false;
  lost_.reset();
  received_.clear();
}

Error LpPrinterTransport::link_error(int error) const {
  if (error == ENODEV || error == EIO) {
    return make_error(ErrorCode::kUnavailable, "printer lp " + path_ + " is gone (" + std::strerror(error) +
                                                   "): unplugged, switched off, or a bad cable?");
  }
  return make_error(ErrorCode::kUnavailable, "printer lp " + path_ + " failed: " + std::strerror(error));
}

Error LpPrinterTransport::hang_up_error() const {
  return make_error(ErrorCode::kUnavailable, "printer lp " + path_ + " hung up: unplugged or switched off?");
}

void LpPrinterTransport::lose(Error error) {
  // received_ stays: read_some() still hands out what came before the loss.
  fd_.reset();
  readable_ = false;
  short_write_ = false;
  lost_ = std::move(error);
}

Error LpPrinterTransport::not_usable() const {
  if (lost_) return *lost_;
  return make_error(ErrorCode::kFailedPrecondition, "printer lp " + path_ + " is not open (open() it first)");
}

bool LpPrinterTransport::hung_up() const {
  pollfd p{fd_.get(), 0, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR)) != 0;
}

Result<std::size_t> LpPrinterTransport::write_some(ByteView data) {
  if (!fd_.valid()) return not_usable();
  if (data.empty()) return std::size_t{0};
  const NonblockingWrite w =
      write_nonblocking(data, [fd = fd_.get()](const void* p, std::size_t n) { return ::write(fd, p, n); });
  if (w.error != 0) {
    lose(link_error(w.error));
    return *lost_;
  }
  short_write_ = w.short_write;
  return w.written;
}

void LpPrinterTransport::receive() {
  std::array<std::uint8_t, 1024> buf;
  while (fd_.valid() && readable_) {
    const ssize_t n = ::read(fd_.get(), buf.data(), buf.size());
    if (n > 0) {
      received_.append(ByteView(buf.data(), static_cast<std::size_t>(n)));
      continue;
    }
    if (n == 0) {
      // usblp returns 0 for an empty status packet; a pty or a gone device
      // also says so by hanging up.
      if (hung_up()) lose(hang_up_error());
      return;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return;
    if (errno == EINVAL) {
      readable_ = false;  // usblp: the printer's interface is unidirectional, no status
      return;
    }
    lose(link_error(errno));
  }
}

Result<Bytes> LpPrinterTransport::read_some() {
  receive();
  // What arrived before the link went is still the printer's last word.
  if (!received_.empty()) return received_.take();
  if (!fd_.valid()) return not_usable();
  return Bytes{};
}

std::vector<PollInterest> LpPrinterTransport::poll_interests() const {
  if (!fd_.valid()) return {};
  return {PollInterest{fd_.get(), static_cast<short>((readable_ ? POLLIN : 0) | (short_write_ ? POLLOUT : 0))}};
}

void LpPrinterTransport::process_events() {
  receive();
  if (!fd_.valid()) return;
  pollfd p{fd_.get(), POLLOUT, 0};
  if (::poll(&p, 1, 0) != 1) return;
  if ((p.revents & (POLLHUP | POLLERR)) != 0 && !readable_) {
    lose(hang_up_error());
    return;
  }
  if ((p.revents & POLLOUT) != 0) short_write_ = false;
}

}  // namespace chainslip

#include "drivers/transport/tcp_printer_transport.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "drivers/transport/nonblocking_write.h"

namespace chainslip {
namespace {

// Keepalive probes notice a printer that vanished while the link is idle
// (~25 s); they are answered even while a paper-out printer reads nothing.
constexpr int kKeepIdleSeconds = 10;
constexpr int kKeepIntervalSeconds = 5;
constexpr int kKeepCount = 3;

void set_int_option(int fd, int level, int option, int value) {
  // Best effort: the connection works without these, only less well.
  [[maybe_unused]] const int r = ::setsockopt(fd, level, option, &value, sizeof value);
}

}  // namespace

TcpPrinterTransport::TcpPrinterTransport(TcpPrinterAddress address, Options options)
    : address_(std::move(address)), options_(options) {}

TcpPrinterTransport::~TcpPrinterTransport() { close(); }

std::string TcpPrinterTransport::describe() const { return "tcp " + name(); }

std::chrono::milliseconds TcpPrinterTransport::now() const {
  return (options_.clock != nullptr ? *options_.clock : static_cast<const Clock&>(steady_)).now();
}

Error TcpPrinterTransport::connect_error(int error) const {
  const std::string reason = std::strerror(error);
  switch (error) {
    case ECONNREFUSED:
      return make_error(ErrorCode::kUnavailable,
                        "printer tcp " + name() +
                            " refused the connection: is the printer switched on, and "
                            "its raw port (9100, JetDirect) enabled?");
    case ENETUNREACH:
    case EHOSTUNREACH:
    case ENETDOWN:
    case EHOSTDOWN:
      return make_error(ErrorCode::kUnavailable, "printer tcp " + name() + " is unreachable (" + reason +
                                                     "): check the network cable and the printer's address");
    case ETIMEDOUT:
      return make_error(ErrorCode::kUnavailable, "printer tcp " + name() + " did not answer (" + reason +
                                                     "): is it switched on and on this network?");
    default:
      return make_error(ErrorCode::kUnavailable, "cannot connect to printer tcp " + name() + ": " + reason);
  }
}

Status TcpPrinterTransport::open() {
  if (state_ == State::kConnecting || state_ == State::kConnected) return {};
  close();
  return start_connect();
}

Status TcpPrinterTransport::start_connect() {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int gai = ::getaddrinfo(address_.host.c_str(), std::to_string(address_.port).c_str(), &hints, &found);
  if (gai != 0 || found == nullptr) {
    return make_error(ErrorCode::kUnavailable, "cannot resolve the printer's host name in tcp " + name() +
                                                   " (" + ::gai_strerror(gai) +
                                                   "): check the name, or use the printer's IPv4 address");
  }
  sockaddr_in peer{};
  std::memcpy(&peer, found->ai_addr, sizeof peer);
  ::freeaddrinfo(found);

  fd_ = UniqueFd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd_.valid()) {
    return make_error(ErrorCode::kUnavailable,
                      "cannot make a socket for printer tcp " + name() + ": " + std::strerror(errno));
  }
  set_int_option(fd_.get(), IPPROTO_TCP, TCP_NODELAY, 1);  // status queries must not wait for Nagle
  set_int_option(fd_.get(), SOL_SOCKET, SO_KEEPALIVE, 1);
  set_int_option(fd_.get(), IPPROTO_TCP, TCP_KEEPIDLE, kKeepIdleSeconds);
  set_int_option(fd_.get(), IPPROTO_TCP, TCP_KEEPINTVL, kKeepIntervalSeconds);
  set_int_option(fd_.get(), IPPROTO_TCP, TCP_KEEPCNT, kKeepCount);
  if (::connect(fd_.get(), reinterpret_cast<const sockaddr*>(&peer), sizeof peer) == 0) {
    state_ = State::kConnected;
    return {};
  }
  if (errno == EINPROGRESS) {
    state_ = State::kConnecting;
    connect_deadline_ = now() + options_.connect_timeout;
    return {};
  }
  const Error error = connect_error(errno);
  close();
  return error;
}

void TcpPrinterTransport::close() {
  fd_.reset();
  state_ = State::kClosed;
  lost_.reset();
  short_write_ = false;
  received_.clear();
}

bool TcpPrinterTransport::is_open() const {
  return state_ == State::kConnecting || state_ == State::kConnected;
}

void TcpPrinterTransport::check_connect() {
  if (state_ != State::kConnecting) return;
  pollfd p{fd_.get(), POLLOUT, 0};
  if (::poll(&p, 1, 0) == 1) {
    int error = 0;
    socklen_t len = sizeof error;
    if (::getsockopt(fd_.get(), SOL_SOCKET, SO_ERROR, &error, &len) != 0) error = errno;
    if (error == 0) {
      state_ = State::kConnected;
      return;
    }
    lose(connect_error(error));
    return;
  }
  if (now() >= connect_deadline_) {
    lose(make_error(ErrorCode::kUnavailable, "printer tcp " + name() + " did not answer within " +
                                                 std::to_string(options_.connect_timeout.count()) +
                                                 " ms: is it switched on and on this network?"));
  }
}

void TcpPrinterTransport::receive() {
  std::array<std::uint8_t, 4096> buf;
  while (state_ == State::kConnected) {
    const ssize_t n = ::recv(fd_.get(), buf.data(), buf.size(), MSG_DONTWAIT);
    if (n > 0) {
      received_.append(ByteView(buf.data(), static_cast<std::size_t>(n)));
    } else if (n == 0) {
      lose(make_error(ErrorCode::kUnavailable,
                      "printer tcp " + name() + " closed the connection (switched off or restarted?)"));
    } else if (errno != EINTR) {
      if (errno != EAGAIN && errno != EWOULDBLOCK) lose(link_error(errno));
      return;
    }
  }
}

Error TcpPrinterTransport::link_error(int error) const {
  if (error == ECONNRESET || error == EPIPE) {
    return make_error(ErrorCode::kUnavailable, "the connection to printer tcp " + name() +
                                                   " was reset (the printer restarted, or was unplugged)");
  }
  return make_error(ErrorCode::kUnavailable,
                    "the connection to printer tcp " + name() + " failed: " + std::strerror(error));
}

void TcpPrinterTransport::lose(Error error) {
  fd_.reset();
  state_ = State::kLost;
  lost_ = std::move(error);
  short_write_ = false;
}

Error TcpPrinterTransport::not_usable() const {
  if (state_ == State::kLost) return *lost_;
  return make_error(ErrorCode::kFailedPrecondition,
                    "printer tcp " + name() + " is not open (open() it first)");
}

Result<std::size_t> TcpPrinterTransport::write_some(ByteView data) {
  check_connect();
  if (state_ == State::kConnecting) return std::size_t{0};
  if (state_ != State::kConnected) return not_usable();
  if (data.empty()) return std::size_t{0};
  const NonblockingWrite w = write_nonblocking(data, [fd = fd_.get()](const void* p, std::size_t n) {
    return ::send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
  });
  if (w.error != 0) {
    lose(link_error(w.error));
    return *lost_;
  }
  short_write_ = w.short_write;
  return w.written;
}

Result<Bytes> TcpPrinterTransport::read_some() {
  check_connect();
  receive();
  // What arrived before the link went is still the printer's last word.
  if (!received_.empty()) return received_.take();
  if (state_ == State::kConnecting || state_ == State::kConnected) return Bytes{};
  return not_usable();
}

std::vector<PollInterest> TcpPrinterTransport::poll_interests() const {
  if (!fd_.valid()) return {};
  const bool want_out = state_ == State::kConnecting || short_write_;
  return {PollInterest{fd_.get(), static_cast<short>(POLLIN | (want_out ? POLLOUT : 0))}};
}

std::optional<std::chrono::milliseconds> TcpPrinterTransport::next_timeout() const {
  if (state_ != State::kConnecting) return std::nullopt;
  return std::max(std::chrono::milliseconds{0}, connect_deadline_ - now());
}

void TcpPrinterTransport::process_events() {
  check_connect();
  receive();
  if (short_write_ && state_ == State::kConnected) {
    // Writable again: the driver's next write_some() will take more.
    pollfd p{fd_.get(), POLLOUT, 0};
    if (::poll(&p, 1, 0) == 1) short_write_ = false;
  }
}

}  // namespace chainslip

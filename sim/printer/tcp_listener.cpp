#include "sim/printer/tcp_listener.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace chainslip::sim {
namespace {

constexpr int kPollMs = 5;  // how soon replies from fault changes and ASB go out

Error sys_error(const std::string& what) {
  return make_error(ErrorCode::kUnavailable, what + ": " + std::strerror(errno));
}

bool send_all(int fd, ByteView data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data = data.subspan(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<TcpPrinterListener>> TcpPrinterListener::start(VirtualPrinter& printer,
                                                                       const Options& options) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return sys_error("socket");
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(options.port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 4) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    Error e = sys_error("listen on 127.0.0.1:" + std::to_string(options.port));
    ::close(fd);
    return e;
  }
  const int wake = ::eventfd(0, EFD_CLOEXEC);
  if (wake < 0) {
    Error e = sys_error("eventfd");
    ::close(fd);
    return e;
  }
  auto listener = std::unique_ptr<TcpPrinterListener>(
      new TcpPrinterListener(printer, options, fd, wake, ntohs(addr.sin_port)));
  listener->thread_ = std::thread([l = listener.get()] { l->run(); });
  return listener;
}

TcpPrinterListener::TcpPrinterListener(VirtualPrinter& printer, const Options& options, int listen_fd,
                                       int wake_fd, std::uint16_t port)
    : printer_(printer), options_(options), listen_fd_(listen_fd), wake_fd_(wake_fd), port_(port) {}

TcpPrinterListener::~TcpPrinterListener() {
  stop();
  ::close(listen_fd_);
  ::close(wake_fd_);
}

void TcpPrinterListener::stop() {
  if (!thread_.joinable()) return;
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
  thread_.join();
}

void TcpPrinterListener::run() {
  int client = -1;
  auto last = std::chrono::steady_clock::now();
  for (;;) {
    std::array<pollfd, 2> fds{{{wake_fd_, POLLIN, 0}, {client >= 0 ? client : listen_fd_, POLLIN, 0}}};
    // With the printer's buffer full, leave the client's bytes in the socket.
    const nfds_t count = client >= 0 && printer_.buffer_free() == 0 ? 1 : 2;
    ::poll(fds.data(), count, kPollMs);
    if (options_.real_time_clock) {
      const auto now = std::chrono::steady_clock::now();
      printer_.advance(std::chrono::duration_cast<std::chrono::milliseconds>(now - last));
      last += std::chrono::duration_cast<std::chrono::milliseconds>(now - last);
    }
    if (fds[0].revents != 0) break;
    if (count == 2 && fds[1].revents != 0) {
      if (client < 0) {
        client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client >= 0 && !printer_.link_up()) {
          ::close(client);
          client = -1;
        }
      } else if (!serve(client)) {
        ::close(client);
        client = -1;
      }
    }
    const Bytes replies = printer_.take_replies();
    if (client >= 0 && !replies.empty() && !send_all(client, replies)) {
      ::close(client);
      client = -1;
    }
  }
  if (client >= 0) ::close(client);
}

bool TcpPrinterListener::serve(int client) {
  std::array<std::uint8_t, 4096> buf;
  const std::size_t room = std::min(buf.size(), printer_.buffer_free());
  const ssize_t n = ::recv(client, buf.data(), room, 0);
  if (n < 0 && errno == EINTR) return true;
  if (n <= 0) return false;
  printer_.receive(ByteView(buf.data(), static_cast<std::size_t>(n)));
  if (printer_.link_up()) return true;
  // Cable pulled: whatever the printer did not take is gone, and the host
  // sees the connection reset.
  const linger hard{1, 0};
  ::setsockopt(client, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  return false;
}

}  // namespace chainslip::sim

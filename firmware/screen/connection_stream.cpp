#include "firmware/screen/connection_stream.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace chainslip {
namespace {

// poll() for one event until `deadline`, through EINTR. True when it came.
bool poll_until(int fd, short event, ConnectionStream::Clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - ConnectionStream::Clock::now());
    pollfd p{fd, event, 0};
    const int n = ::poll(&p, 1, static_cast<int>(std::max<std::chrono::milliseconds::rep>(left.count(), 0)));
    if (n > 0) return true;  // the event, or an error/hangup the next call reports
    if (n == 0 || errno != EINTR) return false;
  }
}

void address_of(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  auto* sa = reinterpret_cast<sockaddr*>(&addr);
  ip.clear();
  port = 0;
  if ((peer ? ::getpeername(fd, sa, &len) : ::getsockname(fd, sa, &len)) != 0) return;
  std::array<char, NI_MAXHOST> host{};
  std::array<char, NI_MAXSERV> serv{};
  if (::getnameinfo(sa, len, host.data(), host.size(), serv.data(), serv.size(), NI_NUMERICHOST | NI_NUMERICSERV) !=
      0) {
    return;
  }
  ip = host.data();
  port = std::atoi(serv.data());
}

}  // namespace

ConnectionStream::ConnectionStream(int fd, std::chrono::milliseconds write_timeout, std::function<void()> on_answer)
    : fd_(fd), write_timeout_(write_timeout), on_answer_(std::move(on_answer)), deadline_(Clock::now()) {}

bool ConnectionStream::wait_for_request(std::chrono::milliseconds idle) {
  if (begin_ < end_) return true;  // a pipelined request is here already
  if (!poll_until(fd_, POLLIN, Clock::now() + idle)) return false;
  char byte;
  return ::recv(fd_, &byte, 1, MSG_PEEK) > 0;  // not the peer closing (or a shed socket)
}

void ConnectionStream::begin_request(Clock::time_point deadline) {
  deadline_ = deadline;
  answering_ = false;
  timed_out_ = false;
}

bool ConnectionStream::wait_readable_until(Clock::time_point deadline) const {
  return begin_ < end_ || poll_until(fd_, POLLIN, deadline);
}

bool ConnectionStream::is_readable() const { return wait_readable_until(deadline_); }

bool ConnectionStream::is_writable() const { return poll_until(fd_, POLLOUT, Clock::now() + write_timeout_); }

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (begin_ == end_) {
    if (!wait_readable_until(deadline_)) {
      timed_out_ = Clock::now() >= deadline_;
      return -1;
    }
    ssize_t n;
    do {
      n = ::recv(fd_, buffer_.data(), buffer_.size(), 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return n;
    begin_ = 0;
    end_ = static_cast<std::size_t>(n);
  }
  const std::size_t n = std::min(size, end_ - begin_);
  std::memcpy(ptr, buffer_.data() + begin_, n);
  begin_ += n;
  return static_cast<ssize_t>(n);
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  if (!answering_) {
    answering_ = true;
    on_answer_();
  }
  if (!is_writable()) return -1;
  ssize_t n;
  do {
    n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return n;
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const { address_of(fd_, true, ip, port); }

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const { address_of(fd_, false, ip, port); }

}  // namespace chainslip

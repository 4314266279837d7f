#pragma once

#include <httplib.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

namespace chainslip {

// One accepted connection of the kiosk screen, as cpp-httplib reads and writes
// it (an httplib::Stream over the socket). Unlike httplib's own stream, whose
// read timeout restarts with every byte (a slowloris client sending one byte a
// second keeps a thread for ever), a request here has a deadline for all of
// it: request line, headers and body. Reads are buffered (httplib reads the
// head a byte at a time).
class ConnectionStream final : public httplib::Stream {
 public:
  using Clock = std::chrono::steady_clock;

  // `on_answer` runs at the first write of each request's answer: from then
  // on the connection is busy, not waiting.
  ConnectionStream(int fd, std::chrono::milliseconds write_timeout, std::function<void()> on_answer);

  // Waits up to `idle` for the next request to begin. False: the peer closed,
  // the socket was shed, or `idle` passed.
  bool wait_for_request(std::chrono::milliseconds idle);
  // Reads for this request fail once `deadline` passes.
  void begin_request(Clock::time_point deadline);
  // This request's time ran out before all of it was read.
  bool timed_out() const { return timed_out_; }

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return fd_; }

 private:
  bool wait_readable_until(Clock::time_point deadline) const;

  const int fd_;
  const std::chrono::milliseconds write_timeout_;
  const std::function<void()> on_answer_;
  Clock::time_point deadline_;
  bool answering_ = false;
  bool timed_out_ = false;
  std::array<char, 4096> buffer_{};
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
};

}  // namespace chainslip

#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "core/hal/clock.h"
#include "core/hal/printer_transport.h"
#include "core/util/unique_fd.h"
#include "drivers/transport/printer_address.h"
#include "drivers/transport/received_bytes.h"

namespace chainslip {

// A network printer's raw TCP port (9100, "JetDirect"): bytes in, status
// bytes back, TCP's own flow control pacing the host.
//
// open() resolves the host (getaddrinfo: an IPv4 literal never blocks, a
// name may wait for DNS, so kiosks should use a literal or /etc/hosts) and
// starts a non-blocking connect; the event loop finishes it (POLLOUT) or
// next_timeout() ends it after Options::connect_timeout. A refusal,
// unreachable host or timeout noticed after open() returned makes is_open()
// false and write_some()/read_some() return kUnavailable naming host:port.
// While connecting, write_some() takes 0 bytes. open() again reconnects.
class TcpPrinterTransport final : public PrinterTransport {
 public:
  struct Options {
    std::chrono::milliseconds connect_timeout{3000};
    const Clock* clock = nullptr;  // nullptr: the steady clock
  };

  TcpPrinterTransport(TcpPrinterAddress address, Options options);
  explicit TcpPrinterTransport(TcpPrinterAddress address)
      : TcpPrinterTransport(std::move(address), Options{}) {}
  ~TcpPrinterTransport() override;
  TcpPrinterTransport(const TcpPrinterTransport&) = delete;
  TcpPrinterTransport& operator=(const TcpPrinterTransport&) = delete;

  std::string describe() const override;  // "tcp 10.0.0.5:9100"
  Status open() override;
  void close() override;
  bool is_open() const override;
  // The connection is up (not just being made).
  bool connected() const { return state_ == State::kConnected; }
  Result<std::size_t> write_some(ByteView data) override;
  Result<Bytes> read_some() override;

  // POLLIN always; POLLOUT while connecting or after a short write.
  std::vector<PollInterest> poll_interests() const override;
  // While connecting: until the connect timeout.
  std::optional<std::chrono::milliseconds> next_timeout() const override;
  void process_events() override;

 private:
  enum class State { kClosed, kConnecting, kConnected, kLost };

  std::chrono::milliseconds now() const;
  Status start_connect();
  // Finishes or fails a connect in progress, if it is done or overdue.
  void check_connect();
  // Moves what the printer sent into received_; notices a closed peer.
  void receive();
  void lose(Error error);
  Error connect_error(int error) const;  // errno of a failed connect
  Error link_error(int error) const;     // errno of a failed send/recv
  Error not_usable() const;
  std::string name() const { return address_.host + ":" + std::to_string(address_.port); }

  const TcpPrinterAddress address_;
  const Options options_;
  const SteadyClock steady_;
  UniqueFd fd_;
  State state_ = State::kClosed;
  std::optional<Error> lost_;  // why, in kLost
  std::chrono::milliseconds connect_deadline_{0};
  bool short_write_ = false;
  ReceivedBytes received_;
};

}  // namespace chainslip

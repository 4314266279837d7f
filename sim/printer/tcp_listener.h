#pragma once

#include <cstdint>
#include <memory>
#include <thread>

#include "core/util/result.h"
#include "sim/printer/virtual_printer.h"

namespace chainslip::sim {

// A raw TCP ("port 9100", JetDirect-style) front for a VirtualPrinter on
// 127.0.0.1: bytes read from the client go to the printer, its replies go
// back. One client at a time; others wait in the backlog. Runs its own
// thread (poll); stop() or the destructor ends it cleanly.
//
// Like a network printer, it reads only as much as the printer's buffer has
// room for, so TCP flow control paces the host and nothing overflows on this
// transport. When the printer is unplugged (VirtualPrinter::unplug_after) it
// drops the connection, and refuses new ones until replugged.
class TcpPrinterListener {
 public:
  struct Options {
    std::uint16_t port = 9100;     // 0: an ephemeral port, see port()
    bool real_time_clock = false;  // advance the printer's clock by wall time
  };

  static Result<std::unique_ptr<TcpPrinterListener>> start(VirtualPrinter& printer, const Options& options);
  ~TcpPrinterListener();
  TcpPrinterListener(const TcpPrinterListener&) = delete;
  TcpPrinterListener& operator=(const TcpPrinterListener&) = delete;

  std::uint16_t port() const { return port_; }
  void stop();

 private:
  TcpPrinterListener(VirtualPrinter& printer, const Options& options, int listen_fd, int wake_fd,
                     std::uint16_t port);
  void run();
  // Reads what the printer has room for; false when the client is gone.
  bool serve(int client);

  VirtualPrinter& printer_;
  const Options options_;
  int listen_fd_;
  int wake_fd_;  // eventfd: stop() wakes the thread through it
  std::uint16_t port_;
  std::thread thread_;
};

}  // namespace chainslip::sim

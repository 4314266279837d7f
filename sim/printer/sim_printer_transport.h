#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/hal/printer_transport.h"
#include "sim/printer/in_process_link.h"
#include "sim/printer/virtual_printer.h"

namespace chainslip::sim {

// PrinterTransport over a VirtualPrinter in the same process: the simulated
// kiosk's printer cable. Like USB it has no flow control (a host that writes
// faster than the printer prints loses bytes in the printer) and no fd: the
// driver looks for replies every `reply_poll` while the link is open.
// VirtualPrinter::unplug_after drops it (kUnavailable); after replug() open()
// works again.
class SimPrinterTransport final : public PrinterTransport {
 public:
  explicit SimPrinterTransport(VirtualPrinter& printer,
                               std::chrono::milliseconds reply_poll = std::chrono::milliseconds(5))
      : printer_(printer), link_(printer), reply_poll_(reply_poll) {}

  std::string describe() const override { return "sim in-process"; }
  Status open() override;
  void close() override {
    open_ = false;
    lost_ = false;
  }
  bool is_open() const override { return open_; }
  Result<std::size_t> write_some(ByteView data) override;
  Result<Bytes> read_some() override;

  std::vector<PollInterest> poll_interests() const override { return {}; }
  std::optional<std::chrono::milliseconds> next_timeout() const override;
  void process_events() override {}

 private:
  // kUnavailable (and closed) once the cable is pulled.
  Status check_link();

  VirtualPrinter& printer_;
  InProcessPrinterLink link_;
  std::chrono::milliseconds reply_poll_;
  bool open_ = false;
  bool lost_ = false;  // the link dropped under us (not close()d): kUnavailable until open()
};

}  // namespace chainslip::sim

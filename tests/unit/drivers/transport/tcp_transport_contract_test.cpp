// The TCP 9100 transport joins the PrinterTransport contract: its far end is
// the simulator's TcpPrinterListener in front of a VirtualPrinter.
#include <poll.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "drivers/transport/tcp_printer_transport.h"
#include "sim/printer/tcp_listener.h"
#include "tests/support/printer_transport_contract.h"

namespace chainslip::test {
namespace {

class TcpRig final : public PrinterTransportRig {
 public:
  TcpRig(std::unique_ptr<sim::VirtualPrinter> printer, std::unique_ptr<sim::TcpPrinterListener> listener)
      : printer_(std::move(printer)),
        listener_(std::move(listener)),
        transport_(TcpPrinterAddress{"127.0.0.1", listener_->port()}) {}
  ~TcpRig() override {
    transport_.close();
    listener_->stop();
  }
  PrinterTransport& transport() override { return transport_; }
  sim::VirtualPrinter& printer() override { return *printer_; }

  // One event-loop round for the transport (the connect completes, queued
  // bytes go out), a moment for the listener's thread to carry them, then
  // the printer's time moves on.
  void advance(std::chrono::milliseconds by) override {
    std::vector<pollfd> fds;
    for (const PollInterest& i : transport_.poll_interests()) fds.push_back({i.fd, i.events, 0});
    ::poll(fds.data(), fds.size(), 1);
    transport_.process_events();
    std::this_thread::sleep_for(std::chrono::microseconds(300));
    printer_->advance(by);
  }

 private:
  std::unique_ptr<sim::VirtualPrinter> printer_;
  std::unique_ptr<sim::TcpPrinterListener> listener_;
  TcpPrinterTransport transport_;
};

std::unique_ptr<PrinterTransportRig> make_tcp_rig() {
  auto printer = sim::VirtualPrinter::create();
  if (!printer.ok()) {
    ADD_FAILURE() << printer.error().message;
    return nullptr;
  }
  auto listener = sim::TcpPrinterListener::start(**printer, {.port = 0});
  if (!listener.ok()) {
    ADD_FAILURE() << listener.error().message;
    return nullptr;
  }
  return std::make_unique<TcpRig>(std::move(printer).value(), std::move(listener).value());
}

INSTANTIATE_TEST_SUITE_P(Tcp, PrinterTransportContract,
                         ::testing::Values(PrinterTransportRigFactory{"tcp", make_tcp_rig}),
                         PrinterTransportRigFactory::Name{});

}  // namespace
}  // namespace chainslip::test

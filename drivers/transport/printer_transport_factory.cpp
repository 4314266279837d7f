#include "drivers/transport/printer_transport_factory.h"

#include "drivers/transport/lp_printer_transport.h"
#include "drivers/transport/tcp_printer_transport.h"
#include "drivers/transport/usb_printer_transport.h"

namespace chainslip {

Result<std::unique_ptr<PrinterTransport>> make_printer_transport(const PrinterAddress& address) {
  std::unique_ptr<PrinterTransport> transport;
  if (const auto* usb = std::get_if<UsbPrinterAddress>(&address)) {
    transport = std::make_unique<UsbPrinterTransport>(*usb);
  } else if (const auto* tcp = std::get_if<TcpPrinterAddress>(&address)) {
    transport = std::make_unique<TcpPrinterTransport>(*tcp);
  } else if (const auto* lp = std::get_if<LpPrinterAddress>(&address)) {
    transport = std::make_unique<LpPrinterTransport>(lp->path);
  } else {
    return make_error(ErrorCode::kInvalidArgument, "sim transport is provided by the simulator wiring");
  }
  return transport;
}

}  // namespace chainslip

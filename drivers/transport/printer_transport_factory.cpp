#include "drivers/transport/printer_transport_factory.h"

#include "drivers/transport/lp_printer_transport.h"
#include "drivers/transport/tcp_printer_transport.h"
#include "drivers/transport/usb_printer_transport.h"

namespace chainslip {

Result<std::unique_ptr<PrinterTransport>> make_printer_transport(const PrinterAddress& address) {
  struct Make {
    std::unique_ptr<PrinterTransport> operator()(const UsbPrinterAddress& usb) const {
      return std::make_unique<UsbPrinterTransport>(usb);
    }
    std::unique_ptr<PrinterTransport> operator()(const TcpPrinterAddress& tcp) const {
      return std::make_unique<TcpPrinterTransport>(tcp);
    }
    std::unique_ptr<PrinterTransport> operator()(const LpPrinterAddress& lp) const {
      return std::make_unique<LpPrinterTransport>(lp.path);
    }
  };
  return Result<std::unique_ptr<PrinterTransport>>(std::visit(Make{}, address));
}

}  // namespace chainslip

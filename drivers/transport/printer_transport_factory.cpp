#include "drivers/transport/printer_transport_factory.h"

#include "drivers/transport/lp_printer_transport.h"
#include "drivers/transport/tcp_printer_transport.h"

// 1 or 0, set on this file alone by drivers/CMakeLists.txt from the build's
// CHAINSLIP_WITH_LIBUSB option (docs/DEPENDENCIES.md).
#if !defined(CHAINSLIP_WITH_LIBUSB)
#error "CHAINSLIP_WITH_LIBUSB is set by drivers/CMakeLists.txt"
#endif
#if CHAINSLIP_WITH_LIBUSB
#include "drivers/transport/usb_printer_transport.h"
#endif

namespace chainslip {

bool usb_printer_transport_built() { return CHAINSLIP_WITH_LIBUSB != 0; }

Result<std::unique_ptr<PrinterTransport>> make_printer_transport(const PrinterAddress& address) {
  std::unique_ptr<PrinterTransport> transport;
  if (const auto* usb = std::get_if<UsbPrinterAddress>(&address)) {
#if CHAINSLIP_WITH_LIBUSB
    transport = std::make_unique<UsbPrinterTransport>(*usb);
#else
    (void)usb;
    return make_error(ErrorCode::kUnimplemented,
                      "USB printers are not in this build: chainslip was built without libusb "
                      "(CHAINSLIP_WITH_LIBUSB=OFF); use a tcp:HOST[:PORT] or lp:/dev/usb/lpN printer, or a "
                      "build with libusb");
#endif
  } else if (const auto* tcp = std::get_if<TcpPrinterAddress>(&address)) {
    transport = std::make_unique<TcpPrinterTransport>(*tcp);
  } else {
    transport = std::make_unique<LpPrinterTransport>(std::get<LpPrinterAddress>(address).path);
  }
  return transport;
}

}  // namespace chainslip

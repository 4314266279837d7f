#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/util/result.h"

namespace chainslip {

// Where the printer is, as the kiosk config names it (docs/HARDWARE.md):
//   usb                      the first USB device with a printer-class interface
//   usb:0416:5011            by vendor:product id (hex, as lsusb prints them)
//   usb:0416:5011:SN123      ... and serial number, for two printers of one model
//   tcp:10.0.0.5[:9100]      raw TCP (JetDirect), port 9100 unless given
//   lp:/dev/usb/lp0          the usblp kernel driver's device node
struct UsbPrinterAddress {
  struct Id {
    std::uint16_t vendor = 0;
    std::uint16_t product = 0;
  };
  std::optional<Id> id;  // nullopt: any printer-class device
  std::string serial;    // empty: any serial; only with id
};

struct TcpPrinterAddress {
  std::string host;  // IPv4 literal or host name
  std::uint16_t port = 9100;
};

struct LpPrinterAddress {
  std::string path;
};

using PrinterAddress = std::variant<UsbPrinterAddress, TcpPrinterAddress, LpPrinterAddress>;

// Strict: anything but the forms above is kInvalidArgument, with a message
// that quotes the input and says what was expected.
Result<PrinterAddress> parse_printer_address(std::string_view text);

}  // namespace chainslip

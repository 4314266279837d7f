#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/util/result.h"
#include "drivers/transport/printer_address.h"

namespace chainslip {

// Plain copies of the libusb descriptors that choosing a printer needs, so
// the choice is a pure function testable without devices.
struct UsbEndpointInfo {
  std::uint8_t address = 0;     // bit 7 set: IN (device to host)
  std::uint8_t attributes = 0;  // bits 0-1: transfer type, 2 = bulk
  std::uint16_t max_packet_size = 0;
};

struct UsbAltSettingInfo {
  std::uint8_t interface_number = 0;
  std::uint8_t alt_setting = 0;
  std::uint8_t interface_class = 0;  // 7: printer
  std::uint8_t interface_subclass = 0;
  std::uint8_t interface_protocol = 0;  // printer class: 1 uni-, 2 bidirectional, 3 IEEE 1284.4
  std::vector<UsbEndpointInfo> endpoints;
};

struct UsbDeviceInfo {
  std::uint8_t bus = 0;
  std::uint8_t device_address = 0;
  std::uint16_t vendor_id = 0;
  std::uint16_t product_id = 0;
  // Read only when a serial is asked for (it needs the device opened);
  // nullopt when it was not read or the device has none.
  std::optional<std::string> serial;
  std::vector<UsbAltSettingInfo> alt_settings;  // of the active configuration
};

// What open() claims and talks to.
struct UsbPrinterSelection {
  std::size_t device_index = 0;  // into the list given to select_usb_printer
  std::uint8_t interface_number = 0;
  std::uint8_t alt_setting = 0;
  std::uint8_t out_endpoint = 0;
  std::optional<std::uint8_t> in_endpoint;  // for status bytes, when the printer has one
  std::uint16_t in_max_packet_size = 0;
};

// "usb 0416:5011 bus 1 dev 4": how the operator log names a device.
std::string describe_usb_device(const UsbDeviceInfo& device);

// "0416:5011", "any printer-class interface", "0416:5011 serial SN1": what
// the operator log says was looked for.
std::string describe_wanted(const UsbPrinterAddress& wanted);

// Chooses the device, interface, alt setting and endpoints to print on.
//  - With an id: the first device (in the given order) with that vendor:
//    product (and serial, if given). Its interface is the best alt setting
//    with a bulk OUT endpoint: a printer-class one before a vendor-specific
//    one, one with a bulk IN endpoint (status) before one without, and
//    printer protocols 1/2 before 3 (IEEE 1284.4 needs a packet protocol).
//    A matching device with no bulk OUT endpoint is kFailedPrecondition.
//  - Without: the first device with a printer-class interface that has a
//    bulk OUT endpoint, chosen as above among its printer-class settings.
// Nothing matching is kUnavailable naming what was looked for and how many
// USB devices there are.
Result<UsbPrinterSelection> select_usb_printer(const std::vector<UsbDeviceInfo>& devices,
                                               const UsbPrinterAddress& wanted);

// True when a device could be the one asked for (vendor:product, or any
// printer-class interface): what a hotplug arrival is checked against. The
// serial is not compared, since reading it needs the device opened.
bool usb_device_may_match(const UsbDeviceInfo& device, const UsbPrinterAddress& wanted);

}  // namespace chainslip

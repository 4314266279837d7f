#include "drivers/transport/usb_device_selection.h"

#include <cstdio>

namespace chainslip {
namespace {

constexpr std::uint8_t kPrinterClass = 7;
constexpr std::uint8_t kVendorSpecificClass = 0xff;
constexpr std::uint8_t kIeee1284_4Protocol = 3;
constexpr std::uint8_t kBulk = 2;
constexpr std::size_t kMaxSerialsListed = 4;

bool is_bulk(const UsbEndpointInfo& ep) { return (ep.attributes & 0x03) == kBulk; }
bool is_in(const UsbEndpointInfo& ep) { return (ep.address & 0x80) != 0; }

std::string hex4(std::uint16_t v) {
  char buf[5];
  std::snprintf(buf, sizeof buf, "%04x", v);
  return buf;
}

std::string id_text(std::uint16_t vendor, std::uint16_t product) {
  return hex4(vendor) + ":" + hex4(product);
}

std::string where(const UsbDeviceInfo& d) {
  return id_text(d.vendor_id, d.product_id) + " (bus " + std::to_string(d.bus) + " dev " +
         std::to_string(d.device_address) + ")";
}

bool id_matches(const UsbDeviceInfo& d, const UsbPrinterAddress::Id& id) {
  return d.vendor_id == id.vendor && d.product_id == id.product;
}

// The best alt setting to print on (see select_usb_printer), or nullopt.
std::optional<UsbPrinterSelection> best_setting(const UsbDeviceInfo& device, bool printer_class_only) {
  std::optional<UsbPrinterSelection> best;
  int best_rank = -1;
  for (const UsbAltSettingInfo& alt : device.alt_settings) {
    const bool printer = alt.interface_class == kPrinterClass;
    if (!printer && (printer_class_only || alt.interface_class != kVendorSpecificClass)) continue;
    const UsbEndpointInfo* out = nullptr;
    const UsbEndpointInfo* in = nullptr;
    for (const UsbEndpointInfo& ep : alt.endpoints) {
      if (!is_bulk(ep)) continue;
      if (is_in(ep) && in == nullptr) in = &ep;
      if (!is_in(ep) && out == nullptr) out = &ep;
    }
    if (out == nullptr) continue;
    const int rank =
        (printer ? 4 : 0) + (in != nullptr ? 2 : 0) + (alt.interface_protocol != kIeee1284_4Protocol ? 1 : 0);
    if (rank <= best_rank) continue;
    best_rank = rank;
    best = UsbPrinterSelection{0, alt.interface_number, alt.alt_setting, out->address, std::nullopt, 0};
    if (in != nullptr) {
      best->in_endpoint = in->address;
      best->in_max_packet_size = in->max_packet_size;
    }
  }
  return best;
}

bool has_printer_class(const UsbDeviceInfo& device) {
  for (const UsbAltSettingInfo& alt : device.alt_settings) {
    if (alt.interface_class == kPrinterClass) return true;
  }
  return false;
}

Error not_found(const std::vector<UsbDeviceInfo>& devices, const UsbPrinterAddress& wanted,
                std::string detail) {
  return make_error(ErrorCode::kUnavailable,
                    "no USB printer found (looked for " + describe_wanted(wanted) + "); " +
                        std::to_string(devices.size()) + " USB devices present" + detail +
                        ": check the printer's cable and power, and its id with lsusb");
}

Result<UsbPrinterSelection> select_by_id(const std::vector<UsbDeviceInfo>& devices,
                                         const UsbPrinterAddress& wanted) {
  const UsbDeviceInfo* without_out = nullptr;
  std::string other_serials;
  std::size_t serials_listed = 0;
  for (std::size_t i = 0; i < devices.size(); ++i) {
    const UsbDeviceInfo& d = devices[i];
    if (!id_matches(d, *wanted.id)) continue;
    if (!wanted.serial.empty() && d.serial != wanted.serial) {
      if (serials_listed++ < kMaxSerialsListed) {
        other_serials += (other_serials.empty() ? "" : ", ") + d.serial.value_or("(unreadable)");
      }
      continue;
    }
    std::optional<UsbPrinterSelection> chosen = best_setting(d, false);
    if (!chosen) {
      if (without_out == nullptr) without_out = &d;
      continue;
    }
    chosen->device_index = i;
    return *chosen;
  }
  if (without_out != nullptr) {
    return make_error(ErrorCode::kFailedPrecondition,
                      "USB device " + where(*without_out) +
                          " has no printer-class or vendor-specific interface with a bulk OUT endpoint, so "
                          "it cannot take print data: is the id in the config the printer's (lsusb -v -d " +
                          id_text(wanted.id->vendor, wanted.id->product) + ")?");
  }
  if (serials_listed > 0) {
    return not_found(devices, wanted,
                     " (" + std::to_string(serials_listed) + " with that id, serials " + other_serials +
                         (serials_listed > kMaxSerialsListed ? ", ..." : "") + ")");
  }
  return not_found(devices, wanted, "");
}

Result<UsbPrinterSelection> select_any(const std::vector<UsbDeviceInfo>& devices,
                                       const UsbPrinterAddress& wanted) {
  std::size_t without_out = 0;
  for (std::size_t i = 0; i < devices.size(); ++i) {
    std::optional<UsbPrinterSelection> chosen = best_setting(devices[i], true);
    if (chosen) {
      chosen->device_index = i;
      return *chosen;
    }
    if (has_printer_class(devices[i])) ++without_out;
  }
  return not_found(devices, wanted,
                   without_out == 0 ? std::string()
                                    : " (" + std::to_string(without_out) +
                                          " with a printer-class interface but no bulk OUT endpoint)");
}

}  // namespace

std::string describe_usb_device(const UsbDeviceInfo& device) {
  return "usb " + id_text(device.vendor_id, device.product_id) + " bus " + std::to_string(device.bus) +
         " dev " + std::to_string(device.device_address);
}

std::string describe_wanted(const UsbPrinterAddress& wanted) {
  if (!wanted.id) return "any printer-class interface";
  std::string text = id_text(wanted.id->vendor, wanted.id->product);
  if (!wanted.serial.empty()) text += " serial " + wanted.serial;
  return text;
}

Result<UsbPrinterSelection> select_usb_printer(const std::vector<UsbDeviceInfo>& devices,
                                               const UsbPrinterAddress& wanted) {
  return wanted.id ? select_by_id(devices, wanted) : select_any(devices, wanted);
}

bool usb_device_may_match(const UsbDeviceInfo& device, const UsbPrinterAddress& wanted) {
  return wanted.id ? id_matches(device, *wanted.id) : best_setting(device, true).has_value();
}

}  // namespace chainslip

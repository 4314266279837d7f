#pragma once

#include <optional>
#include <string>

#include "core/util/result.h"
#include "drivers/transport/usb_device_selection.h"

struct libusb_device;

namespace chainslip {

// Copies what select_usb_printer() needs from a device's descriptors (its
// active configuration, or the first one while unconfigured). A device whose
// descriptors cannot be read comes back with no alt settings: it is counted
// among the devices present but never chosen.
UsbDeviceInfo read_usb_device_info(libusb_device* device);

// Opens the device briefly to read its serial number string; nullopt when it
// has none. Fails (kPermissionDenied with the fix, ...) when it cannot be
// opened.
Result<std::optional<std::string>> read_usb_serial(libusb_device* device);

}  // namespace chainslip

#include "drivers/transport/usb_descriptors.h"

#include <libusb.h>

#include <array>

#include "core/util/c_handle.h"
#include "drivers/transport/usb_error.h"

namespace chainslip {
namespace {

using ConfigDescriptor = CHandle<libusb_config_descriptor, libusb_free_config_descriptor>;
using DeviceHandle = CHandle<libusb_device_handle, libusb_close>;

ConfigDescriptor read_config(libusb_device* device) {
  libusb_config_descriptor* config = nullptr;
  if (libusb_get_active_config_descriptor(device, &config) != 0) {
    config = nullptr;
    if (libusb_get_config_descriptor(device, 0, &config) != 0) config = nullptr;
  }
  return ConfigDescriptor(config);
}

}  // namespace

UsbDeviceInfo read_usb_device_info(libusb_device* device) {
  UsbDeviceInfo info;
  info.bus = libusb_get_bus_number(device);
  info.device_address = libusb_get_device_address(device);
  libusb_device_descriptor desc{};
  if (libusb_get_device_descriptor(device, &desc) != 0) return info;
  info.vendor_id = desc.idVendor;
  info.product_id = desc.idProduct;
  const ConfigDescriptor config = read_config(device);
  if (!config) return info;
  for (int i = 0; i < config->bNumInterfaces; ++i) {
    const libusb_interface& interface = config->interface[i];
    for (int a = 0; a < interface.num_altsetting; ++a) {
      const libusb_interface_descriptor& alt = interface.altsetting[a];
      UsbAltSettingInfo setting{alt.bInterfaceNumber,   alt.bAlternateSetting,  alt.bInterfaceClass,
                                alt.bInterfaceSubClass, alt.bInterfaceProtocol, {}};
      for (int e = 0; e < alt.bNumEndpoints; ++e) {
        const libusb_endpoint_descriptor& ep = alt.endpoint[e];
        setting.endpoints.push_back({ep.bEndpointAddress, ep.bmAttributes, ep.wMaxPacketSize});
      }
      info.alt_settings.push_back(std::move(setting));
    }
  }
  return info;
}

Result<std::optional<std::string>> read_usb_serial(libusb_device* device) {
  libusb_device_descriptor desc{};
  if (libusb_get_device_descriptor(device, &desc) != 0 || desc.iSerialNumber == 0) {
    return std::optional<std::string>();
  }
  libusb_device_handle* raw = nullptr;
  const int opened = libusb_open(device, &raw);
  if (opened != 0) {
    UsbDeviceInfo where{libusb_get_bus_number(device),
                        libusb_get_device_address(device),
                        desc.idVendor,
                        desc.idProduct,
                        std::nullopt,
                        {}};
    return usb_error(opened, "open " + describe_usb_device(where) + " to read its serial number");
  }
  const DeviceHandle handle(raw);
  std::array<unsigned char, 256> text{};
  const int n = libusb_get_string_descriptor_ascii(handle.get(), desc.iSerialNumber, text.data(),
                                                   static_cast<int>(text.size()));
  if (n <= 0) return std::optional<std::string>();
  return std::optional<std::string>(std::string(text.begin(), text.begin() + n));
}

}  // namespace chainslip

#pragma once

#include <string_view>

#include "core/util/result.h"

namespace chainslip {

// The udev rule that lets the service open printers (docs/HARDWARE.md).
inline constexpr std::string_view kPrinterUdevRule = "/etc/udev/rules.d/60-chainslip-printer.rules";

// What a failed libusb call (a negative enum libusb_error) means to an
// operator: the code, and a message that starts with `what` (what was tried
// on which device: "claim interface 0 of usb 0416:5011 bus 1 dev 4") and
// ends with the fix.
Error usb_error(int libusb_error, std::string_view what);

// How the transport handles a finished libusb transfer
// (enum libusb_transfer_status).
enum class UsbTransferOutcome {
  kCompleted,  // everything asked for moved
  kTimedOut,   // part or none moved (actual_length says how much): retry the rest
  kStalled,    // the endpoint halted: clear_halt, then retry the rest
  kCancelled,  // the transport cancelled it (close)
  kLinkLost,   // the device is gone or the bus failed: close, open() again
};
UsbTransferOutcome classify_transfer(int transfer_status);

// The error a transfer status means, for the operator log and for
// write_some()/read_some() after the link is lost; `what` as for usb_error.
Error usb_transfer_error(int transfer_status, std::string_view what);

}  // namespace chainslip

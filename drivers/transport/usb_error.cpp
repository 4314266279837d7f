#include "drivers/transport/usb_error.h"

#include <libusb.h>

#include <string>

namespace chainslip {
namespace {

Error described(ErrorCode code, std::string_view what, std::string_view name, std::string_view meaning) {
  return make_error(code, std::string(what) + ": " + std::string(meaning) + " (" + std::string(name) + ")");
}

}  // namespace

Error usb_error(int libusb_error, std::string_view what) {
  const std::string_view name = libusb_error_name(libusb_error);
  switch (libusb_error) {
    case LIBUSB_ERROR_ACCESS:
      return described(
          ErrorCode::kPermissionDenied, what, name,
          "permission denied: install firmware/udev/60-chainslip-printer.rules as " +
              std::string(kPrinterUdevRule) +
              ", run `sudo udevadm control --reload && sudo udevadm trigger`, replug the printer, "
              "and add the service user to the chainslip group");
    case LIBUSB_ERROR_BUSY:
      return described(ErrorCode::kBusy, what, name,
                       "the printer is busy: another program has claimed it (CUPS? remove the printer from "
                       "CUPS or stop cups.service)");
    case LIBUSB_ERROR_NO_DEVICE:
      return described(ErrorCode::kUnavailable, what, name,
                       "the printer is gone (unplugged or switched off)");
    case LIBUSB_ERROR_NOT_FOUND:
      return described(ErrorCode::kUnavailable, what, name,
                       "the interface or its kernel driver is gone: replug the printer");
    case LIBUSB_ERROR_TIMEOUT:
      return described(ErrorCode::kDeadlineExceeded, what, name,
                       "the printer did not answer in time: is it on and online?");
    case LIBUSB_ERROR_PIPE:
      return described(ErrorCode::kUnavailable, what, name,
                       "the endpoint stalled and could not be cleared: switch the printer off and on");
    case LIBUSB_ERROR_IO:
      return described(ErrorCode::kUnavailable, what, name,
                       "USB input/output error: check the cable, or replug the printer");
    case LIBUSB_ERROR_OVERFLOW:
      return described(ErrorCode::kUnavailable, what, name,
                       "the printer sent more than was asked: replug it");
    case LIBUSB_ERROR_NOT_SUPPORTED:
      return described(ErrorCode::kUnavailable, what, name,
                       "not supported by this system's USB stack (is usbfs at /dev/bus/usb?)");
    case LIBUSB_ERROR_INTERRUPTED:
      return described(ErrorCode::kUnavailable, what, name, "interrupted: try again");
    case LIBUSB_ERROR_NO_MEM:
      return described(ErrorCode::kInternal, what, name, "out of memory");
    case LIBUSB_ERROR_INVALID_PARAM:
      return described(ErrorCode::kInternal, what, name, "libusb rejected a parameter (a chainslip bug)");
    default:
      return described(ErrorCode::kUnavailable, what, name, "USB failure");
  }
}

UsbTransferOutcome classify_transfer(int transfer_status) {
  switch (transfer_status) {
    case LIBUSB_TRANSFER_COMPLETED:
      return UsbTransferOutcome::kCompleted;
    case LIBUSB_TRANSFER_TIMED_OUT:
      return UsbTransferOutcome::kTimedOut;
    case LIBUSB_TRANSFER_STALL:
      return UsbTransferOutcome::kStalled;
    case LIBUSB_TRANSFER_CANCELLED:
      return UsbTransferOutcome::kCancelled;
    default:  // NO_DEVICE, ERROR, OVERFLOW, anything newer
      return UsbTransferOutcome::kLinkLost;
  }
}

Error usb_transfer_error(int transfer_status, std::string_view what) {
  switch (transfer_status) {
    case LIBUSB_TRANSFER_NO_DEVICE:
      return described(ErrorCode::kUnavailable, what, "LIBUSB_TRANSFER_NO_DEVICE",
                       "the printer is gone (unplugged or switched off)");
    case LIBUSB_TRANSFER_ERROR:
      return described(ErrorCode::kUnavailable, what, "LIBUSB_TRANSFER_ERROR",
                       "the transfer failed: the printer was unplugged, or the cable is bad");
    case LIBUSB_TRANSFER_OVERFLOW:
      return described(ErrorCode::kUnavailable, what, "LIBUSB_TRANSFER_OVERFLOW",
                       "the printer sent more than was asked: replug it");
    case LIBUSB_TRANSFER_TIMED_OUT:
      return described(
          ErrorCode::kDeadlineExceeded, what, "LIBUSB_TRANSFER_TIMED_OUT",
          "the printer did not take the data in time: is it offline, out of paper or its cover open?");
    case LIBUSB_TRANSFER_STALL:
      return described(ErrorCode::kUnavailable, what, "LIBUSB_TRANSFER_STALL",
                       "the endpoint keeps stalling: switch the printer off and on");
    case LIBUSB_TRANSFER_CANCELLED:
      return described(ErrorCode::kAborted, what, "LIBUSB_TRANSFER_CANCELLED", "cancelled");
    case LIBUSB_TRANSFER_COMPLETED:
      return described(ErrorCode::kInternal, what, "LIBUSB_TRANSFER_COMPLETED", "completed, not an error");
    default:
      return described(ErrorCode::kUnavailable, what, "status " + std::to_string(transfer_status),
                       "unknown transfer status: replug the printer");
  }
}

}  // namespace chainslip

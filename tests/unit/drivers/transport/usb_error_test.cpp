#include "drivers/transport/usb_error.h"

#include <gtest/gtest.h>
#include <libusb-1.0/libusb.h>

#include <string>

namespace chainslip {
namespace {

const std::string kWhat = "claim interface 0 of usb 0416:5011 bus 1 dev 4";

void expect_error(int code, ErrorCode expected, const std::string& hint) {
  const Error e = usb_error(code, kWhat);
  EXPECT_EQ(e.code, expected) << libusb_error_name(code);
  EXPECT_EQ(e.message.rfind(kWhat + ": ", 0), 0u) << e.message;
  EXPECT_NE(e.message.find(hint), std::string::npos) << e.message;
  EXPECT_NE(e.message.find(libusb_error_name(code)), std::string::npos) << e.message;
}

TEST(UsbErrorTest, AccessNamesTheRuleAndTheReload) {
  expect_error(LIBUSB_ERROR_ACCESS, ErrorCode::kPermissionDenied,
               "/etc/udev/rules.d/60-chainslip-printer.rules");
  const std::string message = usb_error(LIBUSB_ERROR_ACCESS, kWhat).message;
  EXPECT_NE(message.find("sudo udevadm control --reload && sudo udevadm trigger"), std::string::npos);
  EXPECT_NE(message.find("chainslip group"), std::string::npos);
}

TEST(UsbErrorTest, BusyNamesCups) {
  expect_error(LIBUSB_ERROR_BUSY, ErrorCode::kBusy, "another program has claimed it (CUPS?");
}

TEST(UsbErrorTest, GoneDevicesAreUnavailable) {
  expect_error(LIBUSB_ERROR_NO_DEVICE, ErrorCode::kUnavailable, "unplugged or switched off");
  expect_error(LIBUSB_ERROR_NOT_FOUND, ErrorCode::kUnavailable, "replug the printer");
}

TEST(UsbErrorTest, EveryOtherCode) {
  expect_error(LIBUSB_ERROR_TIMEOUT, ErrorCode::kDeadlineExceeded, "did not answer in time");
  expect_error(LIBUSB_ERROR_PIPE, ErrorCode::kUnavailable, "stalled and could not be cleared");
  expect_error(LIBUSB_ERROR_IO, ErrorCode::kUnavailable, "check the cable");
  expect_error(LIBUSB_ERROR_OVERFLOW, ErrorCode::kUnavailable, "more than was asked");
  expect_error(LIBUSB_ERROR_NOT_SUPPORTED, ErrorCode::kUnavailable, "/dev/bus/usb");
  expect_error(LIBUSB_ERROR_INTERRUPTED, ErrorCode::kUnavailable, "try again");
  expect_error(LIBUSB_ERROR_NO_MEM, ErrorCode::kInternal, "out of memory");
  expect_error(LIBUSB_ERROR_INVALID_PARAM, ErrorCode::kInternal, "a chainslip bug");
  expect_error(LIBUSB_ERROR_OTHER, ErrorCode::kUnavailable, "USB failure");
  expect_error(-1000, ErrorCode::kUnavailable, "USB failure");  // a code newer than this header
}

TEST(UsbErrorTest, ClassifyTransfer) {
  EXPECT_EQ(classify_transfer(LIBUSB_TRANSFER_COMPLETED), UsbTransferOutcome::kCompleted);
  EXPECT_EQ(classify_transfer(LIBUSB_TRANSFER_TIMED_OUT), UsbTransferOutcome::kTimedOut);
  EXPECT_EQ(classify_transfer(LIBUSB_TRANSFER_STALL), UsbTransferOutcome::kStalled);
  EXPECT_EQ(classify_transfer(LIBUSB_TRANSFER_CANCELLED), UsbTransferOutcome::kCancelled);
  EXPECT_EQ(classify_transfer(LIBUSB_TRANSFER_NO_DEVICE), UsbTransferOutcome::kLinkLost);
  EXPECT_EQ(classify_transfer(LIBUSB_TRANSFER_ERROR), UsbTransferOutcome::kLinkLost);
  EXPECT_EQ(classify_transfer(LIBUSB_TRANSFER_OVERFLOW), UsbTransferOutcome::kLinkLost);
  EXPECT_EQ(classify_transfer(99), UsbTransferOutcome::kLinkLost);
}

void expect_transfer_error(int status, ErrorCode expected, const std::string& name, const std::string& hint) {
  const Error e = usb_transfer_error(status, "bulk OUT to usb 0416:5011");
  EXPECT_EQ(e.code, expected) << name;
  EXPECT_EQ(e.message.rfind("bulk OUT to usb 0416:5011: ", 0), 0u) << e.message;
  EXPECT_NE(e.message.find(name), std::string::npos) << e.message;
  EXPECT_NE(e.message.find(hint), std::string::npos) << e.message;
}

TEST(UsbErrorTest, TransferErrors) {
  expect_transfer_error(LIBUSB_TRANSFER_NO_DEVICE, ErrorCode::kUnavailable, "LIBUSB_TRANSFER_NO_DEVICE",
                        "unplugged");
  expect_transfer_error(LIBUSB_TRANSFER_ERROR, ErrorCode::kUnavailable, "LIBUSB_TRANSFER_ERROR", "cable");
  expect_transfer_error(LIBUSB_TRANSFER_OVERFLOW, ErrorCode::kUnavailable, "LIBUSB_TRANSFER_OVERFLOW",
                        "replug");
  expect_transfer_error(LIBUSB_TRANSFER_TIMED_OUT, ErrorCode::kDeadlineExceeded, "LIBUSB_TRANSFER_TIMED_OUT",
                        "out of paper");
  expect_transfer_error(LIBUSB_TRANSFER_STALL, ErrorCode::kUnavailable, "LIBUSB_TRANSFER_STALL",
                        "off and on");
  expect_transfer_error(LIBUSB_TRANSFER_CANCELLED, ErrorCode::kAborted, "LIBUSB_TRANSFER_CANCELLED",
                        "cancelled");
  expect_transfer_error(LIBUSB_TRANSFER_COMPLETED, ErrorCode::kInternal, "LIBUSB_TRANSFER_COMPLETED",
                        "not an error");
  expect_transfer_error(42, ErrorCode::kUnavailable, "status 42", "unknown transfer status");
}

}  // namespace
}  // namespace chainslip

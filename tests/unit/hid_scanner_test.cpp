// The HID scanners' open errors (evdev keyboard wedge, hidraw HID POS),
// without a scanner. Their decoding is keyboard_wedge_decoder_test and
// hid_pos_report_test.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "drivers/scanner/evdev_code_scanner.h"
#include "drivers/scanner/hidraw_code_scanner.h"

namespace chainslip {
namespace {

std::string regular_file(const std::string& name) {
  const auto path = std::filesystem::path(::testing::TempDir()) / (name + "-" + std::to_string(::getpid()));
  std::ofstream(path) << "not a device";
  return path.string();
}

TEST(EvdevCodeScannerTest, NoDeviceIsUnavailable) {
  ManualClock clock;
  EvdevCodeScanner scanner(clock, {.device = "/dev/input/event-chainslip-none"});
  auto status = scanner.open();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kUnavailable);
  EXPECT_EQ(status.error().message.rfind("no input device at /dev/input/event-chainslip-none", 0), 0u)
      << status.error().message;
  EXPECT_EQ(scanner.take_code().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(scanner.poll_interests().empty());
}

TEST(EvdevCodeScannerTest, RegularFileIsNotAnInputDevice) {
  ManualClock clock;
  const std::string path = regular_file("not-evdev");
  EvdevCodeScanner scanner(clock, {.device = path});
  auto status = scanner.open();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(status.error().message.find("is not an evdev input device"), std::string::npos)
      << status.error().message;
  std::filesystem::remove(path);
}

TEST(HidrawCodeScannerTest, NoDeviceIsUnavailable) {
  ManualClock clock;
  HidrawCodeScanner scanner(clock, {.device = "/dev/hidraw-chainslip-none"});
  auto status = scanner.open();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kUnavailable);
  EXPECT_EQ(status.error().message.rfind("no HID device at /dev/hidraw-chainslip-none", 0), 0u)
      << status.error().message;
  EXPECT_EQ(scanner.take_code().code(), ErrorCode::kFailedPrecondition);
}

TEST(HidrawCodeScannerTest, RegularFileIsNotAHidrawDevice) {
  ManualClock clock;
  const std::string path = regular_file("not-hidraw");
  HidrawCodeScanner scanner(clock, {.device = path});
  auto status = scanner.open();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(status.error().message.find("is not a hidraw device"), std::string::npos)
      << status.error().message;
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace chainslip

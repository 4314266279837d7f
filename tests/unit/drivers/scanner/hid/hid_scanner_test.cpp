// The HID scanners' open errors (evdev keyboard wedge, hidraw HID POS),
// without a scanner, and the hidraw scanner's read path on a socket pair
// that hands out one report per read, as hidraw does. Their decoding is
// keyboard_wedge_decoder_test, hid_pos_report_test and
// hid_pos_reassembler_test.

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include "drivers/scanner/hid/evdev_code_scanner.h"
#include "drivers/scanner/hid/hidraw_code_scanner.h"

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

// The scanner's end of a SOCK_SEQPACKET pair: each write is one read, like
// one hidraw report.
class HidrawReadPathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int fds[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds), 0);
    scanner_end_ = UniqueFd(fds[0]);
    device_end_ = UniqueFd(fds[1]);
    HidrawCodeScannerOptions options{.device = "test-pair"};
    options.codes.log = [this](const std::string& line) { log_.push_back(line); };
    scanner_ = std::make_unique<HidrawCodeScanner>(clock_, options);
    scanner_->adopt(std::move(scanner_end_));
  }

  void send(const std::string& data, bool continued) {
    std::vector<std::uint8_t> r(64, 0);
    r[0] = 0x02;
    r[1] = static_cast<std::uint8_t>(data.size());
    std::copy(data.begin(), data.end(), r.begin() + 2);
    r[63] = continued ? 1 : 0;
    ASSERT_EQ(::write(device_end_.get(), r.data(), r.size()), 64);
  }
  void send_code(const std::string& code) {
    for (std::size_t at = 0; at < code.size(); at += 56) send(code.substr(at, 56), at + 56 < code.size());
  }
  std::optional<std::string> take() {
    auto code = scanner_->take_code();
    EXPECT_TRUE(code.ok()) << code.error().message;
    return code.ok() ? *code : std::nullopt;
  }

  ManualClock clock_;
  UniqueFd scanner_end_, device_end_;
  std::vector<std::string> log_;
  std::unique_ptr<HidrawCodeScanner> scanner_;
};

const std::string kUrl =
    "https://www.chinaebill.cn/eips-wxapp-service/d?t=504&a=Xy12AbCdEf"
    "&d=11010126_0000012345_a1b2c3_128.50_20261203&s=0A1B2C3D4E";

TEST_F(HidrawReadPathTest, ReceiptUrlAcrossReportsIsOneCode) {
  send_code(kUrl);
  EXPECT_EQ(take(), kUrl);
  EXPECT_EQ(take(), std::nullopt);
  EXPECT_FALSE(scanner_->next_timeout().has_value());
  EXPECT_TRUE(log_.empty());
}

TEST_F(HidrawReadPathTest, PartialCodeTimesOutOnTheLoopsTimer) {
  send(kUrl.substr(0, 56), true);
  EXPECT_EQ(take(), std::nullopt);
  EXPECT_EQ(scanner_->next_timeout(), std::chrono::milliseconds(500));
  clock_.advance(std::chrono::milliseconds(300));
  EXPECT_EQ(scanner_->next_timeout(), std::chrono::milliseconds(200));
  scanner_->process_events();
  EXPECT_TRUE(log_.empty());
  clock_.advance(std::chrono::milliseconds(200));  // the timer the loop armed fires
  scanner_->process_events();
  ASSERT_EQ(log_.size(), 1u);
  EXPECT_NE(log_[0].find("no report for 500 ms after 56 bytes in 1 report"), std::string::npos) << log_[0];
  EXPECT_FALSE(scanner_->next_timeout().has_value());
  // A new scan later reads whole, without the dropped part.
  clock_.advance(std::chrono::milliseconds(2000));
  send_code("CS1,33010126,0000000042,a1B2c3,1250,20260101");
  EXPECT_EQ(take(), "CS1,33010126,0000000042,a1B2c3,1250,20260101");
}

TEST_F(HidrawReadPathTest, OverlongCodeIsLoggedAndDropped) {
  send_code("https://" + std::string(kDefaultMaxCodeBytes, 'w') + ".cn/");
  EXPECT_EQ(take(), std::nullopt);
  ASSERT_EQ(log_.size(), 1u);
  EXPECT_NE(log_[0].find("longer than 512 bytes"), std::string::npos) << log_[0];
  send_code(kUrl);
  EXPECT_EQ(take(), kUrl);
}

}  // namespace
}  // namespace chainslip

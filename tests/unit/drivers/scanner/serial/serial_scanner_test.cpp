// The serial scanner (USB CDC-ACM or RS-232, one code a line): its line
// splitting, and the driver over a real tty, a pseudo-terminal whose other
// end plays the scanner.

#include <gtest/gtest.h>
#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include "drivers/scanner/serial/line_reassembler.h"
#include "drivers/scanner/serial/serial_code_scanner.h"

namespace chainslip {
namespace {

using std::chrono::milliseconds;

const std::string kUrl =
    "https://www.chinaebill.cn/eips-wxapp-service/d?t=504&a=Xy12AbCdEf"
    "&d=11010126_0000012345_a1b2c3_128.50_20261203&s=0A1B2C3D4E";

std::vector<std::string> texts(const std::vector<Result<std::string>>& codes) {
  std::vector<std::string> out;
  for (const auto& c : codes) out.push_back(c.ok() ? *c : "error: " + c.error().message);
  return out;
}

TEST(LineReassemblerTest, EachSuffixEndsOneCodeAndCrLfCountsOnce) {
  LineReassembler lines;
  EXPECT_EQ(texts(lines.feed(as_bytes("A1\rB2\nC3\r\n\r\nD4"), milliseconds(0))),
            (std::vector<std::string>{"A1", "B2", "C3"}));
  EXPECT_EQ(lines.deadline(), milliseconds(500));
  EXPECT_EQ(texts(lines.feed(as_bytes("5\r"), milliseconds(10))), std::vector<std::string>{"D45"});
  EXPECT_FALSE(lines.deadline().has_value());
}

TEST(LineReassemblerTest, AStalePartialLineIsDroppedWithItsReason) {
  LineReassembler lines;
  EXPECT_TRUE(lines.feed(as_bytes("https://half"), milliseconds(0)).empty());
  EXPECT_FALSE(lines.expire(milliseconds(499)).has_value());
  const std::optional<std::string> why = lines.expire(milliseconds(500));
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("no end of line for 500 ms after 12 bytes"), std::string::npos) << *why;
  EXPECT_NE(why->find("suffix to CR or LF"), std::string::npos) << *why;
  EXPECT_EQ(texts(lines.feed(as_bytes("CS1\r"), milliseconds(600))), std::vector<std::string>{"CS1"});
}

TEST(LineReassemblerTest, AStalePartIsNotJoinedToTheNextBurstEvenUnexpired) {
  LineReassembler lines;
  lines.feed(as_bytes("stale"), milliseconds(0));
  EXPECT_EQ(texts(lines.feed(as_bytes("fresh\r"), milliseconds(800))), std::vector<std::string>{"fresh"});
}

TEST(LineReassemblerTest, AnOverlongLineIsRefusedWholeAndTheNextReadsClean) {
  LineReassembler lines({.max_code_bytes = 8});
  const auto codes = lines.feed(as_bytes("123456789\rshort\r"), milliseconds(0));
  ASSERT_EQ(codes.size(), 2u);
  ASSERT_FALSE(codes[0].ok());
  EXPECT_EQ(codes[0].code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(codes[0].error().message.find("a line of 9 bytes, longer than 8"), std::string::npos);
  EXPECT_EQ(*codes[1], "short");
}

TEST(SerialCodeScannerTest, NoDeviceIsUnavailable) {
  ManualClock clock;
  SerialCodeScanner scanner(clock, {.device = "/dev/ttyACM-chainslip-none"});
  auto status = scanner.open();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kUnavailable);
  EXPECT_EQ(status.error().message.rfind("no serial device at /dev/ttyACM-chainslip-none", 0), 0u)
      << status.error().message;
  EXPECT_EQ(scanner.take_code().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(scanner.poll_interests().empty());
}

TEST(SerialCodeScannerTest, ARegularFileIsNotASerialDevice) {
  ManualClock clock;
  const auto path = std::filesystem::path(::testing::TempDir()) / ("not-tty-" + std::to_string(::getpid()));
  std::ofstream(path) << "not a device";
  SerialCodeScanner scanner(clock, {.device = path.string()});
  auto status = scanner.open();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(status.error().message.find("is not a serial device (a tty)"), std::string::npos)
      << status.error().message;
  std::filesystem::remove(path);
}

TEST(SerialCodeScannerTest, AnUnknownLineSpeedIsRefusedBeforeOpening) {
  ManualClock clock;
  SerialCodeScanner scanner(clock, {.device = "/dev/null", .baud = 12345});
  auto status = scanner.open();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(status.error().message.find("cannot run at 12345 baud"), std::string::npos);
  EXPECT_TRUE(is_serial_baud(115200));
  EXPECT_FALSE(is_serial_baud(0));
}

// The scanner opens the pseudo-terminal's tty end by its path, as it opens
// /dev/ttyACM0; the test writes what a scanner sends into the other end.
class SerialReadPathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
    ASSERT_GE(master, 0);
    scanner_end_ = UniqueFd(master);
    ASSERT_EQ(::grantpt(master), 0);
    ASSERT_EQ(::unlockpt(master), 0);
    const char* name = ::ptsname(master);
    ASSERT_NE(name, nullptr);
    SerialCodeScannerOptions options{.device = name};
    options.codes.log = [this](const std::string& line) { log_.push_back(line); };
    scanner_ = std::make_unique<SerialCodeScanner>(clock_, options);
    Status opened = scanner_->open();
    ASSERT_TRUE(opened.ok()) << opened.error().message;
  }

  void send(const std::string& bytes) {
    ASSERT_EQ(::write(scanner_end_.get(), bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    ::tcdrain(scanner_end_.get());
  }
  // What the scanner read, once the tty has passed the bytes on.
  std::optional<std::string> take() {
    for (int i = 0; i < 200; ++i) {
      auto code = scanner_->take_code();
      EXPECT_TRUE(code.ok()) << code.error().message;
      if (!code.ok() || code->has_value()) return code.ok() ? *code : std::nullopt;
      ::usleep(5000);
    }
    return std::nullopt;
  }

  ManualClock clock_;
  UniqueFd scanner_end_;
  std::vector<std::string> log_;
  std::unique_ptr<SerialCodeScanner> scanner_;
};

TEST_F(SerialReadPathTest, AReceiptUrlEndedByCrIsOneCodeUnchangedByTheTty) {
  ASSERT_EQ(scanner_->poll_interests().size(), 1u);
  send(kUrl + "\r");
  EXPECT_EQ(take(), kUrl);  // raw mode: the CR ends the code, it is not turned into LF
  auto none = scanner_->take_code();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  // Nothing came back: the tty echoes nothing to the scanner.
  char echoed;
  EXPECT_EQ(::read(scanner_end_.get(), &echoed, 1), -1);
  EXPECT_EQ(errno, EAGAIN);
}

TEST_F(SerialReadPathTest, TwoScansInOneReadAreTwoCodes) {
  send("CS1,33010126,0000000042,a1B2c3,1250,20260101\r\n" + kUrl + "\r\n");
  EXPECT_EQ(take(), "CS1,33010126,0000000042,a1B2c3,1250,20260101");
  EXPECT_EQ(take(), kUrl);
}

TEST_F(SerialReadPathTest, APartialLineTimesOutOnTheLoopsTimer) {
  send("https://www.chinaebill.cn/");
  for (int i = 0; i < 200 && !scanner_->next_timeout(); ++i) {  // until the tty passed the bytes on
    auto code = scanner_->take_code();
    ASSERT_TRUE(code.ok() && !code->has_value());
    ::usleep(5000);
  }
  EXPECT_EQ(scanner_->next_timeout(), milliseconds(500));
  clock_.advance(milliseconds(500));
  scanner_->process_events();
  ASSERT_EQ(log_.size(), 1u);
  EXPECT_NE(log_[0].find("serial scanner /dev/pts/"), std::string::npos) << log_[0];
  EXPECT_NE(log_[0].find("no end of line for 500 ms after 26 bytes"), std::string::npos) << log_[0];
  EXPECT_FALSE(scanner_->next_timeout().has_value());
}

TEST_F(SerialReadPathTest, AHangUpIsUnpluggedAndClosesThePort) {
  send("CODE1\r");
  EXPECT_EQ(take(), "CODE1");
  scanner_end_.reset();  // the scanner's end goes away, as a USB scanner unplugged
  auto code = scanner_->take_code();
  ASSERT_FALSE(code.ok());
  EXPECT_EQ(code.code(), ErrorCode::kUnavailable);
  EXPECT_NE(code.error().message.find("was unplugged"), std::string::npos) << code.error().message;
  EXPECT_TRUE(scanner_->poll_interests().empty());  // the loop does not spin on a hung-up tty
}

}  // namespace
}  // namespace chainslip

#include "drivers/transport/lp_printer_transport.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace chainslip {
namespace {

const std::string kUdevHint = "/etc/udev/rules.d/60-chainslip-printer.rules";

// A pseudo-terminal pair stands in for /dev/usb/lp0: the transport opens
// the slave by path, the test plays the printer on the master.
class Pty {
 public:
  Pty() {
    master_ = ::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (master_ < 0 || ::grantpt(master_) != 0 || ::unlockpt(master_) != 0) return;
    termios raw{};
    ::tcgetattr(master_, &raw);
    ::cfmakeraw(&raw);  // bytes pass unchanged: no echo, no CR/LF mapping
    ::tcsetattr(master_, TCSANOW, &raw);
    path_ = ::ptsname(master_);
  }
  ~Pty() { unplug(); }
  bool ok() const { return !path_.empty(); }
  const std::string& path() const { return path_; }
  // The printer's side: what it received (up to 64 KiB) and its replies.
  std::string take() {
    std::string got;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(master_, buf, sizeof buf)) > 0) got.append(buf, static_cast<std::size_t>(n));
    return got;
  }
  void reply(const std::string& bytes) {
    ASSERT_EQ(::write(master_, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  }
  void unplug() {
    if (master_ >= 0) ::close(master_);
    master_ = -1;
  }

 private:
  int master_ = -1;
  std::string path_;
};

std::filesystem::path temp_path(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("chainslip-lp-" + std::to_string(::getpid()) + "-" + name);
}

TEST(LpPrinterTransportTest, Describe) {
  LpPrinterTransport t("/dev/usb/lp0");
  EXPECT_EQ(t.describe(), "lp /dev/usb/lp0");
  EXPECT_FALSE(t.is_open());
  EXPECT_TRUE(t.poll_interests().empty());
  EXPECT_FALSE(t.next_timeout().has_value());
}

TEST(LpPrinterTransportTest, MissingDeviceGivesTheHint) {
  LpPrinterTransport t("/dev/usb/lp-chainslip-missing");
  const Status status = t.open();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kUnavailable);
  EXPECT_EQ(
      status.error().message,
      "no printer at /dev/usb/lp-chainslip-missing: is it plugged in and powered, is the usblp module loaded "
      "(modprobe usblp)?");
  EXPECT_FALSE(t.is_open());
  auto written = t.write_some(as_bytes("x"));
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.code(), ErrorCode::kFailedPrecondition);
}

TEST(LpPrinterTransportTest, OpenErrorsSayWhatToDo) {
  const Error denied = lp_open_error("/dev/usb/lp0", EACCES);
  EXPECT_EQ(denied.code, ErrorCode::kPermissionDenied);
  EXPECT_NE(denied.message.find("permission denied opening /dev/usb/lp0"), std::string::npos);
  EXPECT_NE(denied.message.find("lp group"), std::string::npos) << denied.message;
  EXPECT_NE(denied.message.find(kUdevHint), std::string::npos) << denied.message;
  EXPECT_EQ(lp_open_error("/dev/usb/lp0", EPERM).code, ErrorCode::kPermissionDenied);
  const Error busy = lp_open_error("/dev/usb/lp0", EBUSY);
  EXPECT_EQ(busy.code, ErrorCode::kBusy);
  EXPECT_NE(busy.message.find("another program has it open (CUPS?"), std::string::npos) << busy.message;
  const Error gone = lp_open_error("/dev/usb/lp0", ENODEV);
  EXPECT_EQ(gone.code, ErrorCode::kUnavailable);
  EXPECT_NE(gone.message.find("no printer at /dev/usb/lp0 (No such device)"), std::string::npos)
      << gone.message;
  EXPECT_EQ(lp_open_error("/dev/usb/lp0", ENXIO).code, ErrorCode::kUnavailable);
  const Error other = lp_open_error("/dev/usb/lp0", EMFILE);
  EXPECT_EQ(other.code, ErrorCode::kUnavailable);
  EXPECT_NE(other.message.find("cannot open printer /dev/usb/lp0: Too many open files"), std::string::npos);
}

TEST(LpPrinterTransportTest, PermissionDeniedOnARealOpen) {
  if (::geteuid() == 0)
    GTEST_SKIP() << "running as root: file modes do not stop root, so EACCES cannot happen";
  const auto path = temp_path("denied");
  std::ofstream(path).put('x');
  ::chmod(path.c_str(), 0);
  LpPrinterTransport t(path);
  const Status status = t.open();
  std::filesystem::remove(path);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kPermissionDenied);
  EXPECT_NE(status.error().message.find("lp group"), std::string::npos);
}

TEST(LpPrinterTransportTest, WriteOnlyDeviceFallsBack) {
  if (::geteuid() == 0) GTEST_SKIP() << "running as root: a write-only mode does not stop root from reading";
  const auto path = temp_path("write-only");
  std::ofstream(path).put('x');
  ::chmod(path.c_str(), 0200);
  LpPrinterTransport t(path);
  const Status status = t.open();
  ASSERT_TRUE(status.ok()) << status.error().message;
  auto written = t.write_some(as_bytes("\x1b@"));
  ASSERT_TRUE(written.ok());
  EXPECT_EQ(*written, 2u);
  auto read = t.read_some();
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(read->empty());
  ASSERT_EQ(t.poll_interests().size(), 1u);
  EXPECT_EQ(t.poll_interests()[0].events, 0);  // no POLLIN on a write-only device
  t.close();
  std::filesystem::remove(path);
}

TEST(LpPrinterTransportTest, WritesReachThePrinterAndStatusComesBack) {
  Pty pty;
  ASSERT_TRUE(pty.ok());
  LpPrinterTransport t(pty.path());
  const Status status = t.open();
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_TRUE(t.is_open());
  EXPECT_TRUE(t.open().ok());  // already open: nothing changes
  const std::string job = "\x1b@HELLO\n\x10\x04\x01";
  auto written = t.write_some(as_bytes(job));
  ASSERT_TRUE(written.ok()) << written.error().message;
  EXPECT_EQ(*written, job.size());
  EXPECT_EQ(pty.take(), job);
  ASSERT_EQ(t.poll_interests().size(), 1u);
  EXPECT_EQ(t.poll_interests()[0].events, POLLIN);

  auto nothing = t.read_some();
  ASSERT_TRUE(nothing.ok());
  EXPECT_TRUE(nothing->empty());
  pty.reply("\x12");
  pollfd p{t.poll_interests()[0].fd, POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 2000), 1);  // the loop would wake here
  t.process_events();
  auto reply = t.read_some();
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(*reply, Bytes{0x12});
}

TEST(LpPrinterTransportTest, AFullDeviceTakesNothingAndAsksForPollout) {
  Pty pty;
  ASSERT_TRUE(pty.ok());
  LpPrinterTransport t(pty.path());
  ASSERT_TRUE(t.open().ok());
  const std::string chunk(4096, 'A');
  std::size_t total = 0;
  bool full = false;
  for (int i = 0; i < 1000 && !full; ++i) {
    auto n = t.write_some(as_bytes(chunk));
    ASSERT_TRUE(n.ok()) << n.error().message;
    total += *n;
    full = *n < chunk.size();
  }
  ASSERT_TRUE(full);
  EXPECT_EQ(t.poll_interests()[0].events, POLLIN | POLLOUT);
  std::size_t drained = 0;
  for (int i = 0; i < 100 && drained < total; ++i) drained += pty.take().size();
  t.process_events();
  EXPECT_EQ(t.poll_interests()[0].events, POLLIN);  // writable again
  auto n = t.write_some(as_bytes(chunk));
  ASSERT_TRUE(n.ok());
  EXPECT_GT(*n, 0u);
}

TEST(LpPrinterTransportTest, UnpluggedIsLinkLostOnWrite) {
  Pty pty;
  ASSERT_TRUE(pty.ok());
  LpPrinterTransport t(pty.path());
  ASSERT_TRUE(t.open().ok());
  pty.unplug();
  auto written = t.write_some(as_bytes("\x1b@"));
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.code(), ErrorCode::kUnavailable);
  EXPECT_NE(written.error().message.find("printer lp " + pty.path() + " is gone (Input/output error)"),
            std::string::npos)
      << written.error().message;
  EXPECT_FALSE(t.is_open());
  EXPECT_TRUE(t.poll_interests().empty());
  EXPECT_EQ(t.read_some().code(), ErrorCode::kUnavailable);  // stays lost
  EXPECT_EQ(t.write_some(as_bytes("x")).code(), ErrorCode::kUnavailable);
  // The device node is gone too: open() says there is no printer.
  const Status again = t.open();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.code(), ErrorCode::kUnavailable);
}

TEST(LpPrinterTransportTest, StatusReceivedBeforeTheLossIsStillHandedOut) {
  Pty pty;
  ASSERT_TRUE(pty.ok());
  LpPrinterTransport t(pty.path());
  ASSERT_TRUE(t.open().ok());
  pty.reply("\x12");
  pollfd p{t.poll_interests()[0].fd, POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 2000), 1);
  t.process_events();  // the loop took the status byte in
  pty.unplug();
  t.process_events();  // ... and then saw the hang-up
  EXPECT_FALSE(t.is_open());
  auto last = t.read_some();  // what the printer sent before it went
  ASSERT_TRUE(last.ok()) << last.error().message;
  EXPECT_EQ(*last, Bytes{0x12});
  auto lost = t.read_some();
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.code(), ErrorCode::kUnavailable);
  EXPECT_NE(lost.error().message.find("printer lp " + pty.path() + " hung up"), std::string::npos)
      << lost.error().message;
}

TEST(LpPrinterTransportTest, ProcessEventsNoticesTheHangUp) {
  Pty pty;
  ASSERT_TRUE(pty.ok());
  LpPrinterTransport t(pty.path());
  ASSERT_TRUE(t.open().ok());
  pty.unplug();
  pollfd p{t.poll_interests()[0].fd, t.poll_interests()[0].events, 0};
  ASSERT_EQ(::poll(&p, 1, 2000), 1);
  t.process_events();
  EXPECT_FALSE(t.is_open());
}

TEST(LpPrinterTransportTest, CloseThenOpenAgain) {
  Pty pty;
  ASSERT_TRUE(pty.ok());
  LpPrinterTransport t(pty.path());
  ASSERT_TRUE(t.open().ok());
  t.close();
  EXPECT_FALSE(t.is_open());
  EXPECT_EQ(t.write_some(as_bytes("x")).code(), ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(t.open().ok());
  auto written = t.write_some(as_bytes("AGAIN"));
  ASSERT_TRUE(written.ok());
  EXPECT_EQ(pty.take(), "AGAIN");
}

// Regression: "lp:<regular file>" wrote status queries over the file's
// first bytes (pointed at journal.db, it destroyed the journal).
TEST(LpPrinterTransportTest, ARegularFileIsRefusedAndLeftUntouched) {
  const std::string path = ::testing::TempDir() + "/lp-not-a-device.db";
  const std::string content = "SQLite format 3 - precious bytes";
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fwrite(content.data(), 1, content.size(), f);
    std::fclose(f);
  }
  LpPrinterTransport t(path);
  const Status opened = t.open();
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(opened.error().message.find("not a printer device"), std::string::npos) << opened.error().message;
  EXPECT_FALSE(t.is_open());
  std::FILE* f = std::fopen(path.c_str(), "rb");
  ASSERT_NE(f, nullptr);
  std::string back(content.size() + 16, '\0');
  back.resize(std::fread(back.data(), 1, back.size(), f));
  std::fclose(f);
  EXPECT_EQ(back, content);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace chainslip

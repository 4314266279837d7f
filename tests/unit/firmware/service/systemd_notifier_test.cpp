#include "firmware/service/systemd_notifier.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "core/event/simulated_time.h"

namespace chainslip {
namespace {

using namespace std::chrono_literals;

// Plays systemd: a datagram socket at $NOTIFY_SOCKET collecting what the
// service says.
class FakeSystemd {
 public:
  FakeSystemd() {
    path_ = "/tmp/chainslip-notify-" + std::to_string(::getpid());
    ::unlink(path_.c_str());
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    path_.copy(addr.sun_path, sizeof addr.sun_path - 1);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ::setenv("NOTIFY_SOCKET", path_.c_str(), 1);
    ::setenv("WATCHDOG_USEC", "200000", 1);
    ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
  }
  ~FakeSystemd() {
    ::unsetenv("NOTIFY_SOCKET");
    ::unsetenv("WATCHDOG_USEC");
    ::unsetenv("WATCHDOG_PID");
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  std::vector<std::string> messages() {
    std::vector<std::string> out;
    char buf[512];
    ssize_t n;
    while ((n = ::recv(fd_, buf, sizeof buf, 0)) > 0) out.emplace_back(buf, static_cast<std::size_t>(n));
    return out;
  }

 private:
  std::string path_;
  int fd_ = -1;
};

TEST(SystemdNotifierTest, PingsTheWatchdogAtHalfItsIntervalFromTheLoop) {
  FakeSystemd systemd;
  ManualClock clock;
  auto loop = EventLoop::create(clock);
  ASSERT_TRUE(loop.ok());
  SimulatedTime time(clock, **loop);
  auto notifier = SystemdNotifier::create(**loop);
  ASSERT_TRUE(notifier.ok());
  ASSERT_TRUE((*notifier)->watchdog_interval().has_value());
  EXPECT_EQ(*(*notifier)->watchdog_interval(), 200ms);

  (*notifier)->ready("verifying receipts");
  EXPECT_EQ(systemd.messages(), std::vector<std::string>{"READY=1\nSTATUS=verifying receipts"});
  ASSERT_TRUE(time.advance(99ms).ok());
  EXPECT_TRUE(systemd.messages().empty());
  ASSERT_TRUE(time.advance(1ms).ok());
  EXPECT_EQ(systemd.messages(), std::vector<std::string>{"WATCHDOG=1"});
  ASSERT_TRUE(time.advance(300ms).ok());
  EXPECT_EQ(systemd.messages().size(), 3u);  // at 200, 300 and 400 ms
}

TEST(SystemdNotifierTest, OutsideSystemdItStaysQuiet) {
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
  ManualClock clock;
  auto loop = EventLoop::create(clock);
  ASSERT_TRUE(loop.ok());
  auto notifier = SystemdNotifier::create(**loop);
  ASSERT_TRUE(notifier.ok());
  EXPECT_FALSE((*notifier)->watchdog_interval().has_value());
  (*notifier)->ready("up");  // no socket: nothing happens, nothing fails
  EXPECT_FALSE((*loop)->next_deadline().has_value());
}

}  // namespace
}  // namespace chainslip

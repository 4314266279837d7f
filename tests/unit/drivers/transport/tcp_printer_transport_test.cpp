#include "drivers/transport/tcp_printer_transport.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "sim/printer/tcp_listener.h"
#include "sim/printer/virtual_printer.h"

namespace chainslip {
namespace {

using namespace std::chrono_literals;
using sim::TcpPrinterListener;
using sim::VirtualPrinter;

const std::string kInit = "\x1b@";
const std::string kDleEot1 = "\x10\x04\x01";  // printer status; 0x12 when all is well

// One round of the service's event loop: poll the transport's interests (at
// most 50 ms, or its next_timeout), then let it work.
void run_once(PrinterTransport& t) {
  std::vector<pollfd> fds;
  for (const PollInterest& i : t.poll_interests()) fds.push_back({i.fd, i.events, 0});
  int timeout_ms = 50;
  if (auto next = t.next_timeout()) timeout_ms = static_cast<int>(std::min<long>(timeout_ms, next->count()));
  ::poll(fds.data(), fds.size(), timeout_ms);
  t.process_events();
}

// Runs the loop until done() or a bounded number of rounds.
bool run_until(PrinterTransport& t, const std::function<bool()>& done, int rounds = 200) {
  for (int i = 0; i < rounds && !done(); ++i) run_once(t);
  return done();
}

// Writes all of `bytes`, running the loop while the transport takes none.
Status write_all(PrinterTransport& t, const std::string& bytes) {
  ByteView rest = as_bytes(bytes);
  for (int i = 0; i < 400 && !rest.empty(); ++i) {
    CS_ASSIGN_OR_RETURN(const std::size_t n, t.write_some(rest));
    rest = rest.subspan(n);
    if (!rest.empty()) run_once(t);
  }
  if (!rest.empty()) return make_error(ErrorCode::kDeadlineExceeded, "write did not finish");
  return {};
}

// Reads until `count` bytes came (or the loop gave up).
Result<Bytes> read_exactly(PrinterTransport& t, std::size_t count) {
  Bytes got;
  for (int i = 0; i < 200 && got.size() < count; ++i) {
    CS_ASSIGN_OR_RETURN(const Bytes more, t.read_some());
    got.insert(got.end(), more.begin(), more.end());
    if (got.size() < count) run_once(t);
  }
  return got;
}

std::vector<std::string> printed_lines(VirtualPrinter& printer) {
  printer.advance(2s);
  const sim::Paper paper = printer.paper();
  std::vector<std::string> lines;
  for (const sim::TextLine& l : paper.text()) lines.push_back(l.utf8);
  return lines;
}

class TcpPrinterTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto p = VirtualPrinter::create();
    ASSERT_TRUE(p.ok()) << p.error().message;
    printer_ = std::move(p).value();
    start_listener(0);
  }

  void start_listener(std::uint16_t port) {
    auto l = TcpPrinterListener::start(*printer_, {.port = port});
    ASSERT_TRUE(l.ok()) << l.error().message;
    listener_ = std::move(l).value();
  }

  TcpPrinterAddress address() const { return {"127.0.0.1", listener_->port()}; }

  // open() and the loop until connected.
  void connect(TcpPrinterTransport& t) {
    const Status opened = t.open();
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    ASSERT_TRUE(run_until(t, [&] { return t.connected() || !t.is_open(); }));
    ASSERT_TRUE(t.connected()) << t.read_some().error().message;
  }

  // Prints a line and proves with a status query that the printer got it.
  void print_and_confirm(TcpPrinterTransport& t, const std::string& line) {
    ASSERT_TRUE(write_all(t, kInit + line + "\n" + kDleEot1).ok());
    auto reply = read_exactly(t, 1);
    ASSERT_TRUE(reply.ok()) << reply.error().message;
    ASSERT_EQ(*reply, Bytes{0x12});
  }

  std::unique_ptr<VirtualPrinter> printer_;
  std::unique_ptr<TcpPrinterListener> listener_;
};

TEST_F(TcpPrinterTransportTest, Describe) {
  TcpPrinterTransport t({"10.0.0.5", 9100});
  EXPECT_EQ(t.describe(), "tcp 10.0.0.5:9100");
  EXPECT_FALSE(t.is_open());
  EXPECT_TRUE(t.poll_interests().empty());
  EXPECT_FALSE(t.next_timeout().has_value());
}

TEST_F(TcpPrinterTransportTest, NotOpenIsAnErrorNotACrash) {
  TcpPrinterTransport t(address());
  auto written = t.write_some(as_bytes(kInit));
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(written.error().message.find("tcp 127.0.0.1:"), std::string::npos);
  EXPECT_FALSE(t.read_some().ok());
}

TEST_F(TcpPrinterTransportTest, BytesArriveAndPrint) {
  TcpPrinterTransport t(address());
  ASSERT_NO_FATAL_FAILURE(connect(t));
  const auto interests = t.poll_interests();
  ASSERT_EQ(interests.size(), 1u);
  EXPECT_EQ(interests[0].events, POLLIN);  // connected, nothing pending
  EXPECT_FALSE(t.next_timeout().has_value());
  ASSERT_TRUE(write_all(t, kInit + "FIRST LINE\nSECOND LINE\n").ok());
  ASSERT_NO_FATAL_FAILURE(print_and_confirm(t, "THIRD LINE"));
  EXPECT_EQ(printed_lines(*printer_), (std::vector<std::string>{"FIRST LINE", "SECOND LINE", "THIRD LINE"}));
}

TEST_F(TcpPrinterTransportTest, StatusRepliesComeBackThroughReadSome) {
  TcpPrinterTransport t(address());
  ASSERT_NO_FATAL_FAILURE(connect(t));
  printer_->set_paper_out(true);
  ASSERT_TRUE(write_all(t, "\x10\x04\x04" + kDleEot1).ok());  // paper sensor, then printer status
  auto reply = read_exactly(t, 2);
  ASSERT_TRUE(reply.ok()) << reply.error().message;
  ASSERT_EQ(reply->size(), 2u);
  EXPECT_EQ((*reply)[0] & 0x60, 0x60);  // paper end
  EXPECT_EQ((*reply)[1] & 0x08, 0x08);  // offline
  auto nothing = t.read_some();
  ASSERT_TRUE(nothing.ok());
  EXPECT_TRUE(nothing->empty());
}

TEST_F(TcpPrinterTransportTest, ConnectionRefusedNamesTheAddress) {
  // A port bound but not listening refuses connections, and stays ours.
  const int bound = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(bound, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::getsockname(bound, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const std::uint16_t port = ntohs(addr.sin_port);

  TcpPrinterTransport t({"127.0.0.1", port});
  Status status = t.open();
  if (status.ok()) {  // the refusal may come back through the loop
    ASSERT_TRUE(run_until(t, [&] { return !t.is_open(); }));
    auto written = t.write_some(as_bytes(kInit));
    ASSERT_FALSE(written.ok());
    status = written.error();
  }
  ::close(bound);
  ASSERT_FALSE(status.ok());
  EXPECT_FALSE(t.is_open());
  EXPECT_EQ(status.code(), ErrorCode::kUnavailable);
  EXPECT_NE(status.error().message.find("printer tcp 127.0.0.1:" + std::to_string(port) +
                                        " refused the connection"),
            std::string::npos)
      << status.error().message;
}

TEST_F(TcpPrinterTransportTest, UnresolvableHostIsUnavailable) {
  TcpPrinterTransport t({"printer.invalid", 9100});  // RFC 6761: never resolves
  const Status status = t.open();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kUnavailable);
  EXPECT_NE(status.error().message.find("tcp printer.invalid:9100"), std::string::npos)
      << status.error().message;
  EXPECT_FALSE(t.is_open());
}

TEST_F(TcpPrinterTransportTest, ConnectTimesOutThroughNextTimeout) {
  // A listener whose accept queue is full drops new SYNs: the connect hangs.
  const int full = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(full, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(full, 0), 0);
  ASSERT_EQ(::getsockname(full, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const int queued = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_EQ(::connect(queued, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);

  ManualClock clock;
  TcpPrinterTransport t({"127.0.0.1", ntohs(addr.sin_port)}, {.connect_timeout = 3000ms, .clock = &clock});
  ASSERT_TRUE(t.open().ok());
  run_once(t);
  ASSERT_TRUE(t.is_open());
  ASSERT_FALSE(t.connected());
  ASSERT_EQ(t.poll_interests().size(), 1u);
  EXPECT_EQ(t.poll_interests()[0].events, POLLIN | POLLOUT);
  EXPECT_EQ(t.next_timeout(), 3000ms);
  auto early = t.write_some(as_bytes(kInit));
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(*early, 0u);  // nothing is taken while connecting
  clock.advance(2999ms);
  t.process_events();
  EXPECT_TRUE(t.is_open());
  EXPECT_EQ(t.next_timeout(), 1ms);
  clock.advance(1ms);
  t.process_events();
  EXPECT_FALSE(t.is_open());
  EXPECT_FALSE(t.next_timeout().has_value());
  auto written = t.write_some(as_bytes(kInit));
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.code(), ErrorCode::kUnavailable);
  EXPECT_NE(written.error().message.find(":" + std::to_string(ntohs(addr.sin_port)) +
                                         " did not answer within 3000 ms"),
            std::string::npos)
      << written.error().message;
  ::close(queued);
  ::close(full);
}

TEST_F(TcpPrinterTransportTest, UnpluggedMidWriteIsLinkLostThenReopenAfterReplug) {
  TcpPrinterTransport t(address());
  ASSERT_NO_FATAL_FAILURE(connect(t));
  printer_->unplug_after(20);
  std::string job = kInit;
  for (int i = 0; i < 20; ++i) job += "LINE " + std::to_string(i) + "\n";
  Error lost{ErrorCode::kInternal, "link never lost"};
  const bool noticed = run_until(t, [&] {
    auto w = t.write_some(as_bytes(job));
    auto r = t.read_some();
    if (!w.ok()) lost = w.error();
    if (w.ok() && !r.ok()) lost = r.error();
    return !w.ok() || !r.ok();
  });
  ASSERT_TRUE(noticed);
  EXPECT_FALSE(t.is_open());
  EXPECT_EQ(lost.code, ErrorCode::kUnavailable);
  EXPECT_NE(lost.message.find("tcp 127.0.0.1:" + std::to_string(listener_->port())), std::string::npos)
      << lost.message;
  EXPECT_FALSE(t.write_some(as_bytes(kInit)).ok());  // stays lost until open()

  printer_->advance(2s);
  const std::size_t printed_before = printer_->paper().text().size();
  printer_->replug();
  ASSERT_NO_FATAL_FAILURE(connect(t));
  ASSERT_NO_FATAL_FAILURE(print_and_confirm(t, "AFTER REPLUG"));
  const auto lines = printed_lines(*printer_);
  ASSERT_EQ(lines.size(), printed_before + 1);
  EXPECT_EQ(lines.back(), "AFTER REPLUG");
}

TEST_F(TcpPrinterTransportTest, ListenerStoppedIsLinkLostThenReconnects) {
  TcpPrinterTransport t(address());
  ASSERT_NO_FATAL_FAILURE(connect(t));
  ASSERT_NO_FATAL_FAILURE(print_and_confirm(t, "BEFORE"));
  const std::uint16_t port = listener_->port();
  listener_.reset();  // the printer is switched off: connection closed, port closed
  ASSERT_TRUE(run_until(t, [&] { return !t.is_open(); }));
  auto read = t.read_some();
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.code(), ErrorCode::kUnavailable);
  EXPECT_NE(
      read.error().message.find("printer tcp 127.0.0.1:" + std::to_string(port) + " closed the connection"),
      std::string::npos)
      << read.error().message;

  // Switched off: refused.
  Status refused = t.open();
  if (refused.ok()) {
    ASSERT_TRUE(run_until(t, [&] { return !t.is_open(); }));
    refused = t.read_some().error();
  }
  EXPECT_EQ(refused.code(), ErrorCode::kUnavailable);
  EXPECT_NE(refused.error().message.find("refused"), std::string::npos) << refused.error().message;

  // Switched on again at the same address.
  ASSERT_NO_FATAL_FAILURE(start_listener(port));
  ASSERT_NO_FATAL_FAILURE(connect(t));
  ASSERT_NO_FATAL_FAILURE(print_and_confirm(t, "AFTER"));
  EXPECT_EQ(printed_lines(*printer_), (std::vector<std::string>{"BEFORE", "AFTER"}));
}

TEST_F(TcpPrinterTransportTest, AShortWriteAsksForPollout) {
  TcpPrinterTransport t(address());
  ASSERT_NO_FATAL_FAILURE(connect(t));
  printer_->set_paper_out(true);  // the printer stops taking bytes once its buffer is full
  const std::string chunk(64 * 1024, 'A');
  bool full = false;
  for (int i = 0; i < 4000 && !full; ++i) {
    auto n = t.write_some(as_bytes(chunk));
    ASSERT_TRUE(n.ok()) << n.error().message;
    full = *n < chunk.size();
  }
  ASSERT_TRUE(full);
  ASSERT_EQ(t.poll_interests().size(), 1u);
  EXPECT_EQ(t.poll_interests()[0].events, POLLIN | POLLOUT);
  t.close();
  EXPECT_FALSE(t.is_open());
  EXPECT_TRUE(t.poll_interests().empty());
}

}  // namespace
}  // namespace chainslip

#include "sim/printer/virtual_printer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <string>

#include "drivers/scanner/qr/zbar_qr_decoder.h"
#include "sim/printer/in_process_link.h"
#include "sim/printer/paper_png.h"
#include "sim/printer/tcp_listener.h"

namespace chainslip::sim {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;

const std::string kInit = "\x1b@";
const std::string kPayload = "CS1,33010126,0000000042,a1B2c3,1250,20260101";

std::unique_ptr<VirtualPrinter> make_printer(VirtualPrinterConfig config = {}) {
  auto p = VirtualPrinter::create(config);
  if (!p.ok()) {
    ADD_FAILURE() << p.error().message;
    return nullptr;
  }
  return std::move(p).value();
}

std::vector<std::string> texts(const Paper& p) {
  std::vector<std::string> out;
  for (const TextLine& l : p.text()) out.push_back(l.utf8);
  return out;
}

std::string numbered_lines(int count, int width = 7) {
  std::string job;
  for (int i = 0; i < count; ++i) {
    std::string line = "LINE " + std::to_string(1000 + i).substr(1);
    line.resize(static_cast<std::size_t>(width), '.');
    job += line + "\n";
  }
  return job;
}

std::vector<std::string> expected_lines(int count, int width = 7) {
  std::vector<std::string> out;
  std::string job = numbered_lines(count, width);
  for (std::size_t i = 0; i < job.size(); i += static_cast<std::size_t>(width) + 1) {
    out.push_back(job.substr(i, static_cast<std::size_t>(width)));
  }
  return out;
}

std::string qr_job(const std::string& payload, int module, char ec) {
  const std::size_t store = payload.size() + 3;
  return kInit + "\x1b" "a\x01\n\n" + "\x1d(k\x04\x00\x31\x41\x32\x00"s + "\x1d(k\x03\x00\x31\x43"s +
         static_cast<char>(module) + "\x1d(k\x03\x00\x31\x45"s + ec + "\x1d(k"s + static_cast<char>(store & 0xFF) +
         static_cast<char>(store >> 8) + "\x31\x50\x30" + payload + "\x1d(k\x03\x00\x31\x51\x30"s +
         "\n\nCS1\n\n\x1dV\x41\x00"s;
}

// The kiosk's own zbar decoder reads the printed paper, as a patient's phone would.
std::vector<std::string> zbar_decode(const PaperImage& img) {
  const Y800Frame paper{img.width, img.height, img.grey};
  auto found = ZbarQrDecoder(QrDecoderOptions{.inverted_retry = false}).decode(paper);
  EXPECT_TRUE(found.ok()) << found.error().message;
  return found.ok() ? *found : std::vector<std::string>{};
}

std::filesystem::path temp_dir() {
  auto dir = std::filesystem::temp_directory_path() /
             ("chainslip-printer-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(VirtualPrinterTest, DleEotRepliesInEveryFaultState) {
  struct Case {
    const char* name;
    void (*inject)(VirtualPrinter&);
    Bytes expected;  // DLE EOT 1, 2, 3, 4
  };
  const Case cases[] = {
      {"online", [](VirtualPrinter&) {}, {0x12, 0x12, 0x12, 0x12}},
      {"paper near end", [](VirtualPrinter& p) { p.set_paper_near_end(true); }, {0x12, 0x12, 0x12, 0x1E}},
      {"paper out", [](VirtualPrinter& p) { p.set_paper_out(true); }, {0x1A, 0x32, 0x12, 0x7E}},
      {"cover open", [](VirtualPrinter& p) { p.set_cover_open(true); }, {0x1A, 0x16, 0x12, 0x12}},
      {"cutter error", [](VirtualPrinter& p) { p.set_cutter_error(true); }, {0x1A, 0x52, 0x1A, 0x12}},
  };
  for (const Case& c : cases) {
    auto printer = make_printer();
    ASSERT_TRUE(printer);
    c.inject(*printer);
    InProcessPrinterLink link(*printer);
    ASSERT_TRUE(link.write(as_bytes("\x10\x04\x01\x10\x04\x02\x10\x04\x03\x10\x04\x04")).ok());
    EXPECT_EQ(link.read(), c.expected) << c.name;
  }
}

TEST(VirtualPrinterTest, RealTimeStatusIsAnsweredWhenOfflineWithAFullBuffer) {
  auto printer = make_printer();
  ASSERT_TRUE(printer);
  printer->set_paper_out(true);
  InProcessPrinterLink link(*printer);
  ASSERT_TRUE(link.write(as_bytes(std::string(4096, 'x'))).ok());
  EXPECT_EQ(printer->buffer_free(), 0u);
  // Split across writes, and arriving with no room left: still answered.
  ASSERT_TRUE(link.write(as_bytes("\x10\x04")).ok());
  ASSERT_TRUE(link.write(as_bytes("\x04")).ok());
  EXPECT_EQ(link.read(), Bytes{0x7E});
  EXPECT_EQ(printer->overflowed_bytes(), 3u);
}

TEST(VirtualPrinterTest, AsbSendsAFrameWhenEnabledAndOnEveryReportedChange) {
  auto printer = make_printer();
  ASSERT_TRUE(printer);
  InProcessPrinterLink link(*printer);
  printer->set_cover_open(true);  // no ASB yet: nothing sent
  printer->set_cover_open(false);
  EXPECT_TRUE(link.read().empty());
  ASSERT_TRUE(link.write(as_bytes("\x1d" "a\x0a")).ok());  // online/offline + paper sensor
  EXPECT_EQ(link.read(), (Bytes{0x10, 0x00, 0x00, 0x00}));
  printer->set_paper_near_end(true);
  EXPECT_EQ(link.read(), (Bytes{0x10, 0x00, 0x03, 0x00}));
  printer->set_cover_open(true);
  EXPECT_EQ(link.read(), (Bytes{0x38, 0x00, 0x03, 0x00}));
  printer->set_cutter_error(true);  // error bit not asked for, but offline already: no change
  EXPECT_TRUE(link.read().empty());
  printer->set_cover_open(false);
  printer->set_paper_out(true);
  EXPECT_EQ(link.read(), (Bytes{0x18, 0x08, 0x03, 0x00, 0x18, 0x08, 0x0F, 0x00}));
}

TEST(VirtualPrinterTest, GsRIsAnsweredInTurn) {
  auto printer = make_printer();
  ASSERT_TRUE(printer);
  printer->set_paper_near_end(true);
  InProcessPrinterLink link(*printer);
  ASSERT_TRUE(link.write(as_bytes("\x1dr\x01")).ok());
  EXPECT_EQ(link.read(), Bytes{0x03});
  // Offline, GS r waits in the buffer until the printer is back.
  printer->set_cover_open(true);
  ASSERT_TRUE(link.write(as_bytes("\x1dr\x01")).ok());
  EXPECT_TRUE(link.read().empty());
  printer->set_cover_open(false);
  EXPECT_EQ(link.read(), Bytes{0x03});
}

TEST(VirtualPrinterTest, PaperOutMidJobStopsThenResumesWithEveryLineOnce) {
  auto printer = make_printer();
  ASSERT_TRUE(printer);
  InProcessPrinterLink link(*printer);
  ASSERT_TRUE(link.write(as_bytes(kInit + numbered_lines(20))).ok());
  printer->advance(100ms);  // 1200 rows/s, 30 rows a line: one line per 25 ms
  printer->set_paper_out(true);
  const auto before = texts(printer->paper());
  EXPECT_EQ(before.size(), 5u);
  printer->advance(5s);
  EXPECT_EQ(texts(printer->paper()), before);  // nothing more while out
  ASSERT_TRUE(link.write(as_bytes("\x10\x04\x01\x10\x04\x02")).ok());
  EXPECT_EQ(link.read(), (Bytes{0x1A, 0x32}));
  ASSERT_TRUE(link.write(as_bytes("END\n")).ok());  // still buffered while offline
  printer->set_paper_out(false);
  printer->advance(5s);
  auto expected = expected_lines(20);
  expected.push_back("END");
  EXPECT_EQ(texts(printer->paper()), expected);
  EXPECT_TRUE(printer->idle());
  EXPECT_TRUE(printer->log().empty());  // the DLE EOT bytes in the stream were skipped
}

TEST(VirtualPrinterTest, CutterErrorIsLatchedUntilDleEnq) {
  auto printer = make_printer();
  ASSERT_TRUE(printer);
  InProcessPrinterLink link(*printer);
  printer->set_cutter_error(true);
  ASSERT_TRUE(link.write(as_bytes(kInit + "A\n")).ok());
  printer->advance(1s);
  EXPECT_TRUE(texts(printer->paper()).empty());
  ASSERT_TRUE(link.write(as_bytes("\x10\x05\x01")).ok());  // ignored: the cause is still there
  printer->set_cutter_error(false);
  ASSERT_TRUE(link.write(as_bytes("\x10\x04\x03")).ok());
  EXPECT_EQ(link.read(), Bytes{0x1A});
  printer->advance(1s);
  EXPECT_TRUE(texts(printer->paper()).empty());
  ASSERT_TRUE(link.write(as_bytes("\x10\x05\x01")).ok());  // recover, resume the job
  printer->advance(1s);
  EXPECT_EQ(texts(printer->paper()), std::vector<std::string>{"A"});
  EXPECT_FALSE(printer->status().offline);

  // DLE ENQ 2 recovers and drops what was waiting.
  printer->set_cutter_error(true);
  ASSERT_TRUE(link.write(as_bytes("B\n")).ok());
  printer->set_cutter_error(false);
  ASSERT_TRUE(link.write(as_bytes("\x10\x05\x02" "C\n")).ok());
  printer->advance(1s);
  EXPECT_EQ(texts(printer->paper()), (std::vector<std::string>{"A", "C"}));
  EXPECT_TRUE(printer->log().empty());
}

TEST(VirtualPrinterTest, UnpacedHostOverflowsTheBufferAndAPacedOneDoesNot) {
  const int kLines = 250;  // 10 KB of 40-column lines
  const std::string job = kInit + numbered_lines(kLines, 40);
  ASSERT_GT(job.size(), 10000u);
  VirtualPrinterConfig slow;
  slow.head_rows_per_second = 600;

  auto flooded = make_printer(slow);
  ASSERT_TRUE(flooded);
  InProcessPrinterLink flood(*flooded);
  ASSERT_EQ(*flood.write(as_bytes(job)), job.size());  // all crossed the cable...
  EXPECT_GT(flooded->overflowed_bytes(), job.size() - 4096 - 100);  // ...most found no room
  flooded->advance(60s);
  EXPECT_LT(flooded->paper().text().size(), 110u);

  auto paced = make_printer(slow);
  ASSERT_TRUE(paced);
  paced->set_head_speed(300);  // slower still: pacing must cope
  InProcessPrinterLink link(*paced);
  for (std::size_t sent = 0; sent < job.size();) {
    const std::size_t n = std::min(job.size() - sent, paced->buffer_free());
    auto wrote = link.write(as_bytes(std::string_view(job).substr(sent, n)));
    ASSERT_TRUE(wrote.ok());
    sent += *wrote;
    paced->advance(50ms);
  }
  paced->advance(60s);
  EXPECT_EQ(paced->overflowed_bytes(), 0u);
  EXPECT_EQ(texts(paced->paper()), expected_lines(kLines, 40));
}

TEST(VirtualPrinterTest, HeadSpeedSetsHowLongAJobTakes) {
  auto printer = make_printer();
  ASSERT_TRUE(printer);
  printer->set_head_speed(30);  // one 30-row line a second
  InProcessPrinterLink link(*printer);
  ASSERT_TRUE(link.write(as_bytes(numbered_lines(4))).ok());
  printer->advance(2500ms);
  EXPECT_EQ(printer->paper().text().size(), 3u);
  EXPECT_FALSE(printer->idle());
  printer->advance(2s);
  EXPECT_EQ(printer->paper().text().size(), 4u);
  EXPECT_TRUE(printer->idle());
}

TEST(VirtualPrinterTest, TakingCutTicketsTearsThemOffAndKeepsTheUncutTail) {
  auto printer = make_printer();
  ASSERT_TRUE(printer);
  InProcessPrinterLink link(*printer);
  const std::string cut = "\x1dV\x00"s;
  ASSERT_TRUE(link.write(as_bytes(kInit + "ONE\n" + cut + "TWO\n" + cut + "TAIL\n")).ok());
  printer->advance(2s);
  ASSERT_EQ(printer->paper().cuts().size(), 2u);
  const int tail_rows = printer->paper().height() - printer->paper().cuts().back();

  const std::vector<Paper> taken = printer->take_cut_tickets();
  ASSERT_EQ(taken.size(), 2u);
  EXPECT_EQ(texts(taken[0]), (std::vector<std::string>{"ONE"}));
  EXPECT_EQ(texts(taken[1]), (std::vector<std::string>{"TWO"}));
  // Only the paper after the last cut is left, its text at the top of the roll.
  EXPECT_EQ(printer->paper().height(), tail_rows);
  EXPECT_TRUE(printer->paper().cuts().empty());
  ASSERT_EQ(texts(printer->paper()), (std::vector<std::string>{"TAIL"}));
  EXPECT_EQ(printer->paper().text()[0].y, 0);
  EXPECT_TRUE(printer->take_cut_tickets().empty());

  // Printing goes on below the tail; the next cut makes it one ticket.
  ASSERT_TRUE(link.write(as_bytes("MORE\n" + cut)).ok());
  printer->advance(2s);
  const std::vector<Paper> next = printer->take_cut_tickets();
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(texts(next[0]), (std::vector<std::string>{"TAIL", "MORE"}));
  EXPECT_EQ(printer->paper().height(), 0);
}

TEST(VirtualPrinterTest, UnplugMidJobKeepsOnlyWhatCrossed) {
  auto printer = make_printer();
  ASSERT_TRUE(printer);
  InProcessPrinterLink link(*printer);
  const std::string job = kInit + numbered_lines(10);
  printer->unplug_after(2 + 3 * 8 + 4);  // three lines and a half
  auto wrote = link.write(as_bytes(job));
  ASSERT_TRUE(wrote.ok());
  EXPECT_EQ(*wrote, 30u);
  auto again = link.write(as_bytes("X\n"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.code(), ErrorCode::kUnavailable);
  printer->advance(5s);
  EXPECT_EQ(texts(printer->paper()), expected_lines(3));
  printer->replug();
  ASSERT_TRUE(link.write(as_bytes("\n")).ok());  // the half line ends up printed once replugged
  printer->advance(1s);
  EXPECT_EQ(texts(printer->paper()).back(), "LINE");
}

TEST(VirtualPrinterTest, QrIsPrintedAtItsModuleSizeAndDecodesBackFromThePng) {
  auto printer = make_printer(VirtualPrinterConfig{PaperWidth::k58mm});
  ASSERT_TRUE(printer);
  InProcessPrinterLink link(*printer);
  ASSERT_TRUE(link.write(as_bytes(qr_job(kPayload, 5, '1'))).ok());
  printer->advance(10s);
  EXPECT_TRUE(printer->log().empty());
  const std::vector<Paper> tickets = printer->paper().tickets();
  ASSERT_EQ(tickets.size(), 1u);

  // The symbol: centred, a whole number of 5-dot modules, a QR version's size.
  const Paper& t = tickets[0];
  int x0 = t.width(), x1 = 0, y0 = t.height(), y1 = 0;
  for (int y = 0; y < t.height(); ++y) {
    if (!t.text().empty() && y >= t.text()[0].y) break;
    for (int x = 0; x < t.width(); ++x) {
      if (t.dot(x, y)) x0 = std::min(x0, x), x1 = std::max(x1, x + 1), y0 = std::min(y0, y), y1 = std::max(y1, y + 1);
    }
  }
  ASSERT_EQ(x1 - x0, y1 - y0);
  ASSERT_EQ((x1 - x0) % 5, 0);
  EXPECT_EQ(((x1 - x0) / 5 - 17) % 4, 0);
  EXPECT_LE(std::abs((x0 + x1) - t.width()), 1);

  const auto path = temp_dir() / "ticket-1.png";
  ASSERT_TRUE(write_paper_png(t, path.string()).ok());
  auto image = read_paper_png(path.string());
  ASSERT_TRUE(image.ok()) << image.error().message;
  EXPECT_EQ(image->width, 384);
  EXPECT_EQ(zbar_decode(*image), std::vector<std::string>{kPayload});
  EXPECT_EQ(image->text, std::vector<std::string>{"CS1"});
  std::filesystem::remove_all(path.parent_path());
}

TEST(VirtualPrinterTest, PngCarriesTheDotsAndTheUtf8TextLayer) {
  auto printer = make_printer();
  ASSERT_TRUE(printer);
  InProcessPrinterLink link(*printer);
  const std::string gb = "\xd5\xe3\xbd\xad\xca\xa1\xc8\xcb\xc3\xf1\xd2\xbd\xd4\xba";
  ASSERT_TRUE(link.write(as_bytes(kInit + "\x1b" "a\x01\x1d!\x11\x1c&" + gb + "\x1c.\n\x1d!\x00"s +
                                  "\x1b" "a\x00" "\x1c&\xbd\xbb\xbf\xee\xc8\xcb\x1c.: ZHANG Wei\n"s +
                                  "Amount: 12.50\n\x1b" "d\x03\x1dV\x01"s))
                  .ok());
  printer->advance(5s);
  const Paper paper = printer->paper();
  auto png = encode_paper_png(paper);
  ASSERT_TRUE(png.ok());
  auto image = decode_paper_png(*png);
  ASSERT_TRUE(image.ok());
  EXPECT_EQ(image->text, (std::vector<std::string>{"浙江省人民医院", "交款人: ZHANG Wei", "Amount: 12.50"}));
  ASSERT_EQ(image->height, paper.height());
  for (int y = 0; y < paper.height(); ++y) {
    for (int x = 0; x < paper.width(); ++x) ASSERT_EQ(image->black(x, y), paper.dot(x, y)) << x << "," << y;
  }
  // Kept for a human to look at, when asked to.
  if (const char* out = std::getenv("CHAINSLIP_PRINTER_PNG")) {
    ASSERT_TRUE(write_paper_png(paper, out).ok());
  }
}

TEST(VirtualPrinterTest, MissingFontNamesThePackage) {
  auto font = BitmapFont::load("/nonexistent/unifont.hex");
  ASSERT_FALSE(font.ok());
  EXPECT_EQ(font.code(), ErrorCode::kNotFound);
  EXPECT_NE(font.error().message.find("unifont"), std::string::npos);
}

// --- TCP

int connect_to(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Reads once, waiting up to 2 s: bytes, or "" at EOF / reset.
ssize_t read_some(int fd, std::uint8_t* buf, std::size_t len) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 2000) != 1) return -2;  // timeout
  return ::recv(fd, buf, len, 0);
}

TEST(VirtualPrinterTest, TcpListenerRoundTrip) {
  auto printer = make_printer();
  ASSERT_TRUE(printer);
  auto listener = TcpPrinterListener::start(*printer, {.port = 0});
  ASSERT_TRUE(listener.ok()) << listener.error().message;
  ASSERT_NE((*listener)->port(), 0);
  const int fd = connect_to((*listener)->port());
  ASSERT_GE(fd, 0);
  const std::string job = kInit + numbered_lines(3) + "\x10\x04\x01";
  ASSERT_EQ(::send(fd, job.data(), job.size(), MSG_NOSIGNAL), static_cast<ssize_t>(job.size()));
  std::uint8_t reply = 0;
  ASSERT_EQ(read_some(fd, &reply, 1), 1);
  EXPECT_EQ(reply, 0x12);
  printer->advance(1s);  // the reply came after the job, so all of it is in
  EXPECT_EQ(texts(printer->paper()), expected_lines(3));
  ::close(fd);
  (*listener)->stop();
}

TEST(VirtualPrinterTest, TcpUnplugMidJobDropsTheConnection) {
  auto printer = make_printer();
  ASSERT_TRUE(printer);
  auto listener = TcpPrinterListener::start(*printer, {.port = 0});
  ASSERT_TRUE(listener.ok()) << listener.error().message;
  const int fd = connect_to((*listener)->port());
  ASSERT_GE(fd, 0);
  printer->unplug_after(2 + 2 * 8);
  const std::string job = kInit + numbered_lines(6);
  ASSERT_EQ(::send(fd, job.data(), job.size(), MSG_NOSIGNAL), static_cast<ssize_t>(job.size()));
  std::uint8_t buf[16];
  const ssize_t n = read_some(fd, buf, sizeof buf);
  EXPECT_TRUE(n == 0 || (n < 0 && errno == ECONNRESET)) << n;
  // Writing on is refused too.
  bool refused = false;
  for (int i = 0; i < 100 && !refused; ++i) {
    refused = ::send(fd, job.data(), job.size(), MSG_NOSIGNAL) < 0 && (errno == EPIPE || errno == ECONNRESET);
  }
  EXPECT_TRUE(refused);
  ::close(fd);
  printer->advance(2s);
  EXPECT_EQ(texts(printer->paper()), expected_lines(2));
  EXPECT_EQ(printer->received_bytes(), 18u);
  // While unplugged no new connection is served.
  const int again = connect_to((*listener)->port());
  if (again >= 0) {
    EXPECT_LE(read_some(again, buf, sizeof buf), 0);
    ::close(again);
  }
}

}  // namespace
}  // namespace chainslip::sim

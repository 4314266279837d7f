// chainslipd as a process: what an operator sees when it cannot start, and a
// clean start and stop against the simulated node.

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <netinet/in.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "built_program.h"
#include "tests/support/prometheus_text.h"
#include "core/chain/trust_anchor.h"
#include "core/engine/fisco_bcos/trust_anchor.h"
#include "core/exchange/device_identity.h"
#include "core/util/file_io.h"
#include "drivers/scanner/qr/qr_decoder_factory.h"
#include "drivers/transport/printer_transport_factory.h"
#include "sim/node/chain_node.h"
#include "sim/node/node_server.h"
#include "sim/scanner/virtual_serial_scanner.h"

extern char** environ;

namespace chainslip {
namespace {

namespace fs = std::filesystem;

fs::path daemon_path() { return test::built_program("firmware/chainslipd"); }
// The crash test's chainslipd, with its failpoint (firmware/CMakeLists.txt).
fs::path failpoint_daemon_path() { return test::built_program("firmware/chainslipd-failpoints"); }

// chainslipd running with its stderr on a pipe.
class Daemon {
 public:
  explicit Daemon(const std::vector<std::string>& args, const fs::path& program = daemon_path()) {
    int fds[2];
    EXPECT_EQ(::pipe2(fds, O_CLOEXEC), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    std::vector<std::string> argv_text = test::program_argv(program, args);
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    EXPECT_EQ(posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    err_ = fds[0];
  }
  ~Daemon() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(err_);
  }

  // Reads stderr until `pattern` matches the text so far, or the timeout or EOF.
  bool wait_for(const std::regex& pattern, std::chrono::seconds timeout = std::chrono::seconds(20)) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (!std::regex_search(log_, pattern)) {
      if (!read_some(end)) return std::regex_search(log_, pattern);
    }
    return true;
  }
  // The exit code, after reading the rest of stderr.
  int wait_exit() {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (read_some(end)) {
    }
    int status = 0;
    ::waitpid(pid_, &status, 0);
    exited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  void signal(int signo) { ::kill(pid_, signo); }
  pid_t pid() const { return pid_; }
  // One read of stderr; false at EOF or when `end` has passed.
  bool read_some(std::chrono::steady_clock::time_point end) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{err_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buf[4096];
    const ssize_t n = ::read(err_, buf, sizeof buf);
    if (n <= 0) return false;
    log_.append(buf, static_cast<std::size_t>(n));
    return true;
  }
  const std::string& log() const { return log_; }

 private:
  pid_t pid_ = -1;
  int err_ = -1;
  bool exited_ = false;
  std::string log_;
};

// A web server where the printer should be: each connection gets "HTTP/1.1
// 400 Bad Request" to whatever it sends first, then is closed.
class HttpPeer {
 public:
  HttpPeer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len), 0);
    EXPECT_EQ(::listen(fd_, 8), 0);
    EXPECT_EQ(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~HttpPeer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }
  int answered() const { return answered_; }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int conn = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (conn < 0) continue;
      pollfd c{conn, POLLIN, 0};
      char buf[256];
      if (::poll(&c, 1, 2000) > 0 && ::read(conn, buf, sizeof buf) > 0) {
        const std::string answer = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        if (::write(conn, answer.data(), answer.size()) > 0) ++answered_;
      }
      ::close(conn);
    }
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> answered_{0};
  std::thread thread_;
};

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class ChainslipdTest : public ::testing::Test {
 protected:
  static constexpr const char* kKioskId = "KIOSK-T-01";  // its device certificate and its config
  void SetUp() override {
    ASSERT_TRUE(fs::exists(daemon_path())) << daemon_path();
    dir_ = fs::temp_directory_path() / ("chainslipd-test-" + std::to_string(::getpid()) + "-" +
                                        test_name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    sim::ChainNode::Options o;
    o.suite = Suite::kP256Sha256;
    auto node = sim::ChainNode::create(o);
    ASSERT_TRUE(node.ok());
    node_ = std::move(node).value();
    ASSERT_TRUE(write_file_atomic(path("anchor.json"), trust_anchor_to_json(node_->anchor()).dump()).ok());
    const std::uint64_t now = static_cast<std::uint64_t>(::time(nullptr));
    auto kit = node_->make_device(kKioskId, "测试", now - 86400, now + 86400);
    ASSERT_TRUE(kit.ok());
    ASSERT_TRUE(write_file_atomic(path("device.json"), device_identity_to_json(*kit).dump(), 0600).ok());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  // The running test's name as one path component (a parameterised test's has a '/').
  static std::string test_name() {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '_');
    return name;
  }
  // A config for this test's files; `extra` is appended (TOML tables).
  std::string config(const std::string& node_url, const std::string& printer, const std::string& extra = "") {
    const std::string file = path("chainslip.toml");
    std::ofstream(file) << "[kiosk]\nid = \"" << kKioskId << "\"\npaper_code = \"33010199\"\ndata_dir = \""
                        << path("data") << "\"\n"
                        << "[chain]\nanchor = \"" << path("anchor.json") << "\"\nnodes = [\"" << node_url
                        << "\"]\n[device]\nidentity = \"" << path("device.json") << "\"\n"
                        << "[printer]\naddress = \"" << printer << "\"\n"
                        << "[screen]\nlisten = \"127.0.0.1:0\"\n"
                        << "[metrics]\nlisten = \"127.0.0.1:0\"\n"
                        << extra;
    return file;
  }

  fs::path dir_;
  std::unique_ptr<sim::ChainNode> node_;
};

TEST_F(ChainslipdTest, CheckConfigAcceptsTheExampleAndNamesTheLineOfAMistake) {
  Daemon ok(
      {"--config", std::string(CHAINSLIP_SOURCE_DIR) + "/firmware/config/chainslip.toml", "--check-config"});
  EXPECT_EQ(ok.wait_exit(), 0) << ok.log();

  std::ofstream(path("bad.toml")) << "[kiosk]\npaper_kode = \"1\"\n";
  Daemon bad({"--config", path("bad.toml"), "--check-config"});
  EXPECT_EQ(bad.wait_exit(), 2);
  EXPECT_NE(bad.log().find("bad.toml:2:14: kiosk.paper_kode: unknown key"), std::string::npos) << bad.log();
}

// --check-config runs start-up's own checks (prepare_kiosk): each value that
// would stop chainslipd at start fails the check, naming its key. One test
// per value.
struct RefusedValue {
  std::string name;   // the test's
  std::string key;    // the message must name it
  std::string table;  // the TOML table and line that set it
  std::string line;
};

class ChainslipdCheckConfigTest : public ChainslipdTest, public ::testing::WithParamInterface<RefusedValue> {};

TEST_P(ChainslipdCheckConfigTest, RefusesWhatStartUpWouldRefuseNamingTheKey) {
  const RefusedValue& c = GetParam();
  const std::string file = path("case.toml");
  // What only the site knows, then the value under test in its table.
  std::ofstream(file) << "[kiosk]\nid = \"K1\"\npaper_code = \"33010199\"\n" << (c.table == "kiosk" ? c.line : "")
                      << "\n[chain]\n" << (c.table == "chain" ? c.line : "nodes = [\"http://127.0.0.1:1\"]") << "\n"
                      << (c.table == "kiosk" || c.table == "chain" ? "" : "[" + c.table + "]\n" + c.line + "\n");
  Daemon check({"--config", file, "--check-config"});
  EXPECT_EQ(check.wait_exit(), 2) << c.line << "\n" << check.log();
  EXPECT_NE(check.log().find(c.key + ":"), std::string::npos) << c.line << "\n" << check.log();
  EXPECT_EQ(check.log().find(": ok"), std::string::npos) << c.line;
}

INSTANTIATE_TEST_SUITE_P(
    Values, ChainslipdCheckConfigTest,
    ::testing::Values(
        RefusedValue{"UsbIdsNotFourHexDigits", "printer.address", "printer", "address = \"usb:416:5011\""},
        RefusedValue{"TcpPrinterPortAbove65535", "printer.address", "printer", "address = \"tcp:127.0.0.1:99999\""},
        RefusedValue{"ProfileThatIsAPath", "printer.profile", "printer", "profile = \"../../etc/passwd\""},
        RefusedValue{"ListenPortOfSixDigits", "screen.listen", "screen", "listen = \"127.0.0.1:80800\""},
        RefusedValue{"ListenPortAbove65535", "screen.listen", "screen", "listen = \"127.0.0.1:99999\""},
        RefusedValue{"ListenNotLoopback", "screen.listen", "screen", "listen = \"0.0.0.0:8080\""},
        RefusedValue{"NodeThatIsAFileUrl", "chain.nodes", "chain", "nodes = [\"file:///etc/passwd\"]"},
        RefusedValue{"EmptyDataDir", "kiosk.data_dir", "kiosk", "data_dir = \"\""},
        RefusedValue{"MetricsPortAbove65535", "metrics.listen", "metrics", "listen = \"0.0.0.0:99999\""}),
    [](const ::testing::TestParamInfo<RefusedValue>& value) { return value.param.name; });

// The optional device backends (CHAINSLIP_WITH_LIBUSB, _ZBAR, _ZXING;
// docs/DEPENDENCIES.md): a config that chooses one passes start-up's checks
// in a build that has it, and in a build without it fails them naming the
// key and the option the build was made with. One test per choice; the
// `minimal` preset builds without all three.
struct BackendChoice {
  std::string name;     // the test's
  std::string key;      // the message must name it
  std::string printer;  // printer.address
  std::string scanner;  // the [scanner] table's lines
  bool built;           // in this build
};

class ChainslipdBackendTest : public ChainslipdTest, public ::testing::WithParamInterface<BackendChoice> {};

TEST_P(ChainslipdBackendTest, StartsWithTheChoiceOrNamesTheMissingBackend) {
  const BackendChoice& c = GetParam();
  Daemon check({"--config", config("http://127.0.0.1:1", c.printer, "[scanner]\n" + c.scanner + "\n"),
                "--check-config"});
  const int exit_code = check.wait_exit();
  if (c.built) {
    EXPECT_EQ(exit_code, 0) << check.log();
    return;
  }
  EXPECT_EQ(exit_code, 2) << check.log();
  EXPECT_NE(check.log().find(c.key + ":"), std::string::npos) << check.log();
  EXPECT_NE(check.log().find("not in this build"), std::string::npos) << check.log();
  EXPECT_NE(check.log().find("=OFF)"), std::string::npos) << check.log();
}

INSTANTIATE_TEST_SUITE_P(
    Choices, ChainslipdBackendTest,
    ::testing::Values(
        BackendChoice{"UsbPrinter", "printer.address", "usb:0416:5011", "kind = \"serial\"\ndevice = \"/dev/ttyACM0\"",
                      usb_printer_transport_built()},
        BackendChoice{"ZbarDecoder", "scanner.decoder", "tcp:127.0.0.1:1", "kind = \"camera\"\ndecoder = \"zbar\"",
                      qr_decoder_built("zbar")},
        BackendChoice{"ZxingDecoder", "scanner.decoder", "tcp:127.0.0.1:1",
                      "kind = \"camera\"\ndecoder = \"zxing\"", qr_decoder_built("zxing")},
        BackendChoice{"ZxingThenZbarDecoder", "scanner.decoder", "tcp:127.0.0.1:1",
                      "kind = \"camera\"\ndecoder = \"zxing+zbar\"", qr_decoder_built("zxing+zbar")}),
    [](const ::testing::TestParamInfo<BackendChoice>& value) { return value.param.name; });

// A FIFO named as the config file is refused at once, not waited on for a writer.
TEST_F(ChainslipdTest, CheckConfigRefusesAFifoAtOnce) {
  ASSERT_EQ(::mkfifo(path("fifo.toml").c_str(), 0600), 0);
  const auto start = std::chrono::steady_clock::now();
  Daemon check({"--config", path("fifo.toml"), "--check-config"});
  EXPECT_EQ(check.wait_exit(), 2) << check.log();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_NE(check.log().find("not a regular file"), std::string::npos) << check.log();
}

TEST_F(ChainslipdTest, EachStartUpFailureIsOneLineNamingTheKeyAndExitTwo) {
  fs::remove(path("anchor.json"));
  Daemon no_anchor({"--config", config("http://127.0.0.1:1", "tcp:127.0.0.1:1")});
  EXPECT_EQ(no_anchor.wait_exit(), 2);
  EXPECT_NE(no_anchor.log().find("cannot start: chain.anchor:"), std::string::npos) << no_anchor.log();

  // A FISCO BCOS chain's anchor: verifiable by `chainslip verify`, not a chain the kiosk runs on yet.
  fisco::TrustAnchor fisco_anchor;
  fisco_anchor.chain_id = "chain0";
  fisco_anchor.group_id = "group0";
  fisco_anchor.sealers = fisco::SealerList{{Bytes(64, 0x42)}, {1}};
  ASSERT_TRUE(write_file_atomic(path("anchor.json"), fisco::trust_anchor_to_json(fisco_anchor).dump()).ok());
  Daemon fisco({"--config", config("http://127.0.0.1:1", "tcp:127.0.0.1:1")});
  EXPECT_EQ(fisco.wait_exit(), 2);
  EXPECT_NE(fisco.log().find("cannot start: chain.anchor:"), std::string::npos) << fisco.log();
  EXPECT_NE(fisco.log().find("is for a fisco-bcos-3 chain; chainslipd runs on chainslip's chain only"),
            std::string::npos)
      << fisco.log();
  ASSERT_TRUE(write_file_atomic(path("anchor.json"), trust_anchor_to_json(node_->anchor()).dump()).ok());

  ASSERT_EQ(::chmod(path("device.json").c_str(), 0644), 0);
  Daemon open_key({"--config", config("http://127.0.0.1:1", "tcp:127.0.0.1:1")});
  EXPECT_EQ(open_key.wait_exit(), 2);
  EXPECT_NE(open_key.log().find("cannot start: device.identity:"), std::string::npos) << open_key.log();
  EXPECT_NE(open_key.log().find("chmod 600"), std::string::npos) << open_key.log();
  ASSERT_EQ(::chmod(path("device.json").c_str(), 0600), 0);

  // A journal emptied behind the kiosk's back: refused, not begun again at paper 1.
  fs::create_directories(path("data"));
  std::ofstream(path("data/journal.db")).flush();
  Daemon empty_journal({"--config", config("http://127.0.0.1:1", "tcp:127.0.0.1:1")});
  EXPECT_EQ(empty_journal.wait_exit(), 2);
  EXPECT_NE(empty_journal.log().find("cannot start: kiosk service: exchange journal " + path("data/journal.db") +
                                     " is empty (0 bytes)"),
            std::string::npos)
      << empty_journal.log();
  fs::remove_all(path("data"));

  // The simulator's printer is a TCP one like any other: "sim" is no kind of printer here.
  Daemon sim_printer({"--config", config("http://127.0.0.1:1", "sim")});
  EXPECT_EQ(sim_printer.wait_exit(), 2);
  EXPECT_NE(sim_printer.log().find("printer.address: printer address \"sim\": unknown kind"), std::string::npos) << sim_printer.log();
  EXPECT_FALSE(fs::exists(path("data/journal.db")));  // nothing half-started
}

TEST_F(ChainslipdTest, StartsServesTheScreenAndStopsCleanlyOnSigterm) {
  auto server = sim::NodeServer::start(*node_, {});
  ASSERT_TRUE(server.ok()) << server.error().message;
  // No printer listens on port 1: the kiosk still starts and says the printer is offline.
  Daemon d({"--config", config("http://127.0.0.1:" + std::to_string((*server)->port()), "tcp:127.0.0.1:1")});
  ASSERT_TRUE(d.wait_for(std::regex("chainslipd: ready"))) << d.log();
  // Why the printer cannot print is logged, once, as a warning.
  ASSERT_TRUE(d.wait_for(std::regex("warning printer tcp 127\\.0\\.0\\.1:1 refused the connection"))) << d.log();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(d.log(), m, std::regex(R"(screen on http://127\.0\.0\.1:(\d+)/)")))
      << d.log();

  httplib::Client screen("127.0.0.1", std::stoi(m[1]));
  auto view = screen.Get("/view");
  ASSERT_TRUE(view) << d.log();
  EXPECT_EQ(view->status, 200);
  // The start screen; no printer answers in this test, so it says exchanges are paused.
  EXPECT_NE(view->body.find("\"state\":\"idle_paused\""), std::string::npos) << view->body;
  // The screen's staff view says why the printer is not heard (at its next device refresh, within a second).
  Json printer_view = Json::object();
  for (int i = 0; i < 50 && printer_view.value("fault", "") != "unreachable"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (auto again = screen.Get("/view")) printer_view = Json::parse(again->body)["devices"]["printer"];
  }
  EXPECT_EQ(printer_view["fault"], "unreachable") << printer_view.dump();
  EXPECT_NE(printer_view["fault_detail"].get<std::string>().find("refused the connection"), std::string::npos);

  struct stat st {};
  ASSERT_EQ(::stat(path("data").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat(path("data/journal.db").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0077, 0u);
  ASSERT_EQ(::stat(path("data/cache.db").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0077, 0u);

  d.signal(SIGTERM);
  EXPECT_EQ(d.wait_exit(), 0) << d.log();
  const std::regex refused("refused the connection");
  EXPECT_EQ(std::distance(std::sregex_iterator(d.log().begin(), d.log().end(), refused), std::sregex_iterator()), 1)
      << d.log();
  EXPECT_NE(d.log().find("SIGTERM, stopping"), std::string::npos);
  EXPECT_NE(d.log().find("chainslipd: stopped"), std::string::npos);
}

// The failpoint the crash test arms (CHAINSLIP_KILL_AFTER) is built into
// chainslipd-failpoints only: the kiosk's chainslipd never reads the
// variable, so a value the failpoint build refuses starts it as usual.
TEST_F(ChainslipdTest, OnlyTheFailpointBuildReadsTheCrashTestsVariable) {
  auto server = sim::NodeServer::start(*node_, {});
  ASSERT_TRUE(server.ok()) << server.error().message;
  const std::string cfg = config("http://127.0.0.1:" + std::to_string((*server)->port()), "tcp:127.0.0.1:1");
  ::setenv("CHAINSLIP_KILL_AFTER", "not-a-step", 1);
  {
    Daemon armed({"--config", cfg}, failpoint_daemon_path());
    EXPECT_EQ(armed.wait_exit(), 2) << armed.log();
    EXPECT_NE(armed.log().find("cannot start: test hook"), std::string::npos) << armed.log();
  }
  Daemon kiosk({"--config", cfg});
  ::unsetenv("CHAINSLIP_KILL_AFTER");
  EXPECT_TRUE(kiosk.wait_for(std::regex("chainslipd: ready"))) << kiosk.log();
  EXPECT_EQ(kiosk.log().find("test hook"), std::string::npos) << kiosk.log();
  kiosk.signal(SIGTERM);
  EXPECT_EQ(kiosk.wait_exit(), 0) << kiosk.log();
  // Not a line of it is in the program: the variable's name appears nowhere.
  std::ifstream in(daemon_path(), std::ios::binary);
  const std::string binary((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(binary.size(), 100000u);
  EXPECT_EQ(binary.find("CHAINSLIP_KILL_AFTER"), std::string::npos);
}

// A peer that answers HTTP where the printer should be is named once as no
// ESC/POS printer, for the log, the screen's staff view and `chainslip
// status`; nothing it says is read as printer status.
TEST_F(ChainslipdTest, AWebServerAsThePrinterIsReportedOnceAsNoEscPosPrinter) {
  auto server = sim::NodeServer::start(*node_, {});
  ASSERT_TRUE(server.ok()) << server.error().message;
  HttpPeer peer;
  const std::string printer = "tcp 127.0.0.1:" + std::to_string(peer.port());
  Daemon d({"--config", config("http://127.0.0.1:" + std::to_string((*server)->port()),
                               "tcp:127.0.0.1:" + std::to_string(peer.port()))});
  ASSERT_TRUE(d.wait_for(std::regex("warning printer " + printer + " is not an ESC/POS printer"))) << d.log();
  // Reconnects go on (one a second); the same reason is not logged again.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (peer.answered() < 3 && std::chrono::steady_clock::now() < until) d.read_some(until);
  EXPECT_GE(peer.answered(), 3);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(d.log(), m, std::regex(R"(screen on http://127\.0\.0\.1:(\d+)/)"))) << d.log();
  httplib::Client screen("127.0.0.1", std::stoi(m[1]));
  Json printer_view = Json::object();
  // The view is refreshed each second: it may still show an earlier reason
  // (the first link reset before the peer's answer was read).
  for (int i = 0; i < 50 && printer_view.value("fault", "") != "not_escpos"; ++i) {
    if (auto view = screen.Get("/view")) printer_view = Json::parse(view->body)["devices"]["printer"];
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(printer_view["ok"], false);
  EXPECT_EQ(printer_view["fault"], "not_escpos");
  EXPECT_NE(printer_view["fault_detail"].get<std::string>().find("is not an ESC/POS printer"), std::string::npos);
  d.signal(SIGTERM);
  EXPECT_EQ(d.wait_exit(), 0) << d.log();
  EXPECT_EQ(count(d.log(), "is not an ESC/POS printer"), 1u) << d.log();
  // No condition line ("printer tcp ...: online ..." / "cover open ..."): its answer was never read as status.
  EXPECT_EQ(count(d.log(), "printer " + printer + ": "), 0u) << d.log();
}

// Hospital IT's view: /healthz, and /metrics in Prometheus text that moves
// with what happens (a scanned code that is no receipt, node requests, time).
// The code comes from the simulator's serial scanner, read as a real one.
TEST_F(ChainslipdTest, ServesHealthAndMetricsThatChangeWithEvents) {
  auto server = sim::NodeServer::start(*node_, {});
  ASSERT_TRUE(server.ok()) << server.error().message;
  auto scanner = sim::VirtualSerialScanner::open(path("scanner"));
  ASSERT_TRUE(scanner.ok()) << scanner.error().message;
  Daemon d({"--config", config("http://127.0.0.1:" + std::to_string((*server)->port()), "tcp:127.0.0.1:1",
                               "[scanner]\nkind = \"serial\"\ndevice = \"" + path("scanner") + "\"\n")});
  ASSERT_TRUE(d.wait_for(std::regex(R"(metrics on http://127\.0\.0\.1:\d+/metrics)"))) << d.log();
  ASSERT_TRUE(d.wait_for(std::regex("chainslipd: ready"))) << d.log();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(d.log(), m, std::regex(R"(metrics on http://127\.0\.0\.1:(\d+)/metrics)")));
  httplib::Client metrics("127.0.0.1", std::stoi(m[1]));
  auto health = metrics.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto scrape = [&metrics] {
    auto res = metrics.Get("/metrics");
    EXPECT_TRUE(res && res->status == 200);
    return test::parse_exposition(res ? res->body : "");
  };
  const auto before = scrape();
  EXPECT_EQ(before.at("chainslip_verification_failures_total{reason=\"not_a_receipt_code\"}"), 0);
  EXPECT_EQ(before.at("chainslip_printer_ready"), 0);  // nothing listens on port 1
  EXPECT_EQ(before.at("chainslip_printer_state{state=\"disconnected\"}"), 1);

  ASSERT_TRUE((*scanner)->scan("not a receipt").ok());
  test::Exposition after;
  for (int i = 0; i < 50; ++i) {
    after = scrape();
    if (after.at("chainslip_verification_failures_total{reason=\"not_a_receipt_code\"}") == 1 &&
        after.at("chainslip_uptime_seconds") > before.at("chainslip_uptime_seconds")) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(after.at("chainslip_verification_failures_total{reason=\"not_a_receipt_code\"}"), 1);
  EXPECT_GT(after.at("chainslip_uptime_seconds"), before.at("chainslip_uptime_seconds"));
  // Boot's check of the device's counters asked the node at least once.
  EXPECT_GE(after.at("chainslip_node_request_duration_seconds_count{result=\"ok\"}"), 1);
  EXPECT_EQ(after.at("chainslip_cache_receipts"), 0);
  d.signal(SIGTERM);
  EXPECT_EQ(d.wait_exit(), 0) << d.log();
  // The outcome record (under systemd a journal entry with REASON=not_a_receipt_code).
  EXPECT_NE(d.log().find("info receipt rejected: not_a_receipt_code"), std::string::npos) << d.log();
}

TEST_F(ChainslipdTest, ASecondDaemonOnTheSameDataDirRefusesToStartAndNamesTheFirst) {
  auto server = sim::NodeServer::start(*node_, {});
  ASSERT_TRUE(server.ok()) << server.error().message;
  const std::string file = config("http://127.0.0.1:" + std::to_string((*server)->port()), "tcp:127.0.0.1:1");
  Daemon first({"--config", file});
  ASSERT_TRUE(first.wait_for(std::regex("chainslipd: ready"))) << first.log();

  Daemon second({"--config", file});
  EXPECT_EQ(second.wait_exit(), 2) << second.log();
  EXPECT_NE(second.log().find("cannot start: kiosk.data_dir: the data directory " + path("data") +
                              " is in use by another chainslipd (pid " + std::to_string(first.pid()) + ")"),
            std::string::npos)
      << second.log();
  EXPECT_EQ(second.log().find("ready"), std::string::npos) << second.log();

  // Killed outright, the first leaves no lock behind: the next start serves.
  first.signal(SIGKILL);
  first.wait_exit();
  Daemon third({"--config", file});
  EXPECT_TRUE(third.wait_for(std::regex("chainslipd: ready"))) << third.log();
}

}  // namespace
}  // namespace chainslip

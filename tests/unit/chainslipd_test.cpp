// chainslipd as a process: what an operator sees when it cannot start, and a
// clean start and stop against the simulated node.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "built_program.h"
#include "core/chain/trust_anchor.h"
#include "core/exchange/device_identity.h"
#include "core/util/file_io.h"
#include "sim/node/chain_node.h"
#include "sim/node/node_server.h"

extern char** environ;

namespace chainslip {
namespace {

namespace fs = std::filesystem;

fs::path daemon_path() { return test::built_program("firmware/chainslipd"); }

// chainslipd running with its stderr on a pipe.
class Daemon {
 public:
  explicit Daemon(const std::vector<std::string>& args) {
    int fds[2];
    EXPECT_EQ(::pipe2(fds, O_CLOEXEC), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    std::vector<std::string> argv_text = test::program_argv(daemon_path(), args);
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

class ChainslipdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(daemon_path())) << daemon_path();
    dir_ = fs::temp_directory_path() / ("chainslipd-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    sim::ChainNode::Options o;
    o.suite = Suite::kP256Sha256;
    auto node = sim::ChainNode::create(o);
    ASSERT_TRUE(node.ok());
    node_ = std::move(node).value();
    ASSERT_TRUE(write_file_atomic(path("anchor.json"), trust_anchor_to_json(node_->anchor()).dump()).ok());
    const std::uint64_t now = static_cast<std::uint64_t>(::time(nullptr));
    auto kit = node_->make_device("KIOSK-DEMO-01", "测试", now - 86400, now + 86400);
    ASSERT_TRUE(kit.ok());
    ASSERT_TRUE(write_file_atomic(path("device.json"), device_identity_to_json(*kit).dump(), 0600).ok());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  // A config for this test's files; `extra` is appended (TOML tables).
  std::string config(const std::string& node_url, const std::string& printer, const std::string& extra = "") {
    const std::string file = path("chainslip.toml");
    std::ofstream(file) << "[kiosk]\ndata_dir = \"" << path("data") << "\"\n"
                        << "[chain]\nanchor = \"" << path("anchor.json") << "\"\nnodes = [\"" << node_url
                        << "\"]\n[device]\nidentity = \"" << path("device.json") << "\"\n"
                        << "[printer]\naddress = \"" << printer << "\"\n"
                        << "[screen]\nlisten = \"127.0.0.1:0\"\n"
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

TEST_F(ChainslipdTest, EachStartUpFailureIsOneLineNamingTheKeyAndExitTwo) {
  fs::remove(path("anchor.json"));
  Daemon no_anchor({"--config", config("http://127.0.0.1:1", "tcp:127.0.0.1:1")});
  EXPECT_EQ(no_anchor.wait_exit(), 2);
  EXPECT_NE(no_anchor.log().find("cannot start: chain.anchor:"), std::string::npos) << no_anchor.log();
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

  Daemon sim_printer({"--config", config("http://127.0.0.1:1", "sim")});
  EXPECT_EQ(sim_printer.wait_exit(), 2);
  EXPECT_NE(sim_printer.log().find("chainslip-sim printer"), std::string::npos) << sim_printer.log();
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

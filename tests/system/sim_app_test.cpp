// The chainslip-sim program's `camera` and `printer` subcommands, run as a
// user would run them (docs/PROTOCOL.md §10).

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "built_program.h"
#include "core/image/pgm.h"
#include "sim/printer/paper_png.h"
#include "drivers/scanner/qr/zbar_qr_decoder.h"

namespace chainslip::sim {
namespace {

namespace fs = std::filesystem;

fs::path sim_path() { return test::built_program("sim/chainslip-sim"); }

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("chainslip-sim-app-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

std::vector<std::string> decode(const Y800Frame& frame) {
  auto found = ZbarQrDecoder().decode(frame);
  EXPECT_TRUE(found.ok()) << found.error().message;
  return found.ok() ? *found : std::vector<std::string>{};
}

int run(const std::vector<std::string>& args) {
  const std::string cmd = test::program_command(sim_path(), args) + " >/dev/null 2>&1";
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

// stderr of a run, for the words an operator reads.
test::ShellRun run_stderr(const std::vector<std::string>& args) {
  return test::run_shell(test::program_command(sim_path(), args) + " 2>&1 >/dev/null");
}

TEST(SimAppRun, AnUnknownScenarioSuggestsTheNearestAndTheList) {
  const test::ShellRun near = run_stderr({"run", "happy_pth"});
  EXPECT_EQ(near.exit_code, 2);
  EXPECT_NE(near.out.find("no scenario named \"happy_pth\" in "), std::string::npos) << near.out;
  EXPECT_NE(near.out.find("did you mean \"happy_path\"?"), std::string::npos) << near.out;
  EXPECT_NE(near.out.find("chainslip-sim run --list shows them all"), std::string::npos) << near.out;
  const test::ShellRun far = run_stderr({"run", "nosuch"});
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_EQ(far.out.find("did you mean"), std::string::npos) << far.out;
  EXPECT_NE(far.out.find("--list"), std::string::npos) << far.out;
}

TEST(SimAppCamera, WritesFramesThatDecodeToThePayload) {
  ASSERT_TRUE(fs::exists(sim_path())) << sim_path();
  const fs::path dir = temp_dir("camera");
  const std::string payload = "CS1,33010126,0000000001,k3xk2a,123400,20260101";
  ASSERT_EQ(run({"camera", "--payload", payload, "--preset", "clean", "--seed", "7", "--frames", "2", "--out",
                 dir.string()}),
            0);
  for (const char* name : {"frame-0001.pgm", "frame-0002.pgm"}) {
    auto frame = read_pgm_file((dir / name).string());
    ASSERT_TRUE(frame.ok()) << name << ": " << frame.error().message;
    EXPECT_EQ(frame->width, 640);
    EXPECT_EQ(frame->height, 480);
    EXPECT_EQ(decode(*frame), std::vector<std::string>{payload}) << name;
  }
  EXPECT_FALSE(fs::exists(dir / "frame-0003.pgm"));
  // frame_index differs frame to frame, so the frames do.
  EXPECT_NE(read_pgm_file((dir / "frame-0001.pgm").string())->pixels,
            read_pgm_file((dir / "frame-0002.pgm").string())->pixels);
  fs::remove_all(dir);
}

TEST(SimAppCamera, BadArgumentsExitTwo) {
  const std::string out = temp_dir("camera-bad").string();
  EXPECT_EQ(run({"camera", "--payload", "x", "--size", "100x100", "--out", out}), 2);
  EXPECT_EQ(run({"camera", "--payload", "x", "--preset", "sunny", "--out", out}), 2);
  EXPECT_EQ(run({"camera", "--payload", "x", "--frames", "0", "--out", out}), 2);
  EXPECT_EQ(run({"camera", "--out", out}), 2);                 // no payload
  EXPECT_EQ(run({"camera", "--payload", "x"}), 2);             // no --out
  EXPECT_EQ(run({"camera", "--payload", "", "--out", out}), 2);  // libqrencode refuses it
  EXPECT_EQ(run({"printer", "--width", "500"}), 2);
  fs::remove_all(out);
}

// A child process with its stdout on a pipe and stdin on /dev/null (as in
// CI, where stdin is at EOF from the start).
struct Child {
  pid_t pid = -1;
  int out = -1;
};

Child spawn(const std::vector<std::string>& args) {
  int fds[2];
  if (::pipe(fds) != 0) return {};
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_RDONLY);
    ::dup2(null, STDIN_FILENO);
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    std::vector<std::string> argv_s = test::program_argv(sim_path(), args);
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  return {pid, fds[0]};
}

// The first stdout line, waiting up to `timeout`.
std::string read_line(int fd, std::chrono::milliseconds timeout) {
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char c;
    if (::read(fd, &c, 1) != 1) break;
    if (c == '\n') return line;
    line += c;
  }
  return line;
}

// Exit status after `timeout`, or -1 (and the child killed) if it is still running.
int wait_exit(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return -1;
}

TEST(SimAppPrinter, PrintsACutTicketToPngAndStopsOnSigterm) {
  ASSERT_TRUE(fs::exists(sim_path())) << sim_path();
  const fs::path dir = temp_dir("printer");
  Child child = spawn({"printer", "--port", "0", "--out", dir.string()});
  ASSERT_GT(child.pid, 0);
  const std::string line = read_line(child.out, std::chrono::seconds(10));
  const std::string prefix = "listening on 127.0.0.1:";
  ASSERT_EQ(line.rfind(prefix, 0), 0u) << line;
  const int port = std::stoi(line.substr(prefix.size()));
  ASSERT_GT(port, 0);

  const int sock = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(sock, reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0);
  const std::string job = std::string("\x1b@") + "hello\n" + std::string("\x1dV\x00", 3);
  ASSERT_EQ(::send(sock, job.data(), job.size(), MSG_NOSIGNAL), static_cast<ssize_t>(job.size()));

  const fs::path ticket = dir / "ticket-0001.png";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!fs::exists(ticket) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::close(sock);
  ASSERT_TRUE(fs::exists(ticket));
  auto image = read_paper_png(ticket.string());
  ASSERT_TRUE(image.ok()) << image.error().message;
  EXPECT_EQ(image->width, 576);
  ASSERT_FALSE(image->text.empty());
  bool found = false;
  for (const auto& t : image->text) found = found || t.find("hello") != std::string::npos;
  EXPECT_TRUE(found);
  EXPECT_FALSE(fs::exists(dir / "ticket-0002.png"));

  ASSERT_EQ(::kill(child.pid, SIGTERM), 0);
  EXPECT_EQ(wait_exit(child.pid, std::chrono::seconds(5)), 0);
  ::close(child.out);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace chainslip::sim

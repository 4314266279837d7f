#include "sim/app/printer_command.h"

#include <poll.h>
#include <pthread.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>

#include "core/util/file_io.h"
#include "sim/printer/paper_png.h"
#include "sim/printer/tcp_listener.h"
#include "sim/printer/virtual_printer.h"

namespace chainslip::simapp {

namespace {

constexpr int kPollMs = 200;
constexpr int kDotsPerMm = 8;  // 203 dpi

void log_line(const std::string& line) {
  const std::time_t t = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%H:%M:%S", std::localtime(&t));
  std::cerr << stamp << " chainslip-sim printer: " << line << std::endl;
}

const char* kind_name(sim::LogEntry::Kind kind) {
  switch (kind) {
    case sim::LogEntry::Kind::kUnknown: return "unknown command";
    case sim::LogEntry::Kind::kUnsupported: return "unsupported command";
    case sim::LogEntry::Kind::kNote: return "note";
  }
  return "?";
}

// What the printer looks like from outside; a log line whenever it changes.
struct Observed {
  sim::PrinterStatus status;
  bool link_up = true;
  std::uint64_t overflowed = 0;

  bool operator==(const Observed&) const = default;

  std::string describe() const {
    std::string s;
    auto add = [&s](bool on, const char* what) {
      if (!on) return;
      if (!s.empty()) s += ", ";
      s += what;
    };
    add(status.offline, "offline");
    add(status.paper_out, "paper out");
    add(status.paper_near_end, "paper near end");
    add(status.cover_open, "cover open");
    add(status.cutter_error, "cutter error");
    add(!link_up, "unplugged");
    if (s.empty()) s = "ready";
    if (overflowed > 0) s += "; " + std::to_string(overflowed) + " bytes lost to buffer overflow";
    return s;
  }
};

Observed observe(const sim::VirtualPrinter& p) {
  return {p.status(), p.link_up(), p.overflowed_bytes()};
}

// Applies one line typed on stdin.
void apply_fault(sim::VirtualPrinter& p, const std::string& line) {
  if (line == "paper-out") {
    p.set_paper_out(true);
  } else if (line == "paper-in") {
    p.set_paper_out(false);
    p.set_paper_near_end(false);
  } else if (line == "near-end") {
    p.set_paper_near_end(true);
  } else if (line == "cover-open") {
    p.set_cover_open(true);
  } else if (line == "cover-close") {
    p.set_cover_open(false);
  } else if (line == "cutter-error") {
    p.set_cutter_error(true);
  } else if (line == "clear") {
    p.set_paper_out(false);
    p.set_paper_near_end(false);
    p.set_cover_open(false);
    p.set_cutter_error(false);
    p.replug();
  } else if (line == "unplug") {
    p.unplug_after(0);
  } else if (line == "replug") {
    p.replug();
  } else {
    log_line("ignoring unknown fault \"" + line +
             "\" (paper-out, paper-in, near-end, cover-open, cover-close, cutter-error, clear, unplug, replug)");
    return;
  }
  log_line("fault: " + line);
}

class Watcher {
 public:
  Watcher(sim::VirtualPrinter& printer, std::string out) : printer_(printer), out_(std::move(out)) {
    last_ = observe(printer_);
  }

  void check() {
    // Taken off the roll as they are cut: a printer that runs for days keeps no old paper.
    for (const sim::Paper& t : printer_.take_cut_tickets()) {
      if (t.height() == 0) continue;  // a cut right after a cut: nothing to write
      char name[32];
      std::snprintf(name, sizeof name, "/ticket-%04zu.png", written_ + 1);
      const std::string path = out_ + name;
      auto st = sim::write_paper_png(t, path);
      if (!st.ok()) {
        log_line("writing " + path + " failed: " + st.error().message);
        continue;
      }
      ++written_;
      log_line("ticket " + std::to_string(written_) + " (" + std::to_string(t.height()) + " rows, " +
               std::to_string(t.text().size()) + " text lines) -> " + path);
    }
    const std::vector<sim::LogEntry> log = printer_.log();
    for (; log_seen_ < log.size(); ++log_seen_) {
      const auto& e = log[log_seen_];
      if (e.kind == sim::LogEntry::Kind::kNote) continue;
      log_line(std::string(kind_name(e.kind)) + " at byte " + std::to_string(e.offset) + ": " + e.message);
    }
    const Observed now = observe(printer_);
    if (!(now == last_)) {
      log_line("status: " + now.describe());
      last_ = now;
    }
  }

 private:
  sim::VirtualPrinter& printer_;
  const std::string out_;
  std::size_t written_ = 0;
  std::size_t log_seen_ = 0;
  Observed last_;
};

int fail(const std::string& message) {
  std::cerr << "chainslip-sim printer: " << message << "\n";
  return 2;
}

}  // namespace

CLI::App* add_printer_command(CLI::App& app, PrinterArgs& a) {
  auto* cmd = app.add_subcommand("printer", "Run the virtual ESC/POS printer on a raw TCP port (127.0.0.1)");
  cmd->add_option("--port", a.port, "TCP port (0: any free port; printed on stdout)")->check(CLI::Range(0, 65535));
  cmd->add_option("--width", a.width, "Printable width in dots (576: 80 mm, 384: 58 mm)")
      ->check(CLI::IsMember({576, 384}));
  cmd->add_option("--out", a.out, "Directory for ticket-NNNN.png");
  cmd->add_option("--buffer", a.buffer, "Input buffer in bytes")
      ->check(CLI::Range(std::size_t{256}, std::size_t{16} << 20));
  cmd->add_option("--head-speed-mm-s", a.head_speed_mm_s, "Print speed in mm/s")->check(CLI::Range(1, 1000));
  return cmd;
}

int run_printer(const PrinterArgs& a) {
  sim::VirtualPrinterConfig config;
  config.width = a.width == 384 ? sim::PaperWidth::k58mm : sim::PaperWidth::k80mm;
  config.buffer_capacity = a.buffer;
  config.head_rows_per_second = a.head_speed_mm_s * kDotsPerMm;
  auto printer = sim::VirtualPrinter::create(config);
  if (!printer.ok()) return fail(printer.error().message);
  if (auto st = make_directories(a.out, 0755); !st.ok()) return fail(st.error().message);

  // Block SIGINT/SIGTERM before the listener's thread starts (it inherits
  // the mask); the main loop reads them from a signalfd.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  const int sfd = signalfd(-1, &signals, SFD_CLOEXEC);
  if (sfd < 0) return fail("signalfd failed");

  sim::TcpPrinterListener::Options lo;
  lo.port = static_cast<std::uint16_t>(a.port);
  lo.real_time_clock = true;
  auto listener = sim::TcpPrinterListener::start(**printer, lo);
  if (!listener.ok()) {
    ::close(sfd);
    return fail(listener.error().message);
  }
  std::cout << "listening on 127.0.0.1:" << (*listener)->port() << std::endl;
  log_line("virtual printer (" + std::to_string(a.width) + " dots, " + std::to_string(a.buffer) +
           "-byte buffer, " + std::to_string(a.head_speed_mm_s) + " mm/s) on 127.0.0.1:" +
           std::to_string((*listener)->port()) + "; tickets go to " + a.out + "/; faults on stdin");

  Watcher watcher(**printer, a.out);
  bool stdin_open = true;
  std::string pending;  // stdin bytes not yet ending in '\n'
  for (bool running = true; running;) {
    pollfd fds[2] = {{sfd, POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
    const int n = ::poll(fds, stdin_open ? 2 : 1, kPollMs);
    if (n < 0 && errno != EINTR) {
      log_line("poll failed");
      break;
    }
    if (n > 0 && (fds[0].revents & POLLIN) != 0) {
      signalfd_siginfo info{};
      if (::read(sfd, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
        log_line(std::string("stopping on ") + (info.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM"));
      }
      running = false;
    }
    if (n > 0 && stdin_open && (fds[1].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) != 0) {
      char buf[512];
      const ssize_t got = (fds[1].revents & POLLNVAL) != 0 ? 0 : ::read(STDIN_FILENO, buf, sizeof buf);
      if (got <= 0) {
        if (got == 0 || errno != EINTR) stdin_open = false;  // EOF: keep running without it
      } else {
        pending.append(buf, static_cast<std::size_t>(got));
        for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
          std::string line = pending.substr(0, nl);
          pending.erase(0, nl + 1);
          while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
          while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.erase(0, 1);
          if (!line.empty()) apply_fault(**printer, line);
        }
      }
    }
    watcher.check();
  }
  (*listener)->stop();
  watcher.check();
  ::close(sfd);
  return 0;
}

}  // namespace chainslip::simapp

#include "sim/app/scanner_command.h"

#include <pthread.h>

#include <csignal>
#include <ctime>
#include <iostream>

#include "sim/scanner/scanner_panel.h"
#include "sim/scanner/virtual_serial_scanner.h"

namespace chainslip::simapp {
namespace {

void log_line(const std::string& line) {
  const std::time_t t = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%H:%M:%S", std::localtime(&t));
  std::cerr << stamp << " chainslip-sim scanner: " << line << std::endl;
}

int fail(const std::string& message) {
  std::cerr << "chainslip-sim scanner: " << message << "\n";
  return 2;
}

}  // namespace

CLI::App* add_scanner_command(CLI::App& app, ScannerArgs& a) {
  auto* cmd = app.add_subcommand(
      "scanner", "Run a virtual serial barcode scanner (a pseudo-terminal) and its web panel on 127.0.0.1");
  cmd->add_option("--port", a.port, "The panel's HTTP port (0: any free port)")->check(CLI::Range(0, 65535));
  cmd->add_option("--link", a.link,
                  "Make this path a link to the scanner's tty, for scanner.device (removed on exit)");
  cmd->add_option("--codes", a.codes, "The codes the panel offers, one a line (chainslip-sim node --out: qr-payloads.txt)");
  cmd->add_option("--paper-dir", a.paper_dir, "The virtual printer's --out: the panel shows its newest ticket");
  cmd->add_option("--kiosk", a.kiosk, "The kiosk screen's address, linked from the panel");
  return cmd;
}

int run_scanner(const ScannerArgs& a) {
  // Blocked before the panel's threads start (they inherit the mask); waited for below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto scanner = sim::VirtualSerialScanner::open(a.link);
  if (!scanner.ok()) return fail(scanner.error().message);
  sim::ScannerPanel::Options options;
  options.port = a.port;
  options.codes_file = a.codes;
  options.paper_dir = a.paper_dir;
  options.kiosk_url = a.kiosk;
  options.log = log_line;
  auto panel = sim::ScannerPanel::start(**scanner, options);
  if (!panel.ok()) return fail(panel.error().message);

  const std::string tty = a.link.empty() ? (*scanner)->tty_path() : a.link + " -> " + (*scanner)->tty_path();
  std::cout << "scanner on " << (*scanner)->tty_path() << "\n"
            << "panel on http://127.0.0.1:" << (*panel)->port() << "/" << std::endl;
  log_line("virtual serial scanner on " + tty + " (scanner.kind = \"serial\"); panel on http://127.0.0.1:" +
           std::to_string((*panel)->port()) + "/");
  int signal = 0;
  sigwait(&signals, &signal);
  log_line(std::string("stopping on ") + (signal == SIGINT ? "SIGINT" : "SIGTERM"));
  return 0;
}

}  // namespace chainslip::simapp

#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace chainslip::simapp {

// `chainslip-sim scanner`: a virtual serial barcode scanner (a
// pseudo-terminal chainslipd reads as scanner.kind = "serial") and its web
// panel, whose buttons present receipt codes to it (docs/SIMULATOR.md).
struct ScannerArgs {
  int port = 8090;
  std::string link;
  std::string codes;
  std::string paper_dir;
  std::string kiosk;
};

CLI::App* add_scanner_command(CLI::App& app, ScannerArgs& args);
// Runs until SIGINT/SIGTERM; 0 then, 2 when it cannot start.
int run_scanner(const ScannerArgs& args);

}  // namespace chainslip::simapp

#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>

namespace chainslip::simapp {

// `chainslip-sim printer`: the virtual ESC/POS printer on a raw TCP port
// (docs/PROTOCOL.md §10).
struct PrinterArgs {
  int port = 9100;
  int width = 576;
  std::string out = ".";
  std::size_t buffer = 4096;
  int head_speed_mm_s = 150;
};

CLI::App* add_printer_command(CLI::App& app, PrinterArgs& args);
// Runs until SIGINT/SIGTERM; 0 then, 2 when it cannot start.
int run_printer(const PrinterArgs& args);

}  // namespace chainslip::simapp

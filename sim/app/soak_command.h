#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace chainslip::simapp {

// `chainslip-sim soak [--hours H] [--seed N] [--out DIR] [--json FILE]`:
// a day of a hospital kiosk on simulated time, with faults, checked for
// lost exchanges and growing resources (docs/SOAK.md).
struct SoakArgs {
  int hours = 24;
  std::uint64_t seed = 1;
  std::string out;   // soak.log and the tickets as PNGs
  std::string json;  // the report as JSON
  bool quiet = false;
};

CLI::App* add_soak_command(CLI::App& app, SoakArgs& args);
// 0: every invariant held; 1: one was violated; 2: the soak could not run.
int run_soak_command(const SoakArgs& args);

}  // namespace chainslip::simapp

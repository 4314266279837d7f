#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "sim/app/scenario/scenario.h"

namespace chainslip::simapp {

// `chainslip-sim run SCENARIO... | all | --list [--out DIR]`: plays scripted
// kiosk sessions on simulated hardware (docs/SIMULATOR.md).
struct RunArgs {
  std::vector<std::string> scenarios;  // names in the scenario folder, paths to .toml files, or "all"
  std::string scenario_dir = default_scenario_dir();
  std::string out;  // the paper PNGs; empty: none written
  bool list = false;
  bool quiet = false;  // only each scenario's verdict
};

CLI::App* add_run_command(CLI::App& app, RunArgs& args);
// 0: every expectation held; 1: one failed; 2: a scenario could not be read or run.
int run_scenarios(const RunArgs& args);

}  // namespace chainslip::simapp

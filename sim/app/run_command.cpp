#include "sim/app/run_command.h"

#include <cstdio>
#include <iostream>

#include "sim/app/scenario.h"
#include "sim/app/scenario_runner.h"

namespace chainslip::simapp {
namespace {

// A name in the scenario folder, or a path to a scenario file.
std::string scenario_path(const RunArgs& args, const std::string& name) {
  if (name.find('/') != std::string::npos || name.ends_with(".toml")) return name;
  return args.scenario_dir + "/" + name + ".toml";
}

}  // namespace

CLI::App* add_run_command(CLI::App& app, RunArgs& a) {
  auto* cmd = app.add_subcommand(
      "run", "Play scripted kiosk sessions on the simulated node, printer and camera (docs/SIMULATOR.md)");
  cmd->add_option("scenarios", a.scenarios, "Scenario names (see --list), paths to .toml files, or all");
  cmd->add_option("--scenarios", a.scenario_dir, "The folder of named scenarios")->capture_default_str();
  cmd->add_option("--out", a.out, "Write each scenario's paper as DIR/<scenario>/ticket-NNNN.png");
  cmd->add_flag("--list", a.list, "List the scenarios with their descriptions");
  cmd->add_flag("--quiet", a.quiet, "Print only each scenario's verdict");
  return cmd;
}

int run_scenarios(const RunArgs& a) {
  std::vector<std::string> paths;
  const bool all = a.list || (a.scenarios.size() == 1 && a.scenarios.front() == "all");
  if (all) {
    Result<std::vector<std::string>> listed = list_scenarios(a.scenario_dir);
    if (!listed.ok()) {
      std::cerr << "chainslip-sim run: " << listed.error().message << "\n";
      return 2;
    }
    paths = std::move(listed).value();
  } else {
    if (a.scenarios.empty()) {
      std::cerr << "chainslip-sim run: name a scenario, all, or --list\n";
      return 2;
    }
    for (const std::string& name : a.scenarios) paths.push_back(scenario_path(a, name));
  }

  std::vector<Scenario> scenarios;
  for (const std::string& path : paths) {
    Result<Scenario> scenario = load_scenario(path);
    if (!scenario.ok()) {
      std::cerr << "chainslip-sim run: " << scenario.error().message << "\n";
      return 2;
    }
    scenarios.push_back(std::move(scenario).value());
  }
  if (a.list) {
    for (const Scenario& s : scenarios) std::cout << s.name << "\t" << s.description << "\n";
    return 0;
  }

  ScenarioRunOptions options;
  options.out_dir = a.out;
  if (!a.quiet) options.print = [](const std::string& line) { std::cout << line << "\n"; };
  std::vector<ScenarioReport> reports;
  for (const Scenario& s : scenarios) {
    Result<ScenarioReport> report = run_scenario(s, options);
    if (!report.ok()) {
      std::cerr << "chainslip-sim run: " << report.error().message << "\n";
      return 2;
    }
    reports.push_back(std::move(report).value());
    if (!a.quiet) std::cout << "\n";
  }
  int failed = 0;
  for (const ScenarioReport& r : reports) {
    char line[160];
    std::snprintf(line, sizeof line, "%-4s %-28s %6.1f s simulated %6.2f s wall  %zu ticket(s)",
                  r.passed() ? "PASS" : "FAIL", r.name.c_str(), static_cast<double>(r.simulated.count()) / 1000.0,
                  r.wall_seconds, r.tickets);
    std::cout << line << "\n";
    for (const std::string& f : r.failures) std::cout << "     " << f << "\n";
    failed += r.passed() ? 0 : 1;
  }
  if (reports.size() > 1) std::cout << reports.size() - failed << "/" << reports.size() << " scenarios passed\n";
  return failed == 0 ? 0 : 1;
}

}  // namespace chainslip::simapp

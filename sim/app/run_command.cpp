#include "sim/app/run_command.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string_view>
#include <vector>
#include <iostream>

#include "sim/app/scenario/scenario.h"
#include "sim/app/scenario/scenario_runner.h"

namespace chainslip::simapp {
namespace {

bool is_path(const std::string& name) { return name.find('/') != std::string::npos || name.ends_with(".toml"); }

// A name in the scenario folder, or a path to a scenario file.
std::string scenario_path(const RunArgs& args, const std::string& name) {
  if (is_path(name)) return name;
  return args.scenario_dir + "/" + name + ".toml";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// ", did you mean \"happy_path\"?" for a near miss in the folder, else "".
std::string did_you_mean(const RunArgs& args, const std::string& name) {
  Result<std::vector<std::string>> listed = list_scenarios(args.scenario_dir);
  if (!listed.ok()) return "";
  std::string best;
  std::size_t best_distance = 4;  // further than 3 edits is another name
  for (const std::string& path : *listed) {
    const std::string stem = std::filesystem::path(path).stem().string();
    if (const std::size_t d = edit_distance(name, stem); d < best_distance) {
      best = stem;
      best_distance = d;
    }
  }
  return best.empty() ? "" : ", did you mean \"" + best + "\"?";
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
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const std::string& path = paths[i];
    if (!all && !is_path(a.scenarios[i]) && !std::filesystem::exists(path)) {
      std::cerr << "chainslip-sim run: no scenario named \"" << a.scenarios[i] << "\" in " << a.scenario_dir
                << did_you_mean(a, a.scenarios[i]) << "; chainslip-sim run --list shows them all\n";
      return 2;
    }
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

#include "sim/app/soak_command.h"

#include <iostream>

#include "core/util/file_io.h"
#include "sim/app/soak/soak_run.h"
#include "sim/app/soak/soak_summary.h"

namespace chainslip::simapp {

CLI::App* add_soak_command(CLI::App& app, SoakArgs& a) {
  auto* cmd = app.add_subcommand("soak",
                                 "Run the kiosk for a simulated day of patients and faults; check nothing is "
                                 "lost or leaks (docs/SOAK.md)");
  cmd->add_option("--hours", a.hours, "Simulated hours")->check(CLI::Range(1, 168))->capture_default_str();
  cmd->add_option("--seed", a.seed, "Seed of the day's patients and faults")->capture_default_str();
  cmd->add_option("--out", a.out,
                  "Write the whole log (DIR/soak.log) and every ticket (DIR/ticket-NNNN.png)");
  cmd->add_option("--json", a.json, "Write the report as JSON to FILE");
  cmd->add_flag("--quiet", a.quiet, "Print only the summary");
  return cmd;
}

int run_soak_command(const SoakArgs& a) {
  SoakOptions options;
  options.seed = a.seed;
  options.hours = a.hours;
  options.out_dir = a.out;
  if (!a.quiet) options.progress = [](const std::string& line) { std::cout << line << std::endl; };
  Result<SoakReport> report = run_soak(options);
  if (!report.ok()) {
    std::cerr << "chainslip-sim soak: " << report.error().message << "\n";
    return 2;
  }
  std::cout << soak_summary_text(*report);
  if (!a.json.empty()) {
    if (Status s = write_file_atomic(a.json, soak_report_json(*report).dump(2) + "\n"); !s.ok()) {
      std::cerr << "chainslip-sim soak: " << s.error().message << "\n";
      return 2;
    }
  }
  return report->passed() ? 0 : 1;
}

}  // namespace chainslip::simapp

#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/util/result.h"
#include "sim/app/scenario/scenario.h"

namespace chainslip::simapp {

struct ScenarioRunOptions {
  std::string out_dir;  // the paper as PNGs go to out_dir/<scenario>/; empty: none written
  std::function<void(const std::string& line)> print;  // the run's log, line by line (may be unset)
};

struct ScenarioReport {
  std::string name;
  std::vector<std::string> failures;  // "file:line: step N (what): expected ..., got ..."
  std::size_t tickets = 0;            // cut tickets on the roll at the end
  std::vector<std::string> pngs;      // written
  std::chrono::milliseconds simulated{0};
  double wall_seconds = 0;

  bool passed() const { return failures.empty(); }
};

// Runs one scenario: a simulated chain node (p256-sha256, `receipts`
// receipts in block 1, a block sealed every second), the virtual ESC/POS
// printer behind the real ESC/POS driver, the virtual camera behind the real
// camera scanner (zbar), and the kiosk service (KioskService) on one event
// loop whose time is simulated (ManualClock + SimulatedTime): a scenario of
// minutes runs in a fraction of a second and the same way every time.
// An error (not a report) when the kiosk cannot be set up at all.
Result<ScenarioReport> run_scenario(const Scenario& scenario, const ScenarioRunOptions& options);

}  // namespace chainslip::simapp

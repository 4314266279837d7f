#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/util/result.h"
#include "sim/app/soak/soak_day.h"
#include "sim/app/soak/soak_faults.h"
#include "sim/app/soak/soak_invariants.h"

namespace chainslip::simapp {

struct SoakOptions {
  std::uint64_t seed = 1;
  int hours = 24;
  std::string out_dir;  // the whole log (soak.log) and every ticket as a PNG; empty: none written
  std::function<void(const std::string& line)> progress;  // a line per sample and the day's milestones
};

// What a soak day did and found (soak_summary.h prints it).
struct SoakReport {
  std::uint64_t seed = 0;
  int hours = 0;
  double wall_seconds = 0;
  std::uint64_t simulated_ms = 0;
  std::map<std::string, std::uint64_t> patients;  // by kind, as served
  std::map<std::string, std::uint64_t>
      sessions;  // by how they ended ("done", "rejected:receipt_not_found", ...)
  std::map<std::string, std::uint64_t> episodes;         // by kind, those that happened
  std::map<std::string, std::uint64_t> episodes_missed;  // by kind: still waiting for their chance at the end
  std::map<std::string, std::uint64_t> exchanges;        // journal, by state
  std::map<std::string, std::uint64_t> papers;           // journal, by state
  std::map<std::string, std::uint64_t> chain;  // receipts issued, blocks, converts, voids, posts, reversals
  std::map<std::string, std::uint64_t> kiosk;  // log counts: warnings, cache prunes, receipts pruned, ...
  std::uint64_t tickets = 0;
  std::vector<SoakSample> samples;
  FlatLimits limits;
  std::vector<SoakVerdict> verdicts;
  std::vector<std::string> last_lines;  // the log's tail, when a verdict failed

  bool passed() const {
    for (const SoakVerdict& v : verdicts) {
      if (!v.passed()) return false;
    }
    return !verdicts.empty();
  }
};

// Plays plan_soak_day(seed, hours) on a SimulatedKiosk: each patient's
// session through the camera and the screen, the episodes (SoakFaults), the
// hospital's receipts issued and the finance bureau's posts; samples the
// process (process_resources.h) and the kiosk every simulated hour; then
// reads the journal, asks the chain about every receipt shown and checks
// check_soak_invariants. An error only when the kiosk could not run.
Result<SoakReport> run_soak(const SoakOptions& options);

}  // namespace chainslip::simapp

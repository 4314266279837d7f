#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/util/result.h"

namespace chainslip {

// The crash test's failpoint (tests/crash, docs/CRASH_TEST.md): "kill this
// process with SIGKILL right after the journal durably committed the nth
// step named `step`". chainslipd arms it from the environment variable
// CHAINSLIP_KILL_AFTER=<step>[:<nth>] (docs/CONFIG.md); never set on a kiosk.
class KillAfterStep {
 public:
  static constexpr const char* kEnvironmentVariable = "CHAINSLIP_KILL_AFTER";

  // "<step>" or "<step>:<nth>", step a journal step name (is_journal_step_name),
  // nth from 1 (default 1). kInvalidArgument otherwise, naming the variable.
  static Result<KillAfterStep> parse(std::string_view spec);
  // The variable's value, parsed; nullopt when it is unset or empty.
  static Result<std::optional<KillAfterStep>> from_environment();

  // Counts `step`; true when this is the nth commit of the armed step (the
  // caller kills the process then).
  bool count(std::string_view step);
  // Journal step observer that raises SIGKILL when count() says so.
  void kill_if_due(std::string_view step);

  const std::string& step() const { return step_; }
  std::uint32_t nth() const { return nth_; }

 private:
  KillAfterStep(std::string step, std::uint32_t nth) : step_(std::move(step)), nth_(nth) {}

  std::string step_;
  std::uint32_t nth_;
  std::uint32_t seen_ = 0;
};

}  // namespace chainslip

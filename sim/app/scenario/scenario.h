#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/util/result.h"
#include "sim/node/lies.h"

namespace chainslip::simapp {

// One scripted kiosk session (docs/SIMULATOR.md): what the patient, the node
// and the printer do, step by step, and what the kiosk must show.

// The patient holds a phone up to the camera until the kiosk reacts (leaves
// idle) or `hold` passes, then lowers it.
struct PresentStep {
  std::optional<std::size_t> receipt;  // index into the chain's receipts; unset: `text`
  std::string text;                    // any other code (a URL, garbage)
  std::string camera = "clean";        // a sim::frame_conditions() name
  std::chrono::milliseconds hold{3000};
};
struct ConfirmStep {
  std::string reason;  // "refund" | "other"
};
struct CancelStep {};
struct WaitStep {
  std::chrono::milliseconds duration{0};
};
// Time runs until the kiosk shows `state`; fails after `within`.
struct WaitForStep {
  std::string state;
  std::chrono::milliseconds within{30'000};
};
struct ExpectStep {
  std::string state;                    // the screen's view state
  std::optional<std::string> reason;    // of the last rejection (rejection.h names)
  std::optional<std::string> cause;     // its ErrorCode name (issuer_signature_invalid, ...)
  std::optional<std::string> printer;   // the printer's condition code
};
struct ExpectPaperStep {
  std::size_t tickets = 0;               // cut tickets on the roll
  std::vector<std::string> contains;     // in the last ticket's text
  std::vector<std::string> lacks;
  std::optional<bool> uncut_tail;        // paper printed after the last cut (a torn ticket)
};
struct ExpectLogStep {
  std::string contains;  // some log line since the start
};

enum class NodeMode { kHonest, kDown, kSlow, kDrops, kLie };
struct NodeStep {
  NodeMode mode = NodeMode::kHonest;
  std::chrono::milliseconds delay{0};  // kSlow
  std::size_t count = 0;               // kDrops: the next `count` requests fail
  std::optional<sim::Lie> lie;         // kLie
};

enum class PrinterFault {
  kPaperNearEnd, kPaperOk, kPaperOut, kPaperIn, kCoverOpen, kCoverClose, kCutterError, kCutterClear,
  kUnplug, kReplug, kHeadSpeed
};
struct PrinterStep {
  PrinterFault fault = PrinterFault::kPaperOut;
  // Mid-job: the fault happens once the printer has received this many more
  // bytes (0: now).
  std::size_t after_bytes = 0;
  int head_speed_mm_s = 0;  // kHeadSpeed
};

using StepAction = std::variant<PresentStep, ConfirmStep, CancelStep, WaitStep, WaitForStep, ExpectStep,
                                ExpectPaperStep, ExpectLogStep, NodeStep, PrinterStep>;

struct ScenarioStep {
  int line = 0;  // in the scenario file
  StepAction action;
};

struct Scenario {
  std::string name;    // the file name without .toml
  std::string source;  // the path it was read from
  std::string description;
  std::size_t receipts = 6;  // issued in block 1 before the kiosk starts
  std::vector<ScenarioStep> steps;
};

// Parses a scenario. Strict: an unknown key, a step with no or two actions,
// a key its action does not take, a wrong type or an out-of-range value is
// kInvalidArgument naming source:line:column and the key.
Result<Scenario> parse_scenario(std::string_view toml_text, const std::string& source, const std::string& name);
Result<Scenario> load_scenario(const std::string& path);

// The source tree's sim/scenarios, where the shipped scenarios are.
std::string default_scenario_dir();
// The *.toml files of `dir`, sorted by name.
Result<std::vector<std::string>> list_scenarios(const std::string& dir);

// The view states a step may wait for or expect: the screens (screen_state_names()).
const std::vector<std::string>& kiosk_view_states();

}  // namespace chainslip::simapp

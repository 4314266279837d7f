#include "sim/app/scenario/scenario.h"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>

#include "core/util/data_dir.h"
#include "core/util/file_io.h"
#include "core/util/name_table.h"
#include "firmware/kiosk/screen_state.h"
#include "sim/camera/frame_options.h"

namespace chainslip::simapp {
namespace {

constexpr std::size_t kMaxScenarioBytes = 64 * 1024;
constexpr std::size_t kMaxSteps = 500;
constexpr double kMaxSeconds = 3600;

constexpr NameTable<NodeMode, 5> kNodeModes{{
    {NodeMode::kHonest, "honest"},
    {NodeMode::kDown, "down"},
    {NodeMode::kSlow, "slow"},
    {NodeMode::kDrops, "drops"},
    {NodeMode::kLie, "lie"},
}};

constexpr NameTable<PrinterFault, 11> kPrinterFaults{{
    {PrinterFault::kPaperNearEnd, "paper_near_end"},
    {PrinterFault::kPaperOk, "paper_ok"},
    {PrinterFault::kPaperOut, "paper_out"},
    {PrinterFault::kPaperIn, "paper_in"},
    {PrinterFault::kCoverOpen, "cover_open"},
    {PrinterFault::kCoverClose, "cover_close"},
    {PrinterFault::kCutterError, "cutter_error"},
    {PrinterFault::kCutterClear, "cutter_clear"},
    {PrinterFault::kUnplug, "unplug"},
    {PrinterFault::kReplug, "replug"},
    {PrinterFault::kHeadSpeed, "head_speed"},
}};

// The keys that make a step what it is; each step has exactly one.
constexpr std::array<std::string_view, 10> kActionKeys{"present", "confirm", "cancel", "wait_s", "wait_for",
                                                       "expect", "expect_paper", "expect_log", "node", "printer"};

std::string where(const std::string& source, const toml::node& node) {
  std::ostringstream out;
  out << source << ":" << node.source().begin.line << ":" << node.source().begin.column;
  return out.str();
}

// Reads the keys of one [[step]] table; every key must be read, or it is
// reported as not belonging to the step.
class StepReader {
 public:
  StepReader(const std::string& source, const toml::table& table, std::string action)
      : source_(source), table_(table), action_(std::move(action)) {}

  Error bad(const toml::node& node, std::string_view key, const std::string& what) const {
    return make_error(ErrorCode::kInvalidArgument,
                      where(source_, node) + ": " + std::string(key) + ": " + what);
  }

  const toml::node* find(std::string_view key) {
    const toml::node* node = table_.get(key);
    if (node != nullptr) used_.insert(std::string(key));
    return node;
  }

  Result<std::string> text(std::string_view key, std::optional<std::string> fallback = std::nullopt) {
    const toml::node* node = find(key);
    if (node == nullptr) {
      if (fallback) return *fallback;
      return make_error(ErrorCode::kInvalidArgument,
                        where(source_, table_) + ": a " + action_ + " step needs " + std::string(key));
    }
    const auto* v = node->as_string();
    if (v == nullptr || v->get().empty()) return bad(*node, key, "must be a non-empty string");
    if (v->get().size() > 4096) return bad(*node, key, "longer than 4096 bytes");
    return v->get();
  }

  Result<std::string> choice(std::string_view key, const std::vector<std::string>& allowed,
                             std::optional<std::string> fallback = std::nullopt) {
    CS_ASSIGN_OR_RETURN(std::string value, text(key, fallback));
    if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return value;
    std::string names;
    for (const auto& a : allowed) names += (names.empty() ? "" : ", ") + a;
    return bad(*table_.get(key), key, "\"" + value + "\" is not one of " + names);
  }

  Result<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max, std::int64_t fallback) {
    const toml::node* node = find(key);
    if (node == nullptr) return fallback;
    const auto* v = node->as_integer();
    if (v == nullptr || v->get() < min || v->get() > max) {
      return bad(*node, key, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return v->get();
  }

  // Seconds, integer or float, in (0, kMaxSeconds], as milliseconds.
  Result<std::chrono::milliseconds> seconds(std::string_view key, std::optional<std::chrono::milliseconds> fallback) {
    const toml::node* node = find(key);
    if (node == nullptr) {
      if (fallback) return *fallback;
      return make_error(ErrorCode::kInvalidArgument,
                        where(source_, table_) + ": a " + action_ + " step needs " + std::string(key));
    }
    std::optional<double> s;
    if (const auto* i = node->as_integer()) s = static_cast<double>(i->get());
    if (const auto* f = node->as_floating_point()) s = f->get();
    if (!s || !std::isfinite(*s) || *s <= 0 || *s > kMaxSeconds) {
      return bad(*node, key, "must be a number of seconds above 0 and at most 3600");
    }
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(*s * 1000)));
  }

  Result<std::vector<std::string>> texts(std::string_view key) {
    const toml::node* node = find(key);
    if (node == nullptr) return std::vector<std::string>{};
    const auto* arr = node->as_array();
    if (arr == nullptr) return bad(*node, key, "must be a list of strings");
    std::vector<std::string> out;
    for (const toml::node& item : *arr) {
      const auto* s = item.as_string();
      if (s == nullptr || s->get().empty()) return bad(item, key, "must be a list of non-empty strings");
      out.push_back(s->get());
    }
    return out;
  }

  Result<bool> flag(std::string_view key) {
    const toml::node* node = find(key);
    const auto* v = node == nullptr ? nullptr : node->as_boolean();
    if (v == nullptr) return bad(node == nullptr ? static_cast<const toml::node&>(table_) : *node, key, "must be true or false");
    return v->get();
  }

  // Every key of the table was read.
  Status done() const {
    for (const auto& [key, node] : table_) {
      if (used_.count(std::string(key.str())) == 0) {
        return bad(node, key.str(), "unknown key for a " + action_ + " step");
      }
    }
    return {};
  }

 private:
  const std::string& source_;
  const toml::table& table_;
  std::string action_;
  std::set<std::string> used_;
};

std::vector<std::string> camera_names() {
  std::vector<std::string> names;
  for (const auto& c : sim::frame_conditions()) names.push_back(c.name);
  return names;
}

std::vector<std::string> names_of(const auto& table) {
  std::vector<std::string> names;
  for (const auto& entry : table) names.emplace_back(entry.second);
  return names;
}

Result<StepAction> read_present(StepReader& r) {
  PresentStep p;
  const toml::node* what = r.find("present");
  if (const auto* index = what->as_integer()) {
    if (index->get() < 0 || index->get() > 9999) return r.bad(*what, "present", "a receipt index from 0 to 9999");
    p.receipt = static_cast<std::size_t>(index->get());
  } else if (const auto* text = what->as_string(); text != nullptr && !text->get().empty()) {
    p.text = text->get();
  } else {
    return r.bad(*what, "present", "must be a receipt index (0, 1, ...) or the text of a code");
  }
  CS_ASSIGN_OR_RETURN(p.camera, r.choice("camera", camera_names(), std::string("clean")));
  CS_ASSIGN_OR_RETURN(p.hold, r.seconds("hold_s", p.hold));
  return StepAction{p};
}

Result<StepAction> read_expect(StepReader& r) {
  ExpectStep e;
  CS_ASSIGN_OR_RETURN(e.state, r.choice("expect", kiosk_view_states()));
  if (r.find("reason") != nullptr) {
    CS_ASSIGN_OR_RETURN(e.reason, r.text("reason"));
  }
  if (r.find("cause") != nullptr) {
    CS_ASSIGN_OR_RETURN(e.cause, r.text("cause"));
  }
  if (r.find("printer_condition") != nullptr) {
    CS_ASSIGN_OR_RETURN(e.printer, r.text("printer_condition"));
  }
  return StepAction{e};
}

Result<StepAction> read_expect_paper(StepReader& r) {
  ExpectPaperStep e;
  CS_ASSIGN_OR_RETURN(std::int64_t tickets, r.integer("expect_paper", 0, 100, -1));
  e.tickets = static_cast<std::size_t>(tickets);
  CS_ASSIGN_OR_RETURN(e.contains, r.texts("contains"));
  CS_ASSIGN_OR_RETURN(e.lacks, r.texts("lacks"));
  if (r.find("uncut_tail") != nullptr) {
    CS_ASSIGN_OR_RETURN(e.uncut_tail, r.flag("uncut_tail"));
  }
  return StepAction{e};
}

Result<StepAction> read_node(StepReader& r) {
  NodeStep n;
  CS_ASSIGN_OR_RETURN(std::string mode, r.choice("node", names_of(kNodeModes)));
  n.mode = *value_in(kNodeModes, mode);
  if (n.mode == NodeMode::kSlow) {
    CS_ASSIGN_OR_RETURN(std::int64_t delay, r.integer("delay_ms", 1, 600'000, 2000));
    n.delay = std::chrono::milliseconds(delay);
  }
  if (n.mode == NodeMode::kDrops) {
    CS_ASSIGN_OR_RETURN(std::int64_t count, r.integer("count", 1, 1000, 1));
    n.count = static_cast<std::size_t>(count);
  }
  if (n.mode == NodeMode::kLie) {
    CS_ASSIGN_OR_RETURN(std::string lie, r.text("lie"));
    Result<sim::Lie> parsed = sim::parse_lie(lie);
    if (!parsed.ok()) return r.bad(*r.find("lie"), "lie", parsed.error().message);
    n.lie = *parsed;
  }
  return StepAction{n};
}

Result<StepAction> read_printer(StepReader& r) {
  PrinterStep p;
  CS_ASSIGN_OR_RETURN(std::string fault, r.choice("printer", names_of(kPrinterFaults)));
  p.fault = *value_in(kPrinterFaults, fault);
  const bool mid_job = p.fault == PrinterFault::kPaperOut || p.fault == PrinterFault::kCoverOpen ||
                       p.fault == PrinterFault::kCutterError || p.fault == PrinterFault::kUnplug;
  if (mid_job) {
    CS_ASSIGN_OR_RETURN(std::int64_t after, r.integer("after_bytes", 0, 10'000'000, 0));
    p.after_bytes = static_cast<std::size_t>(after);
  }
  if (p.fault == PrinterFault::kHeadSpeed) {
    CS_ASSIGN_OR_RETURN(std::int64_t speed, r.integer("mm_s", 1, 1000, -1));
    if (speed < 0) return r.bad(*r.find("printer"), "mm_s", "a head_speed step needs mm_s");
    p.head_speed_mm_s = static_cast<int>(speed);
  }
  return StepAction{p};
}

Result<StepAction> read_action(StepReader& r, std::string_view action) {
  if (action == "present") return read_present(r);
  if (action == "confirm") {
    CS_ASSIGN_OR_RETURN(std::string reason, r.choice("confirm", {"refund", "other"}));
    return StepAction{ConfirmStep{reason}};
  }
  if (action == "cancel") {
    CS_ASSIGN_OR_RETURN(bool yes, r.flag("cancel"));
    if (!yes) return r.bad(*r.find("cancel"), "cancel", "must be true (leave the step out otherwise)");
    return StepAction{CancelStep{}};
  }
  if (action == "wait_s") {
    CS_ASSIGN_OR_RETURN(std::chrono::milliseconds d, r.seconds("wait_s", std::nullopt));
    return StepAction{WaitStep{d}};
  }
  if (action == "wait_for") {
    WaitForStep w;
    CS_ASSIGN_OR_RETURN(w.state, r.choice("wait_for", kiosk_view_states()));
    CS_ASSIGN_OR_RETURN(w.within, r.seconds("within_s", w.within));
    return StepAction{w};
  }
  if (action == "expect") return read_expect(r);
  if (action == "expect_paper") return read_expect_paper(r);
  if (action == "expect_log") {
    CS_ASSIGN_OR_RETURN(std::string needle, r.text("expect_log"));
    return StepAction{ExpectLogStep{needle}};
  }
  if (action == "node") return read_node(r);
  return read_printer(r);
}

Result<ScenarioStep> read_step(const std::string& source, const toml::node& node, std::size_t index) {
  const auto* table = node.as_table();
  if (table == nullptr) {
    return make_error(ErrorCode::kInvalidArgument, where(source, node) + ": step must be a table ([[step]])");
  }
  std::optional<std::string_view> action;
  for (std::string_view key : kActionKeys) {
    if (table->get(key) == nullptr) continue;
    if (action) {
      return make_error(ErrorCode::kInvalidArgument, where(source, *table) + ": step " + std::to_string(index + 1) +
                                                         " has two actions (" + std::string(*action) + ", " +
                                                         std::string(key) + "): one per [[step]]");
    }
    action = key;
  }
  if (!action) {
    std::string names;
    for (std::string_view key : kActionKeys) names += (names.empty() ? "" : ", ") + std::string(key);
    // A misspelled action is a key of its own: name it, where it is.
    const auto first = table->begin();
    if (first != table->end()) {
      return make_error(ErrorCode::kInvalidArgument,
                        where(source, first->second) + ": " + std::string(first->first.str()) +
                            ": unknown key for a step without an action; step " + std::to_string(index + 1) +
                            " has no action (one of " + names + ")");
    }
    return make_error(ErrorCode::kInvalidArgument, where(source, *table) + ": step " + std::to_string(index + 1) +
                                                       " has no action (one of " + names + ")");
  }
  StepReader reader(source, *table, std::string(*action));
  CS_ASSIGN_OR_RETURN(StepAction parsed, read_action(reader, *action));
  CS_RETURN_IF_ERROR(reader.done());
  return ScenarioStep{static_cast<int>(table->source().begin.line), std::move(parsed)};
}

}  // namespace

const std::vector<std::string>& kiosk_view_states() {
  static const std::vector<std::string> states = [] {
    std::vector<std::string> names;
    for (std::string_view name : screen_state_names()) names.emplace_back(name);
    return names;
  }();
  return states;
}

Result<Scenario> parse_scenario(std::string_view toml_text, const std::string& source, const std::string& name) {
  if (toml_text.size() > kMaxScenarioBytes) {
    return make_error(ErrorCode::kInvalidArgument, source + ": scenario larger than 64 KiB");
  }
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    std::ostringstream at;
    at << source << ":" << e.source().begin.line << ":" << e.source().begin.column;
    return make_error(ErrorCode::kInvalidArgument, at.str() + ": syntax: " + std::string(e.description()));
  }
  Scenario scenario;
  scenario.name = name;
  scenario.source = source;
  for (const auto& [key_name, node] : root) {
    const std::string key(key_name.str());
    if (key == "description") {
      const auto* v = node.as_string();
      if (v == nullptr || v->get().empty()) {
        return make_error(ErrorCode::kInvalidArgument, where(source, node) + ": description must be a non-empty string");
      }
      scenario.description = v->get();
    } else if (key == "receipts") {
      const auto* v = node.as_integer();
      if (v == nullptr || v->get() < 1 || v->get() > 1000) {
        return make_error(ErrorCode::kInvalidArgument, where(source, node) + ": receipts must be from 1 to 1000");
      }
      scenario.receipts = static_cast<std::size_t>(v->get());
    } else if (key == "step") {
      const auto* steps = node.as_array();
      if (steps == nullptr) {
        return make_error(ErrorCode::kInvalidArgument, where(source, node) + ": step must be [[step]] tables");
      }
      if (steps->size() > kMaxSteps) {
        return make_error(ErrorCode::kInvalidArgument, where(source, node) + ": more than 500 steps");
      }
      for (std::size_t i = 0; i < steps->size(); ++i) {
        CS_ASSIGN_OR_RETURN(ScenarioStep step, read_step(source, *steps->get(i), i));
        scenario.steps.push_back(std::move(step));
      }
    } else {
      return make_error(ErrorCode::kInvalidArgument,
                        where(source, node) + ": " + key + ": unknown key (description, receipts, [[step]])");
    }
  }
  if (scenario.description.empty()) {
    return make_error(ErrorCode::kInvalidArgument, source + ": description is missing");
  }
  if (scenario.steps.empty()) return make_error(ErrorCode::kInvalidArgument, source + ": no [[step]]");
  for (const ScenarioStep& step : scenario.steps) {
    const auto* present = std::get_if<PresentStep>(&step.action);
    if (present != nullptr && present->receipt && *present->receipt >= scenario.receipts) {
      return make_error(ErrorCode::kInvalidArgument,
                        source + ":" + std::to_string(step.line) + ": present: receipt " +
                            std::to_string(*present->receipt) + " does not exist (receipts = " +
                            std::to_string(scenario.receipts) + ", indexes from 0)");
    }
  }
  return scenario;
}

Result<Scenario> load_scenario(const std::string& path) {
  CS_ASSIGN_OR_RETURN(std::string text, read_file(path, kMaxScenarioBytes));
  return parse_scenario(text, path, std::filesystem::path(path).stem().string());
}

std::string default_scenario_dir() { return data_dir("scenarios", CHAINSLIP_SCENARIOS_DIR); }

Result<std::vector<std::string>> list_scenarios(const std::string& dir) {
  std::error_code ec;
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml") paths.push_back(entry.path().string());
  }
  if (ec) {
    return make_error(ErrorCode::kNotFound, "scenario folder " + dir + ": " + ec.message() +
                                                " (give --scenarios DIR, the source tree's sim/scenarios)");
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace chainslip::simapp

#include "sim/app/scenario/scenario_runner.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <utility>

#include "core/util/file_io.h"
#include "sim/app/kiosk/simulated_kiosk.h"
#include "sim/printer/paper_png.h"

namespace chainslip::simapp {
namespace {

using std::chrono::milliseconds;

// The kiosk runs this long before the first step, as a real one has been on
// long before a patient comes: the printer driver's first status poll is at 2 s.
constexpr milliseconds kBootTime{3000};

// One scenario played on a SimulatedKiosk.
class ScenarioRun {
 public:
  ScenarioRun(const Scenario& scenario, const ScenarioRunOptions& options)
      : scenario_(scenario), options_(options) {}

  Status set_up();
  ScenarioReport play();

 private:
  void step(std::size_t index, const ScenarioStep& step);
  void present(const PresentStep& p);
  void act(const ScreenAction& action);
  void wait_for(const WaitForStep& w);
  void expect(const ExpectStep& e);
  void expect_paper(const ExpectPaperStep& e);
  void write_pngs();

  void advance(milliseconds by);
  void check(const Status& s);
  std::string shown() const { return kiosk_->shown(); }
  void log(const std::string& line) { kiosk_->log(line); }
  void fail(const std::string& what);
  // The last rejection's "key=value" from its log line, or "" when none.
  std::string rejection_field(const std::string& key) const;
  std::size_t cut_tickets() const;

  const Scenario& scenario_;
  const ScenarioRunOptions& options_;
  ScenarioReport report_;
  std::vector<std::string> lines_;  // every log line, for expect_log and rejections
  const ScenarioStep* current_ = nullptr;
  std::size_t current_index_ = 0;
  std::unique_ptr<SimulatedKiosk> kiosk_;
};

Status ScenarioRun::set_up() {
  SimulatedKioskOptions o;
  o.receipts = scenario_.receipts;
  o.on_log = [this](milliseconds at, const std::string& line) {
    lines_.push_back(line);
    if (options_.print) options_.print(log_stamp(at) + line);
  };
  CS_ASSIGN_OR_RETURN(kiosk_, SimulatedKiosk::start(std::move(o)));
  return {};
}

void ScenarioRun::fail(const std::string& what) {
  const std::string where = scenario_.source + ":" + std::to_string(current_ ? current_->line : 0) + ": step " +
                            std::to_string(current_index_ + 1);
  report_.failures.push_back(where + ": " + what);
  log("FAIL " + where + ": " + what);
}

void ScenarioRun::check(const Status& s) {
  if (!s.ok()) fail(s.error().message);
}

void ScenarioRun::advance(milliseconds by) { check(kiosk_->advance(by)); }

ScenarioReport ScenarioRun::play() {
  const auto wall_start = std::chrono::steady_clock::now();
  report_.name = scenario_.name;
  advance(kBootTime);
  log("scenario " + scenario_.name + ": " + scenario_.description);
  for (std::size_t i = 0; i < scenario_.steps.size(); ++i) step(i, scenario_.steps[i]);
  report_.tickets = cut_tickets();
  write_pngs();
  report_.simulated = kiosk_->now();
  report_.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  log(std::string(report_.passed() ? "PASS " : "FAIL ") + scenario_.name + ": " +
      std::to_string(report_.failures.size()) + " failed expectation(s), " + std::to_string(report_.tickets) +
      " ticket(s), " + std::to_string(static_cast<double>(report_.simulated.count()) / 1000.0) + " s simulated");
  return report_;
}

void ScenarioRun::step(std::size_t index, const ScenarioStep& step) {
  current_ = &step;
  current_index_ = index;
  std::visit(
      [this](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, PresentStep>) {
          present(a);
        } else if constexpr (std::is_same_v<T, ConfirmStep>) {
          log("scenario: the patient chooses " + a.reason + " and confirms");
          const ExchangeReason reason = a.reason == "other" ? ExchangeReason::kOther : ExchangeReason::kRefund;
          act(ChooseEvent{reason});
          act(ConfirmEvent{reason});
        } else if constexpr (std::is_same_v<T, CancelStep>) {
          log("scenario: the patient cancels");
          act(CancelEvent{});
        } else if constexpr (std::is_same_v<T, WaitStep>) {
          log("scenario: wait " + std::to_string(static_cast<double>(a.duration.count()) / 1000.0) + " s");
          advance(a.duration);
        } else if constexpr (std::is_same_v<T, WaitForStep>) {
          wait_for(a);
        } else if constexpr (std::is_same_v<T, ExpectStep>) {
          expect(a);
        } else if constexpr (std::is_same_v<T, ExpectPaperStep>) {
          expect_paper(a);
        } else if constexpr (std::is_same_v<T, ExpectLogStep>) {
          bool found = false;
          for (const std::string& line : lines_) found = found || line.find(a.contains) != std::string::npos;
          if (found) {
            log("scenario: expect log \"" + a.contains + "\": ok");
          } else {
            fail("no log line contains \"" + a.contains + "\"");
          }
        } else if constexpr (std::is_same_v<T, NodeStep>) {
          kiosk_->set_node(a);
        } else {
          kiosk_->set_printer(a);
          advance(milliseconds{0});
        }
      },
      step.action);
}

void ScenarioRun::present(const PresentStep& p) {
  const std::string payload = p.receipt ? kiosk_->payloads()[*p.receipt] : p.text;
  log("scenario: the patient holds up " +
      (p.receipt ? "receipt " + std::to_string(*p.receipt) + " (" + payload + ")" : "a code \"" + payload + "\"") +
      " to the camera (" + p.camera + ")");
  // Held until the kiosk shows it noticed (any kiosk log line), or the patient gives up.
  Result<bool> reacted = kiosk_->present(payload, p.camera, p.hold);
  if (!reacted.ok()) {
    fail("camera: " + reacted.error().message);
    return;
  }
  log(std::string("scenario: the patient lowers the phone") + (*reacted ? "" : " (the kiosk did not react)"));
}

void ScenarioRun::act(const ScreenAction& action) {
  if (Status s = kiosk_->act(action); !s.ok()) log("scenario: action refused: " + s.error().message);
}

void ScenarioRun::wait_for(const WaitForStep& w) {
  const milliseconds start = kiosk_->now();
  Result<bool> shows = kiosk_->wait_for({w.state}, w.within);
  if (!shows.ok()) {
    fail(shows.error().message);
  } else if (*shows) {
    log("scenario: the kiosk shows " + w.state + " after " +
        std::to_string(static_cast<double>((kiosk_->now() - start).count()) / 1000.0) + " s");
  } else {
    fail("the kiosk did not show " + w.state + " within " + std::to_string(w.within.count() / 1000) +
         " s; it shows " + shown());
  }
}

std::string ScenarioRun::rejection_field(const std::string& key) const {
  for (auto it = lines_.rbegin(); it != lines_.rend(); ++it) {
    if (it->rfind("kiosk: rejected ", 0) != 0) continue;
    const std::size_t at = it->find(" " + key + "=");
    if (at == std::string::npos) return "";
    const std::size_t begin = at + key.size() + 2;
    return it->substr(begin, it->find(' ', begin) - begin);
  }
  return "";
}

void ScenarioRun::expect(const ExpectStep& e) {
  std::vector<std::string> wrong;
  if (shown() != e.state) wrong.push_back("state " + e.state + ", the kiosk shows " + shown());
  if (e.reason && rejection_field("reason") != *e.reason) {
    wrong.push_back("rejection reason " + *e.reason + ", got \"" + rejection_field("reason") + "\"");
  }
  if (e.cause && rejection_field("cause") != *e.cause) {
    wrong.push_back("rejection cause " + *e.cause + ", got \"" + rejection_field("cause") + "\"");
  }
  const std::string printer(printer_condition_name(kiosk_->paper_printer().state().condition_code));
  if (e.printer && printer != *e.printer) wrong.push_back("printer " + *e.printer + ", it is " + printer);
  if (wrong.empty()) {
    log("scenario: expect " + e.state + (e.cause ? " (" + *e.cause + ")" : "") +
        (e.printer ? " printer=" + *e.printer : "") + ": ok");
  }
  for (const std::string& w : wrong) fail("expected " + w);
}

std::size_t ScenarioRun::cut_tickets() const {
  const sim::Paper paper = kiosk_->printer().paper();
  std::size_t n = 0;
  const std::vector<sim::Paper> tickets = paper.tickets();
  for (std::size_t i = 0; i < paper.cuts().size() && i < tickets.size(); ++i) n += tickets[i].height() > 0 ? 1 : 0;
  return n;
}

void ScenarioRun::expect_paper(const ExpectPaperStep& e) {
  const sim::Paper paper = kiosk_->printer().paper();
  const std::vector<sim::Paper> tickets = paper.tickets();
  const std::size_t cut = cut_tickets();
  const bool tail = tickets.size() > paper.cuts().size() && tickets.back().height() > 0;
  std::size_t failures = report_.failures.size();
  if (cut != e.tickets) fail("expected " + std::to_string(e.tickets) + " ticket(s), " + std::to_string(cut) + " cut");
  if (e.uncut_tail && *e.uncut_tail != tail) {
    fail(tail ? "expected no torn, uncut paper; there is some" : "expected torn, uncut paper after the last cut");
  }
  std::string text;
  for (std::size_t i = paper.cuts().size(); i-- > 0;) {
    if (i < tickets.size() && tickets[i].height() > 0) {
      for (const sim::TextLine& line : tickets[i].text()) text += line.utf8 + "\n";
      break;
    }
  }
  for (const std::string& needle : e.contains) {
    if (text.find(needle) == std::string::npos) fail("the last ticket lacks \"" + needle + "\"");
  }
  for (const std::string& needle : e.lacks) {
    if (text.find(needle) != std::string::npos) fail("the last ticket shows \"" + needle + "\"");
  }
  if (failures == report_.failures.size()) {
    log("scenario: expect paper: " + std::to_string(cut) + " ticket(s)" + (tail ? " and a torn tail" : "") + ": ok");
  }
}

void ScenarioRun::write_pngs() {
  if (options_.out_dir.empty()) return;
  const std::string dir = options_.out_dir + "/" + scenario_.name;
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);  // a previous run's tickets would mislead
  if (Status s = make_directories(dir, 0755); !s.ok()) {
    fail("paper: " + s.error().message);
    return;
  }
  const sim::Paper paper = kiosk_->printer().paper();
  const std::vector<sim::Paper> tickets = paper.tickets();
  std::size_t n = 0;
  for (std::size_t i = 0; i < tickets.size(); ++i) {
    if (tickets[i].height() == 0) continue;
    char name[48];
    std::snprintf(name, sizeof name, "/ticket-%04zu%s.png", ++n, i < paper.cuts().size() ? "" : "-uncut");
    if (Status s = sim::write_paper_png(tickets[i], dir + name); !s.ok()) {
      fail("paper: " + s.error().message);
      continue;
    }
    report_.pngs.push_back(dir + name);
    log("paper: wrote " + dir + name);
  }
}

}  // namespace

Result<ScenarioReport> run_scenario(const Scenario& scenario, const ScenarioRunOptions& options) {
  ScenarioRun run(scenario, options);
  Status ready = run.set_up();
  if (!ready.ok()) {
    return make_error(ready.code(), "scenario " + scenario.name + ": the simulated kiosk did not start: " +
                                        ready.error().message);
  }
  return run.play();
}

}  // namespace chainslip::simapp

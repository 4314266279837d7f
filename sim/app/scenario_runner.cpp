#include "sim/app/scenario_runner.h"

#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <utility>

#include "core/event/event_loop.h"
#include "core/event/simulated_time.h"
#include "core/receipt/qr_payload.h"
#include "core/util/file_io.h"
#include "drivers/printer/escpos_paper_printer.h"
#include "drivers/printer/escpos_printer.h"
#include "drivers/printer/printer_profile.h"
#include "drivers/printer/receipt_layout.h"
#include "drivers/scanner/camera_code_scanner.h"
#include "drivers/scanner/qr_decoder_factory.h"
#include "firmware/daemon/kiosk_service.h"
#include "sim/app/faulty_node_client.h"
#include "sim/app/phone_camera.h"
#include "sim/camera/frame_options.h"
#include "sim/node/chain_node.h"
#include "sim/node/in_process_node_client.h"
#include "sim/printer/paper_png.h"
#include "sim/printer/sim_printer_transport.h"
#include "sim/printer/virtual_printer.h"

namespace chainslip::simapp {
namespace {

using std::chrono::milliseconds;

constexpr std::uint64_t kGenesisMs = 1'767'225'600'000;  // 2026-01-01T00:00:00Z: the receipts' issue time
constexpr std::uint64_t kKioskStartMs = kGenesisMs + 600'000;  // the kiosk starts 10 minutes later
constexpr milliseconds kBlockInterval{1000};
// The kiosk runs this long before the first step, as a real one has been on
// long before a patient comes: the printer driver's first status poll is at 2 s.
constexpr milliseconds kBootTime{3000};
constexpr milliseconds kHeadTick{10};      // the virtual printer's head moves in these steps
constexpr milliseconds kWatchSlice{50};    // wait_for looks at the screen this often
constexpr milliseconds kPhoneSlice{100};   // a held phone: one camera frame
constexpr int kDotsPerMm = 8;
const char* const kKioskId = "KIOSK-SIM-01";

// A printer fault that happens once the printer has received `at_bytes`.
struct PendingFault {
  PrinterFault fault;
  std::uint64_t at_bytes;
};

// The parts of one run, in construction order (destroyed in reverse: the
// service before the devices it uses, timers before the loop).
class ScenarioRun {
 public:
  ScenarioRun(const Scenario& scenario, const ScenarioRunOptions& options)
      : scenario_(scenario), options_(options) {}
  ~ScenarioRun() {
    service_.reset();
    head_ = Timer();
    sealer_ = Timer();
    if (!data_dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(data_dir_, ec);
    }
  }

  Status set_up();
  ScenarioReport play();

 private:
  Status start_chain();
  Status start_printer();
  Status start_service();

  void step(std::size_t index, const ScenarioStep& step);
  void present(const PresentStep& p);
  void act(const Json& action);
  void wait_for(const WaitForStep& w);
  void expect(const ExpectStep& e);
  void expect_paper(const ExpectPaperStep& e);
  void set_node(const NodeStep& n);
  void set_printer(const PrinterStep& p);
  void apply(PrinterFault fault);
  void head_tick();
  void seal();
  void write_pngs();

  void advance(milliseconds by);
  std::string shown() const { return service_->machine().view().value("state", std::string("?")); }
  std::uint64_t unix_ms() const { return kKioskStartMs + static_cast<std::uint64_t>(clock_.now().count()); }
  void log(const std::string& line);
  void fail(const std::string& what);
  // The last rejection's "key=value" from its log line, or "" when none.
  std::string rejection_field(const std::string& key) const;
  std::size_t cut_tickets() const;

  const Scenario& scenario_;
  const ScenarioRunOptions& options_;
  ScenarioReport report_;
  std::string data_dir_;
  std::vector<std::string> lines_;  // every log line, for expect_log and rejections
  const ScenarioStep* current_ = nullptr;
  std::size_t current_index_ = 0;

  ManualClock clock_;
  std::unique_ptr<EventLoop> loop_;
  std::unique_ptr<SimulatedTime> time_;
  std::unique_ptr<sim::ChainNode> node_;
  std::unique_ptr<sim::InProcessNodeClient> node_link_;
  std::unique_ptr<FaultyNodeClient> node_client_;
  std::vector<std::string> payloads_;
  std::unique_ptr<sim::VirtualPrinter> printer_;
  std::unique_ptr<sim::SimPrinterTransport> printer_transport_;
  std::unique_ptr<escpos::EscPosPrinter> printer_engine_;
  std::unique_ptr<escpos::EscPosPaperPrinter> paper_printer_;
  std::vector<PendingFault> pending_faults_;
  PhoneCamera* camera_ = nullptr;  // owned by scanner_
  std::unique_ptr<CameraCodeScanner> scanner_;
  std::unique_ptr<KioskService> service_;
  Timer head_;
  Timer sealer_;
};

Status ScenarioRun::set_up() {
  CS_ASSIGN_OR_RETURN(loop_, EventLoop::create(clock_));
  time_ = std::make_unique<SimulatedTime>(clock_, *loop_);
  CS_RETURN_IF_ERROR(start_chain());
  CS_RETURN_IF_ERROR(start_printer());
  auto camera = std::make_unique<PhoneCamera>(clock_, 1);
  camera_ = camera.get();
  CS_ASSIGN_OR_RETURN(std::unique_ptr<QrDecoder> decoder, make_qr_decoder("zbar"));
  scanner_ = std::make_unique<CameraCodeScanner>(std::move(camera), std::move(decoder), clock_);
  return start_service();
}

Status ScenarioRun::start_chain() {
  sim::ChainNode::Options o;
  o.suite = Suite::kP256Sha256;  // fast to sign and verify; the checks are the same
  o.genesis_time_ms = kGenesisMs;
  CS_ASSIGN_OR_RETURN(node_, sim::ChainNode::create(o));
  CS_RETURN_IF_ERROR(node_->issue_receipts(scenario_.receipts, kGenesisMs));
  CS_RETURN_IF_ERROR(node_->seal_block(kGenesisMs));
  for (const QrPayload& p : node_->sample_payloads(scenario_.receipts)) payloads_.push_back(format_qr_payload(p));
  node_link_ = std::make_unique<sim::InProcessNodeClient>(*node_);
  node_client_ = std::make_unique<FaultyNodeClient>(*node_link_, clock_,
                                                    milliseconds(KioskConfig{}.chain.request_timeout_ms));
  sealer_ = loop_->create_timer([this] { seal(); });
  sealer_.arm_periodic(kBlockInterval);
  return {};
}

Status ScenarioRun::start_printer() {
  CS_ASSIGN_OR_RETURN(PrinterProfile profile, load_profile_by_id("generic-80mm"));
  sim::VirtualPrinterConfig config;
  config.buffer_capacity = profile.input_buffer_bytes;
  CS_ASSIGN_OR_RETURN(printer_, sim::VirtualPrinter::create(config));
  printer_transport_ = std::make_unique<sim::SimPrinterTransport>(*printer_);
  escpos::EscPosPrinterOptions engine;
  engine.buffer_bytes = profile.input_buffer_bytes;
  printer_engine_ = std::make_unique<escpos::EscPosPrinter>(*printer_transport_, clock_, engine);
  printer_engine_->set_condition_listener(
      [this](const escpos::PrinterCondition&, const std::string& line) { log(line); });
  LayoutOptions layout;
  layout.mode = layout_mode_for(profile);
  paper_printer_ = std::make_unique<escpos::EscPosPaperPrinter>(*printer_engine_, profile, layout);
  head_ = loop_->create_timer([this] { head_tick(); });
  head_.arm_periodic(kHeadTick);
  return {};
}

Status ScenarioRun::start_service() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "chainslip-scenario-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) {
    return make_error(ErrorCode::kUnavailable, "cannot create a temporary kiosk data directory in " +
                                                   std::filesystem::temp_directory_path().string());
  }
  data_dir_ = tmpl;
  KioskConfig config;
  config.kiosk.id = kKioskId;
  config.kiosk.data_dir = data_dir_ + "/kiosk";
  config.scanner.kind = "camera";
  config.screen.listen = "127.0.0.1:0";
  const std::uint64_t start_s = kKioskStartMs / 1000;
  CS_ASSIGN_OR_RETURN(DeviceIdentity identity,
                      node_->make_device(kKioskId, "模拟医院门诊大厅 1号自助机", start_s - 86'400, start_s + 365 * 86'400));
  KioskService::Options service{.config = config,
                                .anchor = node_->anchor(),
                                .identity = std::move(identity),
                                .unix_ms = [this] { return unix_ms(); },
                                .logs = {[this](const std::string& l) { log(l); },
                                         [this](const std::string& l) { log("warning: " + l); }},
                                .on_recovered = {},
                                .journal_step_observer = {}};
  CS_ASSIGN_OR_RETURN(service_, KioskService::start(*loop_,
                                                    KioskServiceDevices{*node_client_, *paper_printer_, *scanner_},
                                                    std::move(service)));
  advance(milliseconds{0});
  return {};
}

void ScenarioRun::log(const std::string& line) {
  lines_.push_back(line);
  if (!options_.print) return;
  char stamp[24];
  std::snprintf(stamp, sizeof stamp, "[%8.3f] ", static_cast<double>(clock_.now().count()) / 1000.0);
  options_.print(stamp + line);
}

void ScenarioRun::fail(const std::string& what) {
  const std::string where = scenario_.source + ":" + std::to_string(current_ ? current_->line : 0) + ": step " +
                            std::to_string(current_index_ + 1);
  report_.failures.push_back(where + ": " + what);
  log("FAIL " + where + ": " + what);
}

void ScenarioRun::advance(milliseconds by) {
  if (Status s = time_->advance(by); !s.ok()) fail("event loop: " + s.error().message);
}

void ScenarioRun::head_tick() {
  printer_->advance(kHeadTick);
  const std::uint64_t received = printer_->received_bytes();
  for (auto it = pending_faults_.begin(); it != pending_faults_.end();) {
    if (received < it->at_bytes) {
      ++it;
      continue;
    }
    log("scenario: the printer has received " + std::to_string(received) + " bytes");
    apply(it->fault);
    it = pending_faults_.erase(it);
  }
}

void ScenarioRun::seal() {
  Result<sim::SealReport> sealed = node_->seal_block(unix_ms());
  if (!sealed.ok()) {
    log("node: sealing failed: " + sealed.error().message);
  } else if (sealed->height > 0) {
    log("node: sealed block " + std::to_string(sealed->height) + " (" + std::to_string(sealed->tx_count) +
        " transaction(s), " + std::to_string(sealed->refused.size()) + " refused)");
  }
}

ScenarioReport ScenarioRun::play() {
  const auto wall_start = std::chrono::steady_clock::now();
  report_.name = scenario_.name;
  advance(kBootTime);
  log("scenario " + scenario_.name + ": " + scenario_.description);
  for (std::size_t i = 0; i < scenario_.steps.size(); ++i) step(i, scenario_.steps[i]);
  report_.tickets = cut_tickets();
  write_pngs();
  report_.simulated = clock_.now();
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
          log("scenario: the patient confirms (" + a.reason + ")");
          act({{"action", "confirm"}, {"reason", a.reason}});
        } else if constexpr (std::is_same_v<T, CancelStep>) {
          log("scenario: the patient cancels");
          act({{"action", "cancel"}});
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
          set_node(a);
        } else {
          set_printer(a);
        }
      },
      step.action);
}

void ScenarioRun::present(const PresentStep& p) {
  const std::string payload = p.receipt ? payloads_[*p.receipt] : p.text;
  sim::FrameOptions scene;
  for (const auto& c : sim::frame_conditions()) {
    if (c.name == p.camera) scene = c.options;
  }
  log("scenario: the patient holds up " +
      (p.receipt ? "receipt " + std::to_string(*p.receipt) + " (" + payload + ")" : "a code \"" + payload + "\"") +
      " to the camera (" + p.camera + ")");
  if (Status s = camera_->raise(payload, scene); !s.ok()) {
    fail("camera: " + s.error().message);
    return;
  }
  // Held until the kiosk shows it noticed (any kiosk log line), or the patient gives up.
  const std::size_t lines_before = lines_.size();
  const milliseconds start = clock_.now();
  bool reacted = false;
  while (!reacted && clock_.now() - start < p.hold) {
    advance(kPhoneSlice);
    for (std::size_t i = lines_before; i < lines_.size(); ++i) reacted = reacted || lines_[i].rfind("kiosk: ", 0) == 0;
  }
  camera_->lower();
  log(std::string("scenario: the patient lowers the phone") + (reacted ? "" : " (the kiosk did not react)"));
}

void ScenarioRun::act(const Json& action) {
  if (Status s = service_->machine().handle_action(action); !s.ok()) log("scenario: action refused: " + s.error().message);
  advance(milliseconds{0});
}

void ScenarioRun::wait_for(const WaitForStep& w) {
  const milliseconds start = clock_.now();
  while (shown() != w.state && clock_.now() - start < w.within) advance(kWatchSlice);
  if (shown() == w.state) {
    log("scenario: the kiosk shows " + w.state + " after " +
        std::to_string(static_cast<double>((clock_.now() - start).count()) / 1000.0) + " s");
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
  const std::string printer = paper_printer_->state().condition_code;
  if (e.printer && printer != *e.printer) wrong.push_back("printer " + *e.printer + ", it is " + printer);
  if (wrong.empty()) {
    log("scenario: expect " + e.state + (e.cause ? " (" + *e.cause + ")" : "") +
        (e.printer ? " printer=" + *e.printer : "") + ": ok");
  }
  for (const std::string& w : wrong) fail("expected " + w);
}

std::size_t ScenarioRun::cut_tickets() const {
  const sim::Paper paper = printer_->paper();
  std::size_t n = 0;
  const std::vector<sim::Paper> tickets = paper.tickets();
  for (std::size_t i = 0; i < paper.cuts().size() && i < tickets.size(); ++i) n += tickets[i].height() > 0 ? 1 : 0;
  return n;
}

void ScenarioRun::expect_paper(const ExpectPaperStep& e) {
  const sim::Paper paper = printer_->paper();
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

void ScenarioRun::set_node(const NodeStep& n) {
  node_client_->set_down(n.mode == NodeMode::kDown);
  node_client_->set_delay(n.mode == NodeMode::kSlow ? n.delay : milliseconds{0});
  node_link_->set_lie(n.lie);
  node_link_->fail_next(n.mode == NodeMode::kDrops ? n.count : 0);
  switch (n.mode) {
    case NodeMode::kHonest: log("scenario: the node is up and honest"); break;
    case NodeMode::kDown: log("scenario: the node goes down"); break;
    case NodeMode::kSlow: log("scenario: the node answers " + std::to_string(n.delay.count()) + " ms late"); break;
    case NodeMode::kDrops:
      log("scenario: the node drops the next " + std::to_string(n.count) + " connection(s)");
      break;
    case NodeMode::kLie: log("scenario: the node lies: " + std::string(sim::lie_name(*n.lie))); break;
  }
}

void ScenarioRun::set_printer(const PrinterStep& p) {
  if (p.fault == PrinterFault::kUnplug) {
    log("scenario: the printer's cable comes out after " + std::to_string(p.after_bytes) + " more byte(s)");
    printer_->unplug_after(p.after_bytes);
  } else if (p.fault == PrinterFault::kHeadSpeed) {
    log("scenario: the printer's head slows to " + std::to_string(p.head_speed_mm_s) + " mm/s");
    printer_->set_head_speed(p.head_speed_mm_s * kDotsPerMm);
  } else if (p.after_bytes > 0) {
    log("scenario: a printer fault is due after " + std::to_string(p.after_bytes) + " more byte(s)");
    pending_faults_.push_back({p.fault, printer_->received_bytes() + p.after_bytes});
  } else {
    apply(p.fault);
  }
  advance(milliseconds{0});
}

void ScenarioRun::apply(PrinterFault fault) {
  switch (fault) {
    case PrinterFault::kPaperNearEnd: printer_->set_paper_near_end(true); log("scenario: paper near its end"); break;
    case PrinterFault::kPaperOk: printer_->set_paper_near_end(false); log("scenario: a fresh paper roll"); break;
    case PrinterFault::kPaperOut: printer_->set_paper_out(true); log("scenario: the paper runs out"); break;
    case PrinterFault::kPaperIn: printer_->set_paper_out(false); log("scenario: paper loaded"); break;
    case PrinterFault::kCoverOpen: printer_->set_cover_open(true); log("scenario: the cover is opened"); break;
    case PrinterFault::kCoverClose: printer_->set_cover_open(false); log("scenario: the cover is closed"); break;
    case PrinterFault::kCutterError: printer_->set_cutter_error(true); log("scenario: the cutter jams"); break;
    case PrinterFault::kCutterClear: printer_->set_cutter_error(false); log("scenario: the cutter is freed"); break;
    case PrinterFault::kUnplug: printer_->unplug_after(0); log("scenario: the printer is unplugged"); break;
    case PrinterFault::kReplug: printer_->replug(); log("scenario: the printer is plugged back in"); break;
    case PrinterFault::kHeadSpeed: break;  // set_printer handles it
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
  const sim::Paper paper = printer_->paper();
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

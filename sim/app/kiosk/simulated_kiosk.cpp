#include "sim/app/kiosk/simulated_kiosk.h"

#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/receipt/receipt_code.h"
#include "drivers/printer/layout/receipt_layout.h"
#include "drivers/printer/profiles/printer_profile.h"
#include "drivers/scanner/qr/qr_decoder_factory.h"
#include "sim/camera/frame_options.h"

namespace chainslip::simapp {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kBlockInterval{1000};
constexpr milliseconds kHeadTick{10};     // the virtual printer's head moves in these steps
constexpr milliseconds kWatchSlice{50};   // wait_for looks at the screen this often
constexpr milliseconds kPhoneSlice{100};  // a held phone: one camera frame
constexpr int kDotsPerMm = 8;

}  // namespace

std::string log_stamp(milliseconds at) {
  char stamp[24];
  std::snprintf(stamp, sizeof stamp, "[%8.3f] ", static_cast<double>(at.count()) / 1000.0);
  return stamp;
}

Result<std::unique_ptr<SimulatedKiosk>> SimulatedKiosk::start(SimulatedKioskOptions options) {
  std::unique_ptr<SimulatedKiosk> kiosk(new SimulatedKiosk(std::move(options)));
  CS_RETURN_IF_ERROR(kiosk->set_up());
  return kiosk;
}

// Members go in reverse: the service before the devices it uses, timers before the loop.
SimulatedKiosk::~SimulatedKiosk() {
  service_.reset();
  head_ = Timer();
  sealer_ = Timer();
  if (!data_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }
}

Status SimulatedKiosk::set_up() {
  CS_ASSIGN_OR_RETURN(loop_, EventLoop::create(clock_));
  time_ = std::make_unique<SimulatedTime>(clock_, *loop_);
  CS_RETURN_IF_ERROR(start_chain());
  CS_RETURN_IF_ERROR(start_printer());
  auto camera = std::make_unique<PhoneCamera>(clock_, 1);
  camera_ = camera.get();
  // zbar, as the kiosk's config defaults to; zxing-cpp in a build without zbar.
  const std::vector<std::string> decoders = built_qr_decoder_names();
  if (decoders.empty()) {
    return make_error(ErrorCode::kUnimplemented,
                      "the simulated kiosk reads its camera with a QR decoder, and this build has none "
                      "(CHAINSLIP_WITH_ZBAR=OFF, CHAINSLIP_WITH_ZXING=OFF)");
  }
  CS_ASSIGN_OR_RETURN(std::unique_ptr<QrDecoder> decoder, make_qr_decoder(decoders.front()));
  scanner_ = std::make_unique<CameraCodeScanner>(std::move(camera), std::move(decoder), clock_);
  return start_service();
}

Status SimulatedKiosk::start_chain() {
  sim::ChainNode::Options o;
  o.suite = Suite::kP256Sha256;  // fast to sign and verify; the checks are the same
  o.genesis_time_ms = kKioskStartMs - static_cast<std::uint64_t>(options_.chain_age.count());
  CS_ASSIGN_OR_RETURN(node_, sim::ChainNode::create(o));
  CS_RETURN_IF_ERROR(node_->issue_receipts(options_.receipts, o.genesis_time_ms));
  CS_RETURN_IF_ERROR(node_->seal_block(o.genesis_time_ms));
  for (const ReceiptCode& c : node_->sample_codes(options_.receipts)) payloads_.push_back(node_->code_url(c));
  node_link_ = std::make_unique<sim::InProcessNodeClient>(*node_);
  node_client_ = std::make_unique<FaultyNodeClient>(*node_link_, clock_,
                                                    milliseconds(KioskConfig{}.chain.request_timeout_ms));
  sealer_ = loop_->create_timer([this] { seal(); });
  sealer_.arm_periodic(kBlockInterval);
  return {};
}

Status SimulatedKiosk::start_printer() {
  CS_ASSIGN_OR_RETURN(escpos::PrinterProfile profile, escpos::load_profile_by_id("generic-80mm"));
  sim::VirtualPrinterConfig config;
  config.buffer_capacity = profile.input_buffer_bytes;
  CS_ASSIGN_OR_RETURN(printer_, sim::VirtualPrinter::create(config));
  printer_transport_ = std::make_unique<sim::SimPrinterTransport>(*printer_);
  escpos::EscPosJobEngineOptions engine;
  engine.buffer_bytes = profile.input_buffer_bytes;
  printer_engine_ = std::make_unique<escpos::EscPosJobEngine>(*printer_transport_, clock_, engine);
  printer_engine_->set_condition_listener(
      [this](const escpos::PrinterCondition&, const std::string& line) { log(line); });
  escpos::LayoutOptions layout;
  layout.mode = escpos::layout_mode_for(profile);
  paper_printer_ = std::make_unique<escpos::EscPosPaperPrinter>(*printer_engine_, profile, layout);
  head_ = loop_->create_timer([this] { head_tick(); });
  head_.arm_periodic(kHeadTick);
  return {};
}

Status SimulatedKiosk::start_service() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "chainslip-scenario-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) {
    return make_error(ErrorCode::kUnavailable, "cannot create a temporary kiosk data directory in " +
                                                   std::filesystem::temp_directory_path().string());
  }
  data_dir_ = tmpl;
  kiosk_dir_ = data_dir_ + "/kiosk";
  KioskConfig config;
  config.kiosk.id = kKioskId;
  config.kiosk.paper_code = kPaperCode;
  config.kiosk.data_dir = kiosk_dir_;
  config.kiosk.retention_days = options_.retention_days;
  config.scanner.kind = "camera";
  config.screen.listen = "127.0.0.1:0";
  if (options_.before_start) CS_RETURN_IF_ERROR(options_.before_start(kiosk_dir_, *node_));
  const std::uint64_t start_s = kKioskStartMs / 1000;
  CS_ASSIGN_OR_RETURN(DeviceIdentity identity, node_->make_device(kKioskId, "模拟医院门诊大厅 1号自助机",
                                                                  start_s - 86'400, start_s + 365 * 86'400));
  KioskService::Options service{.config = config,
                                .anchor = node_->anchor(),
                                .identity = std::move(identity),
                                .logs = {[this](const std::string& l) { log(l); },
                                         [this](const std::string& l) { log("warning: " + l); },
                                         [this](const std::string& l) { log("error: " + l); }},
                                .on_recovered = {},
                                .journal_step_observer = {}};
  CS_ASSIGN_OR_RETURN(
      service_, KioskService::start(*loop_, KioskHalRoles{*node_client_, *paper_printer_, *scanner_},
                                    std::move(service)));
  return advance(milliseconds{0});
}

void SimulatedKiosk::stop_service() { service_.reset(); }

void SimulatedKiosk::log(const std::string& line) {
  if (line.rfind("kiosk: ", 0) == 0) ++kiosk_lines_;
  if (options_.on_log) options_.on_log(clock_.now(), line);
}

Status SimulatedKiosk::advance(milliseconds by) {
  if (Status s = time_->advance(by); !s.ok()) {
    return make_error(s.code(), "event loop: " + s.error().message);
  }
  return {};
}

std::string SimulatedKiosk::shown() const {
  return service_ ? service_->machine().view().value("state", std::string("?")) : "stopped";
}

Result<bool> SimulatedKiosk::present(const std::string& payload, const std::string& camera,
                                     milliseconds hold) {
  sim::FrameOptions scene;
  for (const auto& c : sim::frame_conditions()) {
    if (c.name == camera) scene = c.options;
  }
  CS_RETURN_IF_ERROR(camera_->raise(payload, scene));
  const std::uint64_t lines_before = kiosk_lines_;
  const milliseconds start = clock_.now();
  Status moved;
  while (moved.ok() && kiosk_lines_ == lines_before && clock_.now() - start < hold)
    moved = advance(kPhoneSlice);
  camera_->lower();
  if (!moved.ok()) return moved.error();
  return kiosk_lines_ != lines_before;
}

Status SimulatedKiosk::act(const ScreenAction& action) {
  service_->machine().handle_action(action);
  return advance(milliseconds{0});
}

Result<bool> SimulatedKiosk::wait_for(const std::vector<std::string>& states, milliseconds within) {
  const milliseconds start = clock_.now();
  const auto shows = [&] { return std::find(states.begin(), states.end(), shown()) != states.end(); };
  while (!shows() && clock_.now() - start < within) CS_RETURN_IF_ERROR(advance(kWatchSlice));
  return shows();
}

void SimulatedKiosk::head_tick() {
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

void SimulatedKiosk::seal() {
  Result<sim::SealReport> sealed = node_->seal_block(to_unix_ms(wall_time()));
  if (!sealed.ok()) {
    log("node: sealing failed: " + sealed.error().message);
  } else if (sealed->height > 0) {
    log("node: sealed block " + std::to_string(sealed->height) + " (" + std::to_string(sealed->tx_count) +
        " transaction(s), " + std::to_string(sealed->refused.size()) + " refused)");
  }
}

void SimulatedKiosk::set_node(const NodeStep& n) {
  node_client_->set_down(n.mode == NodeMode::kDown);
  node_client_->set_delay(n.mode == NodeMode::kSlow ? n.delay : milliseconds{0});
  node_link_->set_lie(n.lie);
  node_link_->fail_next(n.mode == NodeMode::kDrops ? n.count : 0);
  switch (n.mode) {
    case NodeMode::kHonest: log("scenario: the node is up and honest"); break;
    case NodeMode::kDown: log("scenario: the node goes down"); break;
    case NodeMode::kSlow:
      log("scenario: the node answers " + std::to_string(n.delay.count()) + " ms late");
      break;
    case NodeMode::kDrops:
      log("scenario: the node drops the next " + std::to_string(n.count) + " connection(s)");
      break;
    case NodeMode::kLie: log("scenario: the node lies: " + std::string(sim::lie_name(*n.lie))); break;
  }
}

void SimulatedKiosk::set_printer(const PrinterStep& p) {
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
}

void SimulatedKiosk::apply(PrinterFault fault) {
  switch (fault) {
    case PrinterFault::kPaperNearEnd:
      printer_->set_paper_near_end(true);
      log("scenario: paper near its end");
      break;
    case PrinterFault::kPaperOk:
      printer_->set_paper_near_end(false);
      log("scenario: a fresh paper roll");
      break;
    case PrinterFault::kPaperOut:
      printer_->set_paper_out(true);
      log("scenario: the paper runs out");
      break;
    case PrinterFault::kPaperIn:
      printer_->set_paper_out(false);
      log("scenario: paper loaded");
      break;
    case PrinterFault::kCoverOpen:
      printer_->set_cover_open(true);
      log("scenario: the cover is opened");
      break;
    case PrinterFault::kCoverClose:
      printer_->set_cover_open(false);
      log("scenario: the cover is closed");
      break;
    case PrinterFault::kCutterError:
      printer_->set_cutter_error(true);
      log("scenario: the cutter jams");
      break;
    case PrinterFault::kCutterClear:
      printer_->set_cutter_error(false);
      log("scenario: the cutter is freed");
      break;
    case PrinterFault::kUnplug:
      printer_->unplug_after(0);
      log("scenario: the printer is unplugged");
      break;
    case PrinterFault::kReplug:
      printer_->replug();
      log("scenario: the printer is plugged back in");
      break;
    case PrinterFault::kHeadSpeed: break;  // set_printer handles it
  }
}

}  // namespace chainslip::simapp

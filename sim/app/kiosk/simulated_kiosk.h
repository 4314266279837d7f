#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/event/event_loop.h"
#include "core/event/simulated_time.h"
#include "core/hal/clock.h"
#include "core/util/result.h"
#include "core/util/strict_json.h"
#include "drivers/printer/escpos_paper_printer.h"
#include "drivers/printer/job/escpos_job_engine.h"
#include "drivers/scanner/camera/camera_code_scanner.h"
#include "firmware/service/kiosk_service.h"
#include "sim/app/kiosk/faulty_node_client.h"
#include "sim/app/kiosk/phone_camera.h"
#include "sim/app/scenario/scenario.h"
#include "sim/node/chain_node.h"
#include "sim/node/in_process_node_client.h"
#include "sim/printer/sim_printer_transport.h"
#include "sim/printer/virtual_printer.h"

namespace chainslip::simapp {

struct SimulatedKioskOptions {
  std::size_t receipts = 6;  // issued in block 1, when the chain starts
  // How long the chain has run when the kiosk starts (at kKioskStartMs).
  std::chrono::milliseconds chain_age = std::chrono::minutes(10);
  std::uint32_t retention_days = 30;  // kiosk.retention_days
  // Run on the kiosk's data directory before the service opens it (e.g. to
  // leave an older cache there), with the chain already up; may be unset.
  std::function<Status(const std::string& data_dir, sim::ChainNode& node)> before_start;
  // Every log line of the run (kiosk, driver, node and the caller's own
  // through log()) with the simulated time it was written at; may be unset.
  std::function<void(std::chrono::milliseconds at, const std::string& line)> on_log;
};

// "[  12.345] ": the simulated time in seconds, as log lines are stamped.
std::string log_stamp(std::chrono::milliseconds at);

// The whole kiosk on simulated devices, in one process and on one event loop
// whose time is simulated (ManualClock + SimulatedTime): a simulated chain
// node (p256-sha256, `receipts` receipts in block 1 `chain_age` before the
// kiosk starts, a block sealed every second) behind the fault layer of the node client, the virtual ESC/POS
// printer behind the real ESC/POS driver (profile generic-80mm), the virtual
// camera behind the real camera scanner (zbar), and the kiosk service
// (KioskService, as in chainslipd) with its cache and journal in a temporary
// directory that is removed with this. What a scenario run and the soak share.
class SimulatedKiosk {
 public:
  static constexpr std::uint64_t kKioskStartMs =
      1'767'226'200'000;  // 2026-01-01T00:10:00Z (08:10 China time)
  static constexpr const char* kKioskId = "KIOSK-SIM-01";  // its device certificate's device_id
  static constexpr const char* kPaperCode = "33010199";   // its paper stock

  // An error when the kiosk cannot be set up at all.
  static Result<std::unique_ptr<SimulatedKiosk>> start(SimulatedKioskOptions options);
  ~SimulatedKiosk();
  SimulatedKiosk(const SimulatedKiosk&) = delete;
  SimulatedKiosk& operator=(const SimulatedKiosk&) = delete;

  // -- time
  // Runs the kiosk for `by` of simulated time; a failing event loop is an error.
  Status advance(std::chrono::milliseconds by);
  std::chrono::milliseconds now() const { return clock_.now(); }  // since the kiosk started
  WallTime wall_time() const { return clock_.wall_time(); }  // from kKioskStartMs
  EventLoop& loop() { return *loop_; }

  // -- the patient
  // Holds a phone showing `payload` up to the camera, seen as the camera
  // condition `camera` says (a sim::frame_conditions() name; unknown: clean),
  // until the kiosk reacts (logs a "kiosk: " line) or `hold` passes, then
  // lowers it. True when the kiosk reacted; kInvalidArgument when the scene
  // cannot be rendered.
  Result<bool> present(const std::string& payload, const std::string& camera, std::chrono::milliseconds hold);
  // A screen action, handled at once.
  Status act(const ScreenAction& action);
  // Time runs (in 50 ms slices) until the screen shows one of `states`, at
  // most `within`. True when it does.
  Result<bool> wait_for(const std::vector<std::string>& states, std::chrono::milliseconds within);
  std::string shown() const;  // the screen's view state
  const Json& view() const { return service_->machine().view(); }

  // -- the node and the printer
  sim::ChainNode& node() { return *node_; }
  const std::vector<std::string>& payloads() const { return payloads_; }  // block 1's receipts' QR codes
  void set_node(const NodeStep& step);
  void set_printer(const PrinterStep& step);
  sim::VirtualPrinter& printer() { return *printer_; }
  // A fault set_printer put off until more bytes arrive has not happened yet.
  bool printer_fault_pending() const { return !pending_faults_.empty(); }
  const PaperPrinter& paper_printer() const { return *paper_printer_; }

  // -- the kiosk's files and log
  const std::string& kiosk_dir() const { return kiosk_dir_; }  // cache.db, journal.db
  // Stops the kiosk service (its stores are closed); the devices stay.
  void stop_service();
  KioskService& service() { return *service_; }
  void log(const std::string& line);

 private:
  // A printer fault that happens once the printer has received `at_bytes`.
  struct PendingFault {
    PrinterFault fault;
    std::uint64_t at_bytes;
  };

  explicit SimulatedKiosk(SimulatedKioskOptions options) : options_(std::move(options)) {}
  Status set_up();
  Status start_chain();
  Status start_printer();
  Status start_service();
  void head_tick();
  void seal();
  void apply(PrinterFault fault);

  SimulatedKioskOptions options_;
  std::string data_dir_;  // removed with this
  std::string kiosk_dir_;
  std::uint64_t kiosk_lines_ = 0;  // "kiosk: " lines so far, for present()

  ManualClock clock_{wall_time_from_unix_ms(kKioskStartMs)};
  std::unique_ptr<EventLoop> loop_;
  std::unique_ptr<SimulatedTime> time_;
  std::unique_ptr<sim::ChainNode> node_;
  std::unique_ptr<sim::InProcessNodeClient> node_link_;
  std::unique_ptr<FaultyNodeClient> node_client_;
  std::vector<std::string> payloads_;
  std::unique_ptr<sim::VirtualPrinter> printer_;
  std::unique_ptr<sim::SimPrinterTransport> printer_transport_;
  std::unique_ptr<escpos::EscPosJobEngine> printer_engine_;
  std::unique_ptr<escpos::EscPosPaperPrinter> paper_printer_;
  std::vector<PendingFault> pending_faults_;
  PhoneCamera* camera_ = nullptr;  // owned by scanner_
  std::unique_ptr<CameraCodeScanner> scanner_;
  std::unique_ptr<KioskService> service_;
  Timer head_;
  Timer sealer_;
};

}  // namespace chainslip::simapp

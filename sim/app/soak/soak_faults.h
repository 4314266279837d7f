#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/event/timer.h"
#include "sim/app/kiosk/simulated_kiosk.h"
#include "sim/app/soak/soak_day.h"

namespace chainslip::simapp {

// One episode as it happened.
struct EpisodeRecord {
  Episode planned;
  std::optional<std::chrono::milliseconds> started;  // unset: still waiting for its chance at the end
  std::optional<std::chrono::milliseconds> ended;
};

// A time the node lied.
struct LieWindow {
  sim::Lie lie;
  bool at_exchange = false;
  std::chrono::milliseconds from{0};
  std::optional<std::chrono::milliseconds> until;  // unset: still lying
};

// Plays a day's episodes on a SimulatedKiosk, one node fault and one printer
// fault at a time: an episode due while another of its device is in force
// waits for it to end. Node outages and lies start on a timer of the
// kiosk's loop; drops wait for the next scan (on_scan), a lie at exchange
// for the next confirmation the chain does not refuse at once (on_confirm),
// printer faults for the next such exchange (on_exchange_started:
// `after_bytes` into what the printer receives from then on, its ticket). Each fault is undone `lasts` after it
// starts (a printer fault's once it has actually hit).
class SoakFaults {
 public:
  SoakFaults(SimulatedKiosk& kiosk, const std::vector<Episode>& episodes);
  ~SoakFaults();
  SoakFaults(const SoakFaults&) = delete;
  SoakFaults& operator=(const SoakFaults&) = delete;

  void on_scan();
  void on_confirm();
  void on_exchange_started();

  // A lie in force now, if any.
  const LieWindow* lying() const;
  bool idle() const { return !node_active_ && !printer_active_; }
  const std::vector<EpisodeRecord>& records() const { return records_; }
  const std::vector<LieWindow>& lies() const { return lies_; }

 private:
  void due(std::size_t index);
  void start_next_node();
  void start_node(std::size_t index);
  void end_node();
  void start_printer(std::size_t index);
  void end_printer();
  std::chrono::milliseconds now() const { return kiosk_.now(); }

  SimulatedKiosk& kiosk_;
  std::vector<EpisodeRecord> records_;
  std::vector<Timer> due_timers_;       // one per episode
  std::deque<std::size_t> node_timed_;  // due, waiting for the node lane
  std::deque<std::size_t> node_armed_;  // drops and lies at exchange, waiting for their trigger
  std::deque<std::size_t> printer_armed_;
  std::optional<std::size_t> node_active_;
  std::optional<std::size_t> printer_active_;
  Timer node_end_;
  Timer printer_end_;
  std::vector<LieWindow> lies_;
};

}  // namespace chainslip::simapp

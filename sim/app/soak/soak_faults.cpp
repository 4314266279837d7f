#include "sim/app/soak/soak_faults.h"

#include <algorithm>

namespace chainslip::simapp {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kRecheck{1000};  // a printer fault not yet hit is looked at again this often

PrinterFault printer_fault_of(EpisodeKind kind) {
  switch (kind) {
    case EpisodeKind::kCoverOpen: return PrinterFault::kCoverOpen;
    case EpisodeKind::kUnplug: return PrinterFault::kUnplug;
    case EpisodeKind::kCutterError: return PrinterFault::kCutterError;
    case EpisodeKind::kPaperNearEnd: return PrinterFault::kPaperNearEnd;
    default: return PrinterFault::kPaperOut;
  }
}

PrinterFault printer_repair_of(EpisodeKind kind) {
  switch (kind) {
    case EpisodeKind::kCoverOpen: return PrinterFault::kCoverClose;
    case EpisodeKind::kUnplug: return PrinterFault::kReplug;
    case EpisodeKind::kCutterError: return PrinterFault::kCutterClear;
    case EpisodeKind::kPaperNearEnd: return PrinterFault::kPaperOk;
    default: return PrinterFault::kPaperIn;
  }
}

bool is_timed_node_episode(EpisodeKind kind) {
  return kind == EpisodeKind::kNodeDown || kind == EpisodeKind::kNodeSlow ||
         kind == EpisodeKind::kNodeTimeouts || kind == EpisodeKind::kNodeLie;
}

}  // namespace

SoakFaults::SoakFaults(SimulatedKiosk& kiosk, const std::vector<Episode>& episodes) : kiosk_(kiosk) {
  for (std::size_t i = 0; i < episodes.size(); ++i) {
    records_.push_back({episodes[i], std::nullopt, std::nullopt});
    due_timers_.push_back(kiosk_.loop().create_timer([this, i] { due(i); }));
    due_timers_.back().arm(episodes[i].at - now());
  }
  node_end_ = kiosk_.loop().create_timer([this] { end_node(); });
  printer_end_ = kiosk_.loop().create_timer([this] { end_printer(); });
}

SoakFaults::~SoakFaults() = default;

void SoakFaults::due(std::size_t index) {
  const EpisodeKind kind = records_[index].planned.kind;
  if (is_printer_episode(kind)) {
    printer_armed_.push_back(index);
  } else if (is_timed_node_episode(kind)) {
    node_timed_.push_back(index);
    start_next_node();
  } else {
    node_armed_.push_back(index);
  }
}

void SoakFaults::start_next_node() {
  if (node_active_ || node_timed_.empty()) return;
  const std::size_t index = node_timed_.front();
  node_timed_.pop_front();
  start_node(index);
}

void SoakFaults::start_node(std::size_t index) {
  EpisodeRecord& r = records_[index];
  const Episode& e = r.planned;
  r.started = now();
  kiosk_.log("soak: episode " + std::string(episode_kind_name(e.kind)) + " begins");
  NodeStep step;
  switch (e.kind) {
    case EpisodeKind::kNodeDown: step.mode = NodeMode::kDown; break;
    case EpisodeKind::kNodeSlow:
    case EpisodeKind::kNodeTimeouts:
      step.mode = NodeMode::kSlow;
      step.delay = e.delay;
      break;
    case EpisodeKind::kNodeDrops:
      step.mode = NodeMode::kDrops;
      step.count = e.count;
      break;
    default:
      step.mode = NodeMode::kLie;
      step.lie = e.lie;
      lies_.push_back({*e.lie, e.kind == EpisodeKind::kLieAtExchange, now(), std::nullopt});
      break;
  }
  kiosk_.set_node(step);
  if (e.kind == EpisodeKind::kNodeDrops) {
    r.ended = now();  // the drops are the next requests': nothing to undo
    return;
  }
  node_active_ = index;
  node_end_.arm(e.lasts);
}

void SoakFaults::end_node() {
  if (!node_active_) return;
  EpisodeRecord& r = records_[*node_active_];
  node_active_.reset();
  r.ended = now();
  if (!lies_.empty() && !lies_.back().until) lies_.back().until = now();
  kiosk_.set_node(NodeStep{});
  kiosk_.log("soak: episode " + std::string(episode_kind_name(r.planned.kind)) + " ends");
  start_next_node();
}

void SoakFaults::on_scan() {
  if (node_active_) return;
  const auto it = std::find_if(node_armed_.begin(), node_armed_.end(), [this](std::size_t i) {
    return records_[i].planned.kind == EpisodeKind::kNodeDrops;
  });
  if (it == node_armed_.end()) return;
  const std::size_t index = *it;
  node_armed_.erase(it);
  start_node(index);
}

void SoakFaults::on_confirm() {
  if (node_active_) return;
  const auto it = std::find_if(node_armed_.begin(), node_armed_.end(), [this](std::size_t i) {
    return records_[i].planned.kind == EpisodeKind::kLieAtExchange;
  });
  if (it == node_armed_.end()) return;
  const std::size_t index = *it;
  node_armed_.erase(it);
  start_node(index);
}

void SoakFaults::on_exchange_started() {
  if (printer_active_ || printer_armed_.empty()) return;
  const std::size_t index = printer_armed_.front();
  printer_armed_.pop_front();
  start_printer(index);
}

void SoakFaults::start_printer(std::size_t index) {
  EpisodeRecord& r = records_[index];
  r.started = now();
  printer_active_ = index;
  kiosk_.log("soak: episode " + std::string(episode_kind_name(r.planned.kind)) + " begins");
  kiosk_.set_printer(PrinterStep{printer_fault_of(r.planned.kind), r.planned.after_bytes, 0});
  printer_end_.arm(r.planned.lasts);
}

void SoakFaults::end_printer() {
  if (!printer_active_) return;
  EpisodeRecord& r = records_[*printer_active_];
  const bool hit =
      r.planned.kind == EpisodeKind::kUnplug ? !kiosk_.printer().link_up() : !kiosk_.printer_fault_pending();
  if (!hit) {
    printer_end_.arm(kRecheck);  // the ticket has not reached the fault's byte yet
    return;
  }
  printer_active_.reset();
  r.ended = now();
  kiosk_.set_printer(PrinterStep{printer_repair_of(r.planned.kind), 0, 0});
  kiosk_.log("soak: episode " + std::string(episode_kind_name(r.planned.kind)) + " ends");
}

const LieWindow* SoakFaults::lying() const {
  return !lies_.empty() && !lies_.back().until ? &lies_.back() : nullptr;
}

}  // namespace chainslip::simapp

#include "sim/printer/virtual_printer.h"

#include <algorithm>
#include <utility>

namespace chainslip::sim {

Result<std::unique_ptr<VirtualPrinter>> VirtualPrinter::create(const VirtualPrinterConfig& config) {
  if (config.buffer_capacity == 0 || config.head_rows_per_second <= 0) {
    return make_error(ErrorCode::kInvalidArgument, "virtual printer needs a buffer and a head speed above zero");
  }
  CS_ASSIGN_OR_RETURN(const BitmapFont* font, BitmapFont::shared());
  return std::unique_ptr<VirtualPrinter>(new VirtualPrinter(config, *font));
}

VirtualPrinter::VirtualPrinter(const VirtualPrinterConfig& config, const BitmapFont& font)
    : capacity_(config.buffer_capacity),
      rows_per_second_(config.head_rows_per_second),
      interpreter_(config.width, font,
                   {[this](ByteView reply) { replies_.insert(replies_.end(), reply.begin(), reply.end()); },
                    [this] { return status_locked(); }}) {}

std::size_t VirtualPrinter::receive(ByteView data) {
  std::lock_guard lock(mu_);
  if (!link_up_) return 0;
  std::size_t n = data.size();
  if (link_budget_) {
    n = std::min(n, *link_budget_);
    *link_budget_ -= n;
    if (*link_budget_ == 0) {
      link_up_ = false;
      link_budget_.reset();
    }
  }
  for (std::uint8_t b : data.first(n)) {
    ++received_;
    if (occupied_locked() < capacity_) {
      buffer_.push_back(b);
    } else {
      ++overflowed_;
    }
    // Scanned after buffering, so DLE ENQ 2 clears its own bytes too.
    if (auto command = scanner_.push(b)) realtime_locked(*command);
  }
  pump_locked();
  return n;
}

void VirtualPrinter::realtime_locked(RealtimeScanner::Command command) {
  if (command.kind == 0x04) {
    if (auto reply = dle_eot_reply(command.n, status_locked())) replies_.push_back(*reply);
    return;
  }
  // DLE ENQ 1 / 2: recover from a latched error whose cause is gone.
  if ((command.n != 1 && command.n != 2) || !error_latched_ || cutter_fault_) return;
  error_latched_ = false;
  if (command.n == 2) {
    buffer_.clear();
    interpreter_.clear_buffers();
  }
  report_status_locked();
}

Bytes VirtualPrinter::take_replies() {
  std::lock_guard lock(mu_);
  return std::exchange(replies_, {});
}

bool VirtualPrinter::link_up() const {
  std::lock_guard lock(mu_);
  return link_up_;
}

std::size_t VirtualPrinter::buffer_free() const {
  std::lock_guard lock(mu_);
  return capacity_ - std::min(capacity_, occupied_locked());
}

// A command occupies the buffer until it is complete, so the bytes the
// interpreter holds in a half-received command count.
std::size_t VirtualPrinter::occupied_locked() const { return buffer_.size() + interpreter_.pending_bytes(); }

void VirtualPrinter::advance(std::chrono::milliseconds elapsed) {
  std::lock_guard lock(mu_);
  now_us_ += std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
  pump_locked();
}

bool VirtualPrinter::idle() const {
  std::lock_guard lock(mu_);
  return buffer_.empty() && interpreter_.idle() && head_free_at_us_ <= now_us_;
}

// The head takes bytes from the buffer while it is online and not busy
// moving paper; each row it feeds keeps it busy 1/rows_per_second.
void VirtualPrinter::pump_locked() {
  while (!buffer_.empty() && !status_locked().offline && head_free_at_us_ <= now_us_) {
    const int before = interpreter_.paper().height();
    interpreter_.feed_byte(buffer_.front());
    buffer_.pop_front();
    const std::int64_t rows = interpreter_.paper().height() - before;
    head_free_at_us_ += rows * 1'000'000 / rows_per_second_;
    report_status_locked();
  }
  // An idle or stopped head does not bank time for later.
  head_free_at_us_ = std::max(head_free_at_us_, now_us_);
}

PrinterStatus VirtualPrinter::status_locked() const {
  PrinterStatus s;
  s.cover_open = cover_open_;
  s.paper_near_end = paper_near_end_;
  s.paper_out = paper_out_;
  s.cutter_error = error_latched_;
  s.offline = cover_open_ || paper_out_ || error_latched_;
  return s;
}

void VirtualPrinter::report_status_locked() {
  const PrinterStatus now = status_locked();
  const std::uint8_t mask = interpreter_.asb_mask();
  const bool just_enabled = mask != 0 && mask != asb_mask_reported_;
  if (just_enabled || asb_change_reported(mask, last_status_, now)) {
    const auto frame = asb_frame(now);
    replies_.insert(replies_.end(), frame.begin(), frame.end());
  }
  asb_mask_reported_ = mask;
  last_status_ = now;
}

void VirtualPrinter::set_paper_near_end(bool on) {
  std::lock_guard lock(mu_);
  paper_near_end_ = on;
  report_status_locked();
}

void VirtualPrinter::set_paper_out(bool on) {
  std::lock_guard lock(mu_);
  paper_out_ = on;
  report_status_locked();
  pump_locked();
}

void VirtualPrinter::set_cover_open(bool on) {
  std::lock_guard lock(mu_);
  cover_open_ = on;
  report_status_locked();
  pump_locked();
}

void VirtualPrinter::set_cutter_error(bool on) {
  std::lock_guard lock(mu_);
  cutter_fault_ = on;
  error_latched_ = error_latched_ || on;
  report_status_locked();
}

void VirtualPrinter::set_head_speed(int rows_per_second) {
  std::lock_guard lock(mu_);
  rows_per_second_ = std::max(1, rows_per_second);
}

void VirtualPrinter::unplug_after(std::size_t bytes) {
  std::lock_guard lock(mu_);
  if (bytes == 0) {
    link_up_ = false;
    link_budget_.reset();
  } else {
    link_budget_ = bytes;
  }
}

void VirtualPrinter::replug() {
  std::lock_guard lock(mu_);
  link_up_ = true;
  link_budget_.reset();
}

Paper VirtualPrinter::paper() const {
  std::lock_guard lock(mu_);
  return interpreter_.paper();
}

std::vector<Paper> VirtualPrinter::take_cut_tickets() {
  std::lock_guard lock(mu_);
  return interpreter_.take_cut_tickets();
}

PrinterStatus VirtualPrinter::status() const {
  std::lock_guard lock(mu_);
  return status_locked();
}

std::vector<LogEntry> VirtualPrinter::log() const {
  std::lock_guard lock(mu_);
  return interpreter_.log();
}

std::uint64_t VirtualPrinter::overflowed_bytes() const {
  std::lock_guard lock(mu_);
  return overflowed_;
}

std::uint64_t VirtualPrinter::received_bytes() const {
  std::lock_guard lock(mu_);
  return received_;
}

}  // namespace chainslip::sim

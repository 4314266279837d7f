#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/util/bytes.h"
#include "core/util/result.h"
#include "sim/printer/escpos_interpreter.h"
#include "sim/printer/escpos_status.h"
#include "sim/printer/paper.h"

namespace chainslip::sim {

struct VirtualPrinterConfig {
  PaperWidth width = PaperWidth::k80mm;
  std::size_t buffer_capacity = 4096;  // bytes, like most kiosk printers
  int head_rows_per_second = 1200;     // 150 mm/s at 8 dots/mm
};

// The simulated printer: an interpreter behind a finite input buffer, a print
// head that takes time to move paper, and the faults real printers have.
// Time only moves through advance(), so tests are deterministic. Every
// method is thread-safe: a transport may feed it from its own thread while a
// test injects faults.
//
// The contract a driver must meet, as with a real printer:
//  - bytes that arrive while the buffer is full are lost (counted in
//    overflowed_bytes()); a command only leaves the buffer once it is
//    complete, so a single command (e.g. a raster strip) must fit in it;
//  - paper out or cover open mid-job stops printing where it is: the printer
//    goes offline and keeps buffering; paper in / cover closed resumes it with
//    nothing printed twice;
//  - an autocutter error is latched: it stays an error after the fault is
//    cleared until the host sends DLE ENQ 1 (resume) or DLE ENQ 2 (resume and
//    drop what is buffered);
//  - DLE EOT n and DLE ENQ n are answered on reception, even offline or with
//    a full buffer; GS r waits its turn in the buffer;
//  - after GS a n, a 4-byte ASB frame goes out at once and on every status
//    change n asks about.
class VirtualPrinter {
 public:
  // Loads the shared CJK font; fails if it is missing or the config is not
  // usable.
  static Result<std::unique_ptr<VirtualPrinter>> create(const VirtualPrinterConfig& config = {});

  // --- the link (what a transport calls)
  // Bytes from the host. Returns how many crossed the link: all of them unless
  // it dropped (unplug_after). Those that found the buffer full are lost.
  std::size_t receive(ByteView data);
  // Status replies and ASB frames since the last call, in order.
  Bytes take_replies();
  bool link_up() const;
  std::size_t buffer_free() const;

  // --- time
  void advance(std::chrono::milliseconds elapsed);
  // Nothing buffered, nothing half-received, the head at rest.
  bool idle() const;

  // --- faults, settable at any time
  void set_paper_near_end(bool on);
  void set_paper_out(bool on);
  void set_cover_open(bool on);
  void set_cutter_error(bool on);
  void set_head_speed(int rows_per_second);
  // The link drops after `bytes` more bytes (0: now); the printer keeps
  // printing what it already received.
  void unplug_after(std::size_t bytes);
  void replug();

  // --- what happened
  Paper paper() const;
  // The tickets cut since the last call, torn off the roll (Paper::take_cut_tickets).
  std::vector<Paper> take_cut_tickets();
  PrinterStatus status() const;
  std::vector<LogEntry> log() const;
  std::uint64_t overflowed_bytes() const;
  std::uint64_t received_bytes() const;

 private:
  VirtualPrinter(const VirtualPrinterConfig& config, const BitmapFont& font);

  PrinterStatus status_locked() const;
  std::size_t occupied_locked() const;
  void realtime_locked(RealtimeScanner::Command command);
  void pump_locked();
  void report_status_locked();

  mutable std::mutex mu_;
  const std::size_t capacity_;
  int rows_per_second_;
  EscPosInterpreter interpreter_;
  RealtimeScanner scanner_;
  std::deque<std::uint8_t> buffer_;
  Bytes replies_;

  std::int64_t now_us_ = 0;
  std::int64_t head_free_at_us_ = 0;  // the head is moving paper until then

  bool paper_near_end_ = false;
  bool paper_out_ = false;
  bool cover_open_ = false;
  bool cutter_fault_ = false;
  bool error_latched_ = false;

  bool link_up_ = true;
  std::optional<std::size_t> link_budget_;  // bytes left before unplug
  std::uint64_t received_ = 0;
  std::uint64_t overflowed_ = 0;

  std::uint8_t asb_mask_reported_ = 0;
  PrinterStatus last_status_;
};

}  // namespace chainslip::sim

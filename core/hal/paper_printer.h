#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/hal/paper_copy_content.h"
#include "core/hal/poll_interest.h"
#include "core/util/name_table.h"
#include "core/util/result.h"

namespace chainslip {

// What the kiosk needs from a printer: print one paper copy and say, honestly,
// how it went. The ESC/POS implementation (drivers/printer) lays the
// document out for its profile and runs the paced job; the status words are
// the printer's own (paper out, cover open, ...).
// The most pressing thing a printer's status says (drivers/printer's
// condition_code picks it, the most pressing first).
enum class PrinterConditionCode {
  kOk,
  kDisconnected,
  kUnrecoverableError,
  kMechanicalError,
  kCutterError,
  kCoverOpen,
  kPaperOut,
  kAutoRecoverableError,
  kFeedButton,
  kOffline,
  kPaperNearEnd,
};

inline constexpr NameTable<PrinterConditionCode, 11> kPrinterConditionNames{{
    {PrinterConditionCode::kOk, "ok"},
    {PrinterConditionCode::kDisconnected, "disconnected"},
    {PrinterConditionCode::kUnrecoverableError, "unrecoverable_error"},
    {PrinterConditionCode::kMechanicalError, "mechanical_error"},
    {PrinterConditionCode::kCutterError, "cutter_error"},
    {PrinterConditionCode::kCoverOpen, "cover_open"},
    {PrinterConditionCode::kPaperOut, "paper_out"},
    {PrinterConditionCode::kAutoRecoverableError, "auto_recoverable_error"},
    {PrinterConditionCode::kFeedButton, "feed_button"},
    {PrinterConditionCode::kOffline, "offline"},
    {PrinterConditionCode::kPaperNearEnd, "paper_near_end"},
}};

// Its word in logs, metrics labels, the screen's view and scenarios: "ok", "paper_out", ...
inline std::string_view printer_condition_name(PrinterConditionCode c) {
  return name_in(kPrinterConditionNames, c).value_or("?");
}

struct PrintOutcome {
  Status status;               // ok: the whole ticket printed and was cut
  bool paper_may_exist = false;  // failed part-way: some of it may have come out
  PrinterConditionCode condition_code = PrinterConditionCode::kOk;
  std::string condition_text;  // for the operator log
};

// Why the kiosk does not hear its printer (kNone while it does).
enum class PrinterLinkFault {
  kNone,
  kUnreachable,       // cannot be opened: no such device, connection refused or timed out
  kPermissionDenied,  // the OS refused the device node
  kBusy,              // another driver or process holds it
  kNoAnswer,          // open, but no answer to the status queries
  kNotEscPos,         // something answered, with bytes no ESC/POS printer sends
  kLinkLost,          // the link broke while open (unplugged, reset)
};

// "none", "unreachable", "permission_denied", "busy", "no_answer", "not_escpos", "link_lost".
constexpr std::string_view printer_link_fault_name(PrinterLinkFault f) {
  switch (f) {
    case PrinterLinkFault::kNone: return "none";
    case PrinterLinkFault::kUnreachable: return "unreachable";
    case PrinterLinkFault::kPermissionDenied: return "permission_denied";
    case PrinterLinkFault::kBusy: return "busy";
    case PrinterLinkFault::kNoAnswer: return "no_answer";
    case PrinterLinkFault::kNotEscPos: return "not_escpos";
    case PrinterLinkFault::kLinkLost: return "link_lost";
  }
  return "none";
}

struct PrinterState {
  bool ready = false;          // a job would start now
  PrinterConditionCode condition_code = PrinterConditionCode::kOk;
  std::string condition_text;
  bool paper_low = false;  // the near-end sensor: the roll will run out soon (also while offline)
  PrinterLinkFault link_fault = PrinterLinkFault::kNone;
  std::string link_detail{};  // the driver's sentence for the operator (names the printer); "" with kNone
};

class PaperPrinter : public Pollable {
 public:
  using DoneCallback = std::function<void(const PrintOutcome&)>;
  // Starts printing; `done` runs later from process_events(). An error here
  // means nothing was sent (busy, offline, layout refused the document).
  virtual Status print(const PaperCopyContent& document, DoneCallback done) = 0;
  // The same, for a 作废 slip.
  virtual Status print_void_slip(const VoidSlipContent& slip, DoneCallback done) = 0;
  virtual PrinterState state() const = 0;
};

}  // namespace chainslip

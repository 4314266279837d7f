#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/hal/paper_printer.h"
#include "core/util/result.h"
#include "drivers/printer/escpos/escpos_commands.h"

// What an ESC/POS printer says about itself, and the parsers for the bytes
// it says it with (Epson ESC/POS reference: DLE EOT n, GS r 1, the GS a
// Automatic Status Back frame). Pure: no I/O, no clock.
namespace chainslip::escpos {

struct PrinterCondition {
  bool connected = false;  // the driver hears the printer (transport open)
  bool online = false;
  bool cover_open = false;
  bool paper_near_end = false;
  bool paper_out = false;
  bool feed_button = false;         // paper being fed with the FEED button
  bool mechanical_error = false;    // e.g. the head cannot move
  bool cutter_error = false;        // latched until DLE ENQ 1/2
  bool unrecoverable_error = false;  // needs a power cycle or service
  bool auto_recoverable_error = false;  // e.g. head too hot: clears by itself

  bool operator==(const PrinterCondition&) const = default;
};

// The fixed bits of each reply kind, as the stream of printer bytes is told
// apart by them: DLE EOT replies have bits 1 and 4 set and 0 and 7 clear; an
// ASB frame's first byte has bit 4 set and bits 0, 1, 7 clear; GS r replies
// and the ASB frame's other three bytes have bits 4 and 7 clear.
constexpr bool is_realtime_reply(std::uint8_t b) { return (b & 0x93) == 0x12; }
constexpr bool is_asb_header(std::uint8_t b) { return (b & 0x93) == 0x10; }
constexpr bool is_asb_body_byte(std::uint8_t b) { return (b & 0x90) == 0x00; }
constexpr bool is_paper_status_reply(std::uint8_t b) { return (b & 0x90) == 0x00; }

using AsbFrame = std::array<std::uint8_t, 4>;

// `base` with the fields the DLE EOT n reply covers replaced by what it says:
// n = 1 online, 2 offline causes, 3 error causes, 4 paper roll sensor.
// kInvalidArgument when the byte cannot be a DLE EOT reply.
Result<PrinterCondition> apply_realtime_reply(PrinterCondition base, RealtimeStatus n, std::uint8_t reply);
// `base` with the paper sensor fields replaced by the GS r 1 reply.
Result<PrinterCondition> apply_paper_status_reply(PrinterCondition base, std::uint8_t reply);
// The whole condition an ASB frame states (connected is set: it was heard).
Result<PrinterCondition> parse_asb_frame(const AsbFrame& frame);

// True when the printer cannot print until someone acts: a latched or fatal
// error, or what only an operator fixes (paper, cover).
bool has_error(const PrinterCondition& c);
bool needs_operator(const PrinterCondition& c);

// The most pressing cause, in this order: disconnected, unrecoverable error,
// mechanical error, cutter error, cover open, paper out, auto-recoverable
// error, feed button, offline, paper near end; else ok.
PrinterConditionCode condition_code(const PrinterCondition& c);
// A sentence for the operator log: every fact that is not "fine", with what
// to do about it, e.g. "offline: paper out (load a new roll)".
std::string describe_condition(const PrinterCondition& c);

}  // namespace chainslip::escpos

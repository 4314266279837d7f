#include "drivers/printer/escpos/printer_condition.h"

#include <cstdio>
#include <vector>

namespace chainslip::escpos {
namespace {

bool bit(std::uint8_t b, int n) { return ((b >> n) & 1u) != 0; }
// Epson reports each paper sensor on two bits; printers that copy it set one
// or both, so either counts.
bool either(std::uint8_t b, int n) { return bit(b, n) || bit(b, n + 1); }

std::string hex(std::uint8_t b) {
  char out[8];
  std::snprintf(out, sizeof out, "0x%02x", b);
  return out;
}

Error not_a(std::string_view what, std::uint8_t b) {
  return make_error(ErrorCode::kInvalidArgument,
                    "printer status byte " + hex(b) + " cannot be " + std::string(what) +
                        " (its fixed bits are wrong): the link is corrupting bytes or the printer is "
                        "not ESC/POS-compatible");
}

void apply_paper_sensor(PrinterCondition& c, std::uint8_t near_end_bits, std::uint8_t paper_end_bits) {
  c.paper_out = paper_end_bits != 0;
  // The near-end sensor sits before the end sensor; an empty roll trips both.
  c.paper_near_end = near_end_bits != 0 && !c.paper_out;
}

}  // namespace

Result<PrinterCondition> apply_realtime_reply(PrinterCondition c, RealtimeStatus n, std::uint8_t b) {
  if (!is_realtime_reply(b)) return not_a("a DLE EOT reply", b);
  c.connected = true;
  switch (n) {
    case RealtimeStatus::kPrinter:
      c.online = !bit(b, 3);
      c.feed_button = bit(b, 6);
      break;
    case RealtimeStatus::kOffline:
      c.cover_open = bit(b, 2);
      c.feed_button = bit(b, 3);
      c.paper_out = bit(b, 5);
      if (c.paper_out) c.paper_near_end = false;
      break;
    case RealtimeStatus::kError:
      c.mechanical_error = bit(b, 2);
      c.cutter_error = bit(b, 3);
      c.unrecoverable_error = bit(b, 5);
      c.auto_recoverable_error = bit(b, 6);
      break;
    case RealtimeStatus::kPaper:
      apply_paper_sensor(c, either(b, 2), either(b, 5));
      break;
    default:
      return make_error(ErrorCode::kInvalidArgument, "DLE EOT n must be 1..4");
  }
  return c;
}

Result<PrinterCondition> apply_paper_status_reply(PrinterCondition c, std::uint8_t b) {
  if (!is_paper_status_reply(b)) return not_a("a GS r 1 reply", b);
  c.connected = true;
  apply_paper_sensor(c, either(b, 0), either(b, 2));
  return c;
}

Result<PrinterCondition> parse_asb_frame(const AsbFrame& f) {
  if (!is_asb_header(f[0])) return not_a("the first byte of an ASB frame", f[0]);
  for (std::size_t i = 1; i < f.size(); ++i) {
    if (!is_asb_body_byte(f[i])) return not_a("byte " + std::to_string(i + 1) + " of an ASB frame", f[i]);
  }
  PrinterCondition c;
  c.connected = true;
  c.online = !bit(f[0], 3);
  c.cover_open = bit(f[0], 5);
  c.feed_button = bit(f[0], 6);
  c.mechanical_error = bit(f[1], 2);
  c.cutter_error = bit(f[1], 3);
  c.unrecoverable_error = bit(f[1], 5);
  c.auto_recoverable_error = bit(f[1], 6);
  apply_paper_sensor(c, either(f[2], 0), either(f[2], 2));
  return c;
}

bool has_error(const PrinterCondition& c) {
  return c.mechanical_error || c.cutter_error || c.unrecoverable_error;
}

bool needs_operator(const PrinterCondition& c) { return has_error(c) || c.cover_open || c.paper_out; }

PrinterConditionCode condition_code(const PrinterCondition& c) {
  if (!c.connected) return PrinterConditionCode::kDisconnected;
  if (c.unrecoverable_error) return PrinterConditionCode::kUnrecoverableError;
  if (c.mechanical_error) return PrinterConditionCode::kMechanicalError;
  if (c.cutter_error) return PrinterConditionCode::kCutterError;
  if (c.cover_open) return PrinterConditionCode::kCoverOpen;
  if (c.paper_out) return PrinterConditionCode::kPaperOut;
  if (c.auto_recoverable_error) return PrinterConditionCode::kAutoRecoverableError;
  if (c.feed_button) return PrinterConditionCode::kFeedButton;
  if (!c.online) return PrinterConditionCode::kOffline;
  if (c.paper_near_end) return PrinterConditionCode::kPaperNearEnd;
  return PrinterConditionCode::kOk;
}

std::string describe_condition(const PrinterCondition& c) {
  if (!c.connected) return "disconnected: check the printer's cable and power";
  std::vector<std::string> facts;
  if (c.unrecoverable_error) facts.emplace_back("unrecoverable error (power-cycle the printer; call service)");
  if (c.mechanical_error) facts.emplace_back("mechanical error (check the head and paper path)");
  if (c.cutter_error) facts.emplace_back("autocutter error (clear the jam, then recover)");
  if (c.cover_open) facts.emplace_back("cover open (close it)");
  if (c.paper_out) facts.emplace_back("paper out (load a new roll)");
  if (c.auto_recoverable_error) facts.emplace_back("auto-recoverable error (e.g. head too hot; wait)");
  if (c.feed_button) facts.emplace_back("paper being fed with the FEED button");
  if (c.paper_near_end) facts.emplace_back("paper near end (replace the roll soon)");
  std::string out = c.online ? "online" : "offline";
  for (std::size_t i = 0; i < facts.size(); ++i) out += (i == 0 ? ": " : ", ") + facts[i];
  return out;
}

}  // namespace chainslip::escpos

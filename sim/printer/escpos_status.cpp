#include "sim/printer/escpos_status.h"

#include "drivers/printer/escpos/escpos_bytes.h"

namespace chainslip::sim {
namespace {

using escpos::kDle;
using escpos::kEnq;
using escpos::kEot;
constexpr std::uint8_t kFixed = 0x12;  // bits 1 and 4 of every DLE EOT reply

std::uint8_t bit(bool on, int n) { return static_cast<std::uint8_t>(on ? 1u << n : 0u); }

// The near-end sensor sits before the end sensor on the paper path, so an
// empty roll trips both.
bool near_end_sensor(const PrinterStatus& s) { return s.paper_near_end || s.paper_out; }

}  // namespace

std::optional<std::uint8_t> dle_eot_reply(std::uint8_t n, const PrinterStatus& s) {
  switch (n) {
    case 1:
      return static_cast<std::uint8_t>(kFixed | bit(s.drawer_pin3_high, 2) | bit(s.offline, 3));
    case 2:
      return static_cast<std::uint8_t>(kFixed | bit(s.cover_open, 2) | bit(s.paper_out, 5) |
                                       bit(s.cutter_error, 6));
    case 3:
      return static_cast<std::uint8_t>(kFixed | bit(s.cutter_error, 3));
    case 4:
      return static_cast<std::uint8_t>(kFixed | (near_end_sensor(s) ? 0x0C : 0) | (s.paper_out ? 0x60 : 0));
    default:
      return std::nullopt;
  }
}

std::optional<std::uint8_t> gs_r_reply(std::uint8_t n, const PrinterStatus& s) {
  switch (n) {
    case 1:
    case 49:
      return static_cast<std::uint8_t>((near_end_sensor(s) ? 0x03 : 0) | (s.paper_out ? 0x0C : 0));
    case 2:
    case 50:
      return bit(s.drawer_pin3_high, 0);
    default:
      return std::nullopt;
  }
}

std::array<std::uint8_t, 4> asb_frame(const PrinterStatus& s) {
  return {
      static_cast<std::uint8_t>(0x10 | bit(s.drawer_pin3_high, 2) | bit(s.offline, 3) | bit(s.cover_open, 5)),
      static_cast<std::uint8_t>(bit(s.cutter_error, 3)),
      static_cast<std::uint8_t>((near_end_sensor(s) ? 0x03 : 0) | (s.paper_out ? 0x0C : 0)),
      0x00,
  };
}

bool asb_change_reported(std::uint8_t mask, const PrinterStatus& a, const PrinterStatus& b) {
  const bool drawer = a.drawer_pin3_high != b.drawer_pin3_high;
  const bool online = a.offline != b.offline || a.cover_open != b.cover_open;
  const bool error = a.cutter_error != b.cutter_error;
  const bool paper = a.paper_near_end != b.paper_near_end || a.paper_out != b.paper_out;
  return ((mask & 0x01) && drawer) || ((mask & 0x02) && online) || ((mask & 0x04) && error) ||
         ((mask & 0x08) && paper);
}

std::optional<RealtimeScanner::Command> RealtimeScanner::push(std::uint8_t byte) {
  switch (seen_) {
    case 0:
      seen_ = byte == kDle ? 1 : 0;
      return std::nullopt;
    case 1:
      if (byte == kEot || byte == kEnq) {
        kind_ = byte;
        seen_ = 2;
      } else {
        seen_ = byte == kDle ? 1 : 0;
      }
      return std::nullopt;
    default:
      seen_ = 0;
      return Command{kind_, byte};
  }
}

}  // namespace chainslip::sim

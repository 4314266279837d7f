#pragma once

#include <array>
#include <cstdint>
#include <optional>

namespace chainslip::sim {

// What the printer's sensors and error latches say right now. The byte
// layouts built from it are those of Epson's TM series (ESC/POS reference:
// DLE EOT, GS r, GS a), which Chinese kiosk printers copy.
struct PrinterStatus {
  bool offline = false;
  bool cover_open = false;
  bool paper_near_end = false;
  bool paper_out = false;
  bool cutter_error = false;  // autocutter error latched until recovered (DLE ENQ)
  bool drawer_pin3_high = false;

  bool operator==(const PrinterStatus&) const = default;
};

// DLE EOT n, n = 1 printer, 2 offline cause, 3 error cause, 4 paper roll
// sensor. Every reply has bit 1 and bit 4 set and bit 0 and bit 7 clear
// (0x12 when nothing is wrong). nullopt for any other n.
std::optional<std::uint8_t> dle_eot_reply(std::uint8_t n, const PrinterStatus& status);

// GS r n, n = 1/49 paper sensor, 2/50 drawer. Bit 4 is clear, which is how a
// host tells these apart from DLE EOT and ASB bytes. nullopt for other n.
std::optional<std::uint8_t> gs_r_reply(std::uint8_t n, const PrinterStatus& status);

// The 4-byte Automatic Status Back frame (first byte matches 0x10 under
// mask 0x93).
std::array<std::uint8_t, 4> asb_frame(const PrinterStatus& status);

// GS a n bits: 0 drawer, 1 online/offline, 2 error, 3 paper roll sensor.
// True when a change from `before` to `after` is one the host asked about.
bool asb_change_reported(std::uint8_t mask, const PrinterStatus& before, const PrinterStatus& after);

// Finds real-time commands (DLE EOT n, DLE ENQ n) in the received byte
// stream, one byte at a time so they may be split anywhere. Like a real
// printer it looks at every byte, even inside raster or QR data (Epson
// tells hosts not to send them inside other commands for that reason).
class RealtimeScanner {
 public:
  struct Command {
    std::uint8_t kind;  // 0x04 (EOT) or 0x05 (ENQ)
    std::uint8_t n;
  };
  std::optional<Command> push(std::uint8_t byte);

 private:
  std::uint8_t seen_ = 0;  // bytes of DLE EOT/ENQ matched so far
  std::uint8_t kind_ = 0;
};

}  // namespace chainslip::sim

#pragma once

#include <cstdint>

namespace chainslip::escpos {

// The ESC/POS control bytes, shared by the driver that sends commands
// (escpos_commands) and the simulator's printer that reads them
// (sim/printer), so the two cannot disagree on a byte.
inline constexpr std::uint8_t kEot = 0x04;  // DLE EOT n: real-time status
inline constexpr std::uint8_t kEnq = 0x05;  // DLE ENQ n: real-time recovery
inline constexpr std::uint8_t kLf = 0x0A;
inline constexpr std::uint8_t kCr = 0x0D;
inline constexpr std::uint8_t kDle = 0x10;
inline constexpr std::uint8_t kEsc = 0x1B;
inline constexpr std::uint8_t kFs = 0x1C;
inline constexpr std::uint8_t kGs = 0x1D;

}  // namespace chainslip::escpos

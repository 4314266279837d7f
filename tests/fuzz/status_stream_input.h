#pragma once

#include <cstdint>

// How status_stream_fuzz reads an input, shared with the seed generator: a
// byte with bit 6 clear pushes the next (b & 0x3f) + 1 bytes to the stream;
// with bit 6 set it is one of these driver calls.
namespace chainslip::fuzz {

inline constexpr std::uint8_t kOpCall = 0x40;
inline constexpr std::uint8_t kOpExpectRealtime = kOpCall | 0;  // + (n - 1), n = 1..4
inline constexpr std::uint8_t kOpExpectPaperStatus = kOpCall | 4;
inline constexpr std::uint8_t kOpForgetRealtime = kOpCall | 5;
inline constexpr std::uint8_t kOpForgetPaperStatus = kOpCall | 6;
inline constexpr std::uint8_t kOpReset = kOpCall | 7;
inline constexpr std::uint8_t kMaxPush = 0x40;  // bytes one push op carries at most

}  // namespace chainslip::fuzz

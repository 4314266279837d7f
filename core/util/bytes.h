#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"

namespace chainslip {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Both suites' hashes (SM3, SHA-256) are 32 bytes.
using Digest = std::array<std::uint8_t, 32>;

inline ByteView as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Lowercase hex; decoding accepts either case but nothing else (no 0x, no
// spaces, even length).
std::string to_hex(ByteView data);
Result<Bytes> from_hex(std::string_view hex);
Result<Digest> digest_from_hex(std::string_view hex);

}  // namespace chainslip

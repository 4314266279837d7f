#pragma once

#include <string_view>

#include "core/util/result.h"

namespace chainslip {

// A crypto suite fixes the signature scheme, the curve and the hash together.
// This is the one place a suite is named; everything else takes a Suite.
enum class Suite {
  kSm2Sm3,      // "sm2-sm3": SM2 over sm2p256v1 with SM3, ID "1234567812345678"
  kP256Sha256,  // "p256-sha256": ECDSA over NIST P-256 with SHA-256
};

inline constexpr Suite kDefaultSuite = Suite::kSm2Sm3;

Result<Suite> parse_suite(std::string_view name);
std::string_view suite_name(Suite suite);

}  // namespace chainslip

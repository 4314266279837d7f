#pragma once

#include <array>
#include <cstdint>

// How node_api_fuzz reads an input, shared with the seed generator:
// byte 0 = endpoint (low 3 bits) | kP256Bit, byte 1 = index into kStatuses,
// then the body.
namespace chainslip::fuzz {

enum NodeEndpoint : std::uint8_t {
  kInfo = 0,
  kReceipt = 1,
  kValidatorSetChanges = 2,
  kSubmit = 3,
  kTransaction = 4,
  kReceiptStatus = 5,
  kErrorBody = 6,
};
inline constexpr std::uint8_t kP256Bit = 8;
inline constexpr std::array<long, 8> kStatuses = {200, 202, 400, 404, 409, 500, 503, 302};

}  // namespace chainslip::fuzz

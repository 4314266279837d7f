#pragma once

#include <array>
#include <cstdint>

#include "core/util/bytes.h"

namespace chainslip {

// An (r, s) pair for SM2 or ECDSA P-256, held as raw r||s (32 bytes each,
// big-endian). Signatures arrive either raw (64 bytes) or DER-encoded
// (SEQUENCE of two INTEGERs); parse() accepts both and normalises once, so the
// rest of the code only ever sees this form.
class Signature {
 public:
  using Raw = std::array<std::uint8_t, 64>;

  // 64 bytes -> raw r||s; anything else must be strict DER (no trailing bytes,
  // minimal integers, r and s non-zero and at most 32 bytes).
  static Result<Signature> parse(ByteView encoded);
  static Signature from_raw(const Raw& rs) { return Signature(rs); }

  const Raw& raw() const { return rs_; }
  Bytes der() const;

  bool operator==(const Signature&) const = default;

 private:
  explicit Signature(const Raw& rs) : rs_(rs) {}
  Raw rs_{};
};

}  // namespace chainslip

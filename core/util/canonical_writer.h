#pragma once

#include <cstdint>
#include <string_view>

#include "core/util/bytes.h"

namespace chainslip {

// Builds the canonical byte strings that are signed and hashed (see
// docs/PROTOCOL.md, "Canonical encoding"): integers big-endian, fixed width;
// byte strings and UTF-8 text prefixed by their u32 big-endian length.
class CanonicalWriter {
 public:
  CanonicalWriter& u8(std::uint8_t v);
  CanonicalWriter& u32(std::uint32_t v);
  CanonicalWriter& u64(std::uint64_t v);
  CanonicalWriter& i64(std::int64_t v);
  CanonicalWriter& bytes(ByteView v);       // u32 length + bytes
  CanonicalWriter& text(std::string_view v);  // u32 length + UTF-8 bytes
  CanonicalWriter& raw(ByteView v);         // fixed-size field, no length

  const Bytes& data() const& { return out_; }
  Bytes data() && { return std::move(out_); }

 private:
  Bytes out_;
};

}  // namespace chainslip

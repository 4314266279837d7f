#include "core/util/canonical_writer.h"

namespace chainslip {

CanonicalWriter& CanonicalWriter::u8(std::uint8_t v) {
  out_.push_back(v);
  return *this;
}

CanonicalWriter& CanonicalWriter::u32(std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out_.push_back(static_cast<std::uint8_t>(v >> shift));
  return *this;
}

CanonicalWriter& CanonicalWriter::u64(std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out_.push_back(static_cast<std::uint8_t>(v >> shift));
  return *this;
}

CanonicalWriter& CanonicalWriter::i64(std::int64_t v) {
  return u64(static_cast<std::uint64_t>(v));  // two's complement
}

CanonicalWriter& CanonicalWriter::bytes(ByteView v) {
  u32(static_cast<std::uint32_t>(v.size()));
  return raw(v);
}

CanonicalWriter& CanonicalWriter::text(std::string_view v) { return bytes(as_bytes(v)); }

CanonicalWriter& CanonicalWriter::raw(ByteView v) {
  out_.insert(out_.end(), v.begin(), v.end());
  return *this;
}

}  // namespace chainslip

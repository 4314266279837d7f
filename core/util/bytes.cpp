#include "core/util/bytes.h"

#include <algorithm>

namespace chainslip {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string to_hex(ByteView data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(data.size() * 2);
  for (std::uint8_t b : data) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0f]);
  }
  return out;
}

Result<Bytes> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) {
    return make_error(ErrorCode::kInvalidArgument, "hex string has odd length");
  }
  Bytes out(hex.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = hex_value(hex[2 * i]);
    int lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return make_error(ErrorCode::kInvalidArgument, "not a hex string");
    }
    out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return out;
}

Result<Digest> digest_from_hex(std::string_view hex) {
  CS_ASSIGN_OR_RETURN(Bytes raw, from_hex(hex));
  if (raw.size() != Digest{}.size()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "hash must be 32 bytes (64 hex digits), got " + std::to_string(raw.size()));
  }
  Digest d;
  std::copy(raw.begin(), raw.end(), d.begin());
  return d;
}

}  // namespace chainslip

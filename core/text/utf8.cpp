#include "core/text/utf8.h"

#include <cstdint>

namespace chainslip {
namespace {

// The well-formed sequence starting at text[i]: its length and code point,
// or length 0.
std::pair<std::size_t, char32_t> decode_at(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  std::size_t len;
  std::uint32_t cp;
  if (c < 0x80) return {1, c};
  if ((c & 0xe0) == 0xc0) {
    len = 2;
    cp = c & 0x1f;
  } else if ((c & 0xf0) == 0xe0) {
    len = 3;
    cp = c & 0x0f;
  } else if ((c & 0xf8) == 0xf0) {
    len = 4;
    cp = c & 0x07;
  } else {
    return {0, 0};
  }
  if (i + len > text.size()) return {0, 0};
  for (std::size_t k = 1; k < len; ++k) {
    const auto cc = static_cast<unsigned char>(text[i + k]);
    if ((cc & 0xc0) != 0x80) return {0, 0};
    cp = (cp << 6) | (cc & 0x3f);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  static constexpr std::uint32_t kMinForLen[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinForLen[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return {0, 0};
  return {len, static_cast<char32_t>(cp)};
}

}  // namespace

Utf8Char utf8_char_at(std::string_view text, std::size_t pos) {
  const auto [len, cp] = decode_at(text, pos);
  if (len == 0) return {U'\uFFFD', text.substr(pos, 1), false};
  return {cp, text.substr(pos, len), true};
}

std::vector<Utf8Char> utf8_chars(std::string_view text) {
  std::vector<Utf8Char> out;
  for (std::size_t i = 0; i < text.size(); i += out.back().bytes.size()) out.push_back(utf8_char_at(text, i));
  return out;
}

}  // namespace chainslip

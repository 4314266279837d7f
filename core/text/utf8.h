#pragma once

#include <string_view>
#include <vector>

namespace chainslip {

// One character of a UTF-8 string: its code point and its bytes. A byte that
// does not start a well-formed sequence (overlong, surrogate, truncated, past
// U+10FFFF) is a character of its own with valid = false and cp = U+FFFD, so
// callers that only measure or cut text never crash on bad input.
struct Utf8Char {
  char32_t cp = 0;
  std::string_view bytes;
  bool valid = true;
};

// The character starting at byte `pos` (< text.size()); advance by its
// bytes.size().
Utf8Char utf8_char_at(std::string_view text, std::size_t pos);

// The characters of `text`, in order; their bytes concatenated are `text`.
std::vector<Utf8Char> utf8_chars(std::string_view text);

}  // namespace chainslip

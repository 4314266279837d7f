#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/util/bytes.h"

namespace chainslip::sim {

// Decodes the printer's character sets to Unicode through glibc's iconv:
// GB18030 (Chinese mode, FS &) and PC437 (code page 0). Not thread-safe: one
// per interpreter.
class CharsetDecoder {
 public:
  CharsetDecoder();
  ~CharsetDecoder();
  CharsetDecoder(const CharsetDecoder&) = delete;
  CharsetDecoder& operator=(const CharsetDecoder&) = delete;

  // One complete GB18030 character (1, 2 or 4 bytes); nullopt if invalid.
  std::optional<char32_t> gb18030(ByteView character);
  // One PC437 byte.
  std::optional<char32_t> pc437(std::uint8_t byte);

 private:
  void* gb18030_;  // iconv_t, kept out of the header
  void* pc437_;
};

// How long the GB18030 character starting with `lead` is once `second` is
// known (2 or 4); 1 for ASCII; 0 if `lead`/`second` cannot start one.
std::size_t gb18030_length(std::uint8_t lead, std::uint8_t second);

void append_utf8(std::string& out, char32_t cp);

}  // namespace chainslip::sim

#include "sim/printer/charset.h"

#include <iconv.h>

#include <array>
#include <cassert>

namespace chainslip::sim {
namespace {

iconv_t handle(void* h) { return static_cast<iconv_t>(h); }

std::optional<char32_t> decode(void* h, ByteView in) {
  if (h == nullptr) return std::nullopt;
  std::array<char, 8> src{};
  if (in.size() > src.size()) return std::nullopt;
  for (std::size_t i = 0; i < in.size(); ++i) src[i] = static_cast<char>(in[i]);
  std::array<unsigned char, 8> dst{};
  char* src_ptr = src.data();
  char* dst_ptr = reinterpret_cast<char*>(dst.data());
  std::size_t src_left = in.size();
  std::size_t dst_left = dst.size();
  iconv(handle(h), nullptr, nullptr, nullptr, nullptr);  // reset shift state
  if (iconv(handle(h), &src_ptr, &src_left, &dst_ptr, &dst_left) == static_cast<std::size_t>(-1) ||
      src_left != 0 || dst.size() - dst_left != 4) {
    return std::nullopt;
  }
  return static_cast<char32_t>(dst[0] | dst[1] << 8 | dst[2] << 16 | dst[3] << 24);
}

}  // namespace

CharsetDecoder::CharsetDecoder() {
  // Both converters ship with glibc; a failure leaves the handle null and
  // every character of that set decodes as invalid.
  iconv_t gb = iconv_open("UTF-32LE", "GB18030");
  iconv_t cp = iconv_open("UTF-32LE", "CP437");
  gb18030_ = gb == reinterpret_cast<iconv_t>(-1) ? nullptr : gb;
  pc437_ = cp == reinterpret_cast<iconv_t>(-1) ? nullptr : cp;
}

CharsetDecoder::~CharsetDecoder() {
  if (gb18030_ != nullptr) iconv_close(handle(gb18030_));
  if (pc437_ != nullptr) iconv_close(handle(pc437_));
}

std::optional<char32_t> CharsetDecoder::gb18030(ByteView character) { return decode(gb18030_, character); }

std::optional<char32_t> CharsetDecoder::pc437(std::uint8_t byte) {
  return decode(pc437_, ByteView(&byte, 1));
}

std::size_t gb18030_length(std::uint8_t lead, std::uint8_t second) {
  if (lead < 0x80) return 1;
  if (lead == 0x80 || lead == 0xFF) return 0;
  if (second >= 0x30 && second <= 0x39) return 4;
  if ((second >= 0x40 && second <= 0x7E) || (second >= 0x80 && second <= 0xFE)) return 2;
  return 0;
}

void append_utf8(std::string& out, char32_t cp) {
  auto put = [&](unsigned v) { out.push_back(static_cast<char>(v)); };
  const auto c = static_cast<unsigned>(cp);
  if (c < 0x80) {
    put(c);
  } else if (c < 0x800) {
    put(0xC0 | c >> 6);
    put(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    put(0xE0 | c >> 12);
    put(0x80 | (c >> 6 & 0x3F));
    put(0x80 | (c & 0x3F));
  } else {
    assert(c < 0x110000);
    put(0xF0 | c >> 18);
    put(0x80 | (c >> 12 & 0x3F));
    put(0x80 | (c >> 6 & 0x3F));
    put(0x80 | (c & 0x3F));
  }
}

}  // namespace chainslip::sim

#include "drivers/printer/escpos/gb18030_text.h"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <utility>

#include "core/text/utf8.h"
#include "core/util/c_handle.h"

namespace chainslip::escpos {
namespace {

constexpr std::string_view kTruncationMark = "..";

// East Asian Width W and F ranges (Unicode 15 EastAsianWidth.txt, folded to
// the blocks a receipt can hold).
constexpr std::array<std::pair<char32_t, char32_t>, 14> kWideRanges{{
    {0x1100, 0x115F},    // Hangul Jamo initials
    {0x2E80, 0x303E},    // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
    {0x3041, 0x33FF},    // kana, bopomofo, Hangul compatibility, CJK compatibility
    {0x3400, 0x4DBF},    // CJK extension A
    {0x4E00, 0x9FFF},    // CJK unified ideographs
    {0xA000, 0xA4CF},    // Yi
    {0xA960, 0xA97F},    // Hangul Jamo extended A
    {0xAC00, 0xD7A3},    // Hangul syllables
    {0xF900, 0xFAFF},    // CJK compatibility ideographs
    {0xFE30, 0xFE4F},    // CJK compatibility forms
    {0xFF00, 0xFF60},    // fullwidth forms
    {0xFFE0, 0xFFE6},    // fullwidth signs: ￠ ￡ ￢ ￣ ￤ ￥ ￦
    {0x20000, 0x2FFFD},  // CJK extensions B..F, compatibility supplement
    {0x30000, 0x3FFFD},  // CJK extension G
}};

}  // namespace

Result<Bytes> encode_gb18030(std::string_view utf8) {
  for (std::size_t i = 0; i < utf8.size();) {
    const Utf8Char c = utf8_char_at(utf8, i);
    if (!c.valid || c.cp < 0x20 || c.cp == 0x7f) {
      return make_error(ErrorCode::kInvalidArgument,
                        std::string(c.valid ? "control character" : "invalid UTF-8") + " at byte " +
                            std::to_string(i) + " of text for the printer");
    }
    i += c.bytes.size();
  }
  const iconv_t raw = iconv_open("GB18030", "UTF-8");
  if (raw == reinterpret_cast<iconv_t>(-1)) {
    return make_error(ErrorCode::kInternal, "iconv has no UTF-8 to GB18030 converter (glibc gconv modules missing?)");
  }
  const CHandle<void, iconv_close> cd(raw);
  // GB18030 takes at most 4 bytes per character, UTF-8 at least 1.
  Bytes out(utf8.size() * 4);
  char* in_ptr = const_cast<char*>(utf8.data());  // iconv's signature, not modified
  std::size_t in_left = utf8.size();
  char* out_ptr = reinterpret_cast<char*>(out.data());
  std::size_t out_left = out.size();
  if (iconv(raw, &in_ptr, &in_left, &out_ptr, &out_left) == static_cast<std::size_t>(-1)) {
    return make_error(ErrorCode::kInvalidArgument, "GB18030 has no encoding for the character at byte " +
                                                       std::to_string(utf8.size() - in_left) +
                                                       " (errno " + std::to_string(errno) + ")");
  }
  out.resize(out.size() - out_left);
  return out;
}

int char_columns(char32_t cp) {
  for (const auto& [first, last] : kWideRanges) {
    if (cp >= first && cp <= last) return 2;
  }
  return 1;
}

int text_columns(std::string_view utf8) {
  int columns = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const Utf8Char c = utf8_char_at(utf8, i);
    columns += char_columns(c.cp);
    i += c.bytes.size();
  }
  return columns;
}

std::string truncate_to_columns(std::string_view utf8, int columns) {
  if (text_columns(utf8) <= columns) return std::string(utf8);
  const int mark = static_cast<int>(kTruncationMark.size());
  if (columns < mark) return std::string(kTruncationMark.substr(0, static_cast<std::size_t>(std::max(columns, 0))));
  std::string out;
  int used = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const Utf8Char c = utf8_char_at(utf8, i);
    if (used + char_columns(c.cp) > columns - mark) break;
    used += char_columns(c.cp);
    out += c.bytes;
    i += c.bytes.size();
  }
  return out + std::string(kTruncationMark);
}

std::string fit_to_columns(std::string_view utf8, int columns, TextAlign align) {
  std::string text = truncate_to_columns(utf8, columns);
  const std::string pad(static_cast<std::size_t>(std::max(0, columns - text_columns(text))), ' ');
  return align == TextAlign::kLeft ? text + pad : pad + text;
}

std::vector<std::string> wrap_to_columns(std::string_view utf8, int columns) {
  std::vector<std::string> lines(1);
  int used = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const Utf8Char c = utf8_char_at(utf8, i);
    const int w = char_columns(c.cp);
    if (used + w > columns && used > 0) {
      lines.emplace_back();
      used = 0;
    }
    lines.back() += c.bytes;
    used += w;
    i += c.bytes.size();
  }
  return lines;
}

}  // namespace chainslip::escpos

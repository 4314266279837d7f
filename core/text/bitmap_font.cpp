#include "core/text/bitmap_font.h"

#include <charconv>
#include <mutex>
#include <optional>
#include <string_view>

#include "core/util/file_io.h"

namespace chainslip {
namespace {

constexpr std::size_t kMaxFontBytes = 64u << 20;

std::optional<unsigned> hex_value(std::string_view text) {
  unsigned v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, 16);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return v;
}

// "XXXX:" + 32 hex digits (8 wide) or 64 (16 wide), one row per 2 or 4.
std::optional<std::pair<char32_t, UnifontGlyph>> parse_line(std::string_view line) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto cp = hex_value(line.substr(0, colon));
  std::string_view bits = line.substr(colon + 1);
  if (!cp || (bits.size() != 32 && bits.size() != 64)) return std::nullopt;
  UnifontGlyph g;
  g.width = bits.size() == 32 ? 8 : 16;
  const std::size_t digits = bits.size() / 16;
  for (std::size_t row = 0; row < 16; ++row) {
    auto v = hex_value(bits.substr(row * digits, digits));
    if (!v) return std::nullopt;
    g.rows[row] = static_cast<std::uint16_t>(g.width == 8 ? *v << 8 : *v);
  }
  return std::pair{static_cast<char32_t>(*cp), g};
}

}  // namespace

Result<BitmapFont> BitmapFont::load(const std::string& hex_path) {
  auto text = read_file(hex_path, kMaxFontBytes);
  if (!text.ok()) {
    if (text.code() == ErrorCode::kNotFound) {
      return make_error(ErrorCode::kNotFound,
                        "GNU Unifont not found at " + hex_path + ": install the Debian package `unifont`");
    }
    return text.error();
  }
  BitmapFont font;
  std::string_view rest = *text;
  std::size_t line_no = 0;
  while (!rest.empty()) {
    const std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    ++line_no;
    if (line.empty()) continue;
    auto parsed = parse_line(line);
    if (!parsed) {
      return make_error(ErrorCode::kDataLoss, hex_path + ":" + std::to_string(line_no) + ": not a Unifont .hex line");
    }
    font.glyphs_.insert(*parsed);
  }
  auto question = font.glyphs_.find(U'?');
  if (question == font.glyphs_.end()) {
    return make_error(ErrorCode::kDataLoss, hex_path + " has no '?' glyph");
  }
  font.fallback_ = question->second;
  return font;
}

Result<const BitmapFont*> BitmapFont::shared() {
  static std::once_flag once;
  static std::optional<Result<BitmapFont>> font;
  std::call_once(once, [] { font.emplace(load(kDefaultPath)); });
  if (!font->ok()) return font->error();
  return &font->value();
}

const UnifontGlyph& BitmapFont::glyph(char32_t cp) const {
  auto it = glyphs_.find(cp);
  return it == glyphs_.end() ? fallback_ : it->second;
}

}  // namespace chainslip

#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "core/util/result.h"

namespace chainslip {

// One GNU Unifont glyph: 16 rows, 8 (half-width) or 16 (full-width) dots wide.
struct UnifontGlyph {
  int width = 8;
  std::array<std::uint16_t, 16> rows{};  // bit 15 is the leftmost dot

  bool dot(int x, int y) const { return (rows[static_cast<std::size_t>(y)] >> (15 - x) & 1u) != 0; }
};

// Font A as thermal printers draw it: a 12x24 cell for ASCII and a 24x24 cell
// for CJK, as on Epson and Chinese TM-compatible printers. The virtual printer
// renders text with it; the driver draws text into raster images with it for
// printers that have no Chinese font. The glyphs are GNU Unifont's
// 8x16/16x16 bitmaps (Debian package `unifont`) scaled by exactly 1.5 with
// nearest-neighbour sampling: every source dot becomes 1 or 2 dots, so
// strokes stay crisp and text stays legible on a 203 dpi roll.
class BitmapFont {
 public:
  static constexpr int kCellHeight = 24;
  static constexpr int kHalfWidthCell = 12;  // dots of one printer column
  static constexpr const char* kDefaultPath = "/usr/share/unifont/unifont.hex";

  // The font at kDefaultPath, loaded once per process on first use.
  static Result<const BitmapFont*> shared();
  // kNotFound naming the package when the file is missing, kDataLoss when a
  // line is not Unifont .hex.
  static Result<BitmapFont> load(const std::string& hex_path);

  // The glyph for `cp`, or '?' when Unifont has none.
  const UnifontGlyph& glyph(char32_t cp) const;
  bool has(char32_t cp) const { return glyphs_.contains(cp); }

  static int cell_width(const UnifontGlyph& g) { return g.width * 3 / 2; }
  // Dot (x, y) of `g` drawn in its Font A cell (x < cell_width, y < 24).
  static bool cell_dot(const UnifontGlyph& g, int x, int y) { return g.dot(x * 2 / 3, y * 2 / 3); }

 private:
  std::unordered_map<char32_t, UnifontGlyph> glyphs_;
  UnifontGlyph fallback_;
};

}  // namespace chainslip

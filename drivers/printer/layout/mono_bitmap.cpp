#include "drivers/printer/layout/mono_bitmap.h"

#include <algorithm>

namespace chainslip::escpos {

MonoBitmap::MonoBitmap(int width_dots, int height)
    : width_((std::max(width_dots, 0) + 7) / 8 * 8),
      height_(std::max(height, 0)),
      bits_(static_cast<std::size_t>(width_ / 8) * static_cast<std::size_t>(height_)) {}

void MonoBitmap::set(int x, int y) {
  if (x < 0 || y < 0 || x >= width_ || y >= height_) return;
  bits_[static_cast<std::size_t>(y) * row_bytes() + static_cast<std::size_t>(x / 8)] |=
      static_cast<std::uint8_t>(0x80u >> (x % 8));
}

bool MonoBitmap::dot(int x, int y) const {
  if (x < 0 || y < 0 || x >= width_ || y >= height_) return false;
  return (bits_[static_cast<std::size_t>(y) * row_bytes() + static_cast<std::size_t>(x / 8)] >> (7 - x % 8) & 1) != 0;
}

void MonoBitmap::draw(const MonoBitmap& src, int x, int y) {
  for (int sy = 0; sy < src.height(); ++sy) {
    for (int sx = 0; sx < src.width(); ++sx) {
      if (src.dot(sx, sy)) set(x + sx, y + sy);
    }
  }
}

ByteView MonoBitmap::rows(int first, int count) const {
  return ByteView(bits_).subspan(static_cast<std::size_t>(first) * row_bytes(),
                                 static_cast<std::size_t>(count) * row_bytes());
}

}  // namespace chainslip::escpos

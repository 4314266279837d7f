#pragma once

#include <cstdint>
#include <vector>

#include "core/util/bytes.h"

namespace chainslip::escpos {

// A 1-bit image laid out as GS v 0 takes it: rows top to bottom, each row
// whole bytes with the most significant bit the leftmost dot. The width is
// rounded up to a multiple of 8.
class MonoBitmap {
 public:
  MonoBitmap(int width_dots, int height);

  int width() const { return width_; }
  int height() const { return height_; }
  std::size_t row_bytes() const { return static_cast<std::size_t>(width_ / 8); }

  // Dots outside the image are ignored.
  void set(int x, int y);
  bool dot(int x, int y) const;
  // Every black dot of `src` at (x, y) here.
  void draw(const MonoBitmap& src, int x, int y);
  // Rows [first, first + count) as GS v 0 data.
  ByteView rows(int first, int count) const;

 private:
  int width_;
  int height_;
  Bytes bits_;
};

}  // namespace chainslip::escpos

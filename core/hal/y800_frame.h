#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace chainslip {

// One grey camera frame in V4L2/zbar "Y800" (GREY) layout: 8-bit luma,
// row-major, no padding (stride == width). This is what a USB camera hands
// the scanner and what the virtual camera produces.
struct Y800Frame {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;  // width * height bytes

  std::uint8_t at(int x, int y) const {
    return pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)];
  }
  bool operator==(const Y800Frame&) const = default;
};

}  // namespace chainslip

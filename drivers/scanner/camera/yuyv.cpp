#include "drivers/scanner/camera/yuyv.h"

#include <algorithm>
#include <string>

namespace chainslip {
namespace {

// Checks the layout of a frame of `bytes_per_pixel`, and returns an empty
// frame of the right size.
Result<Y800Frame> allocate(const char* format, ByteView data, int width, int height,
                           std::size_t bytes_per_line, std::size_t bytes_per_pixel) {
  auto invalid = [&](const std::string& why) {
    return make_error(ErrorCode::kInvalidArgument, std::string(format) + ": " + why);
  };
  if (width < 1 || height < 1 || (bytes_per_pixel == 2 && width % 2 != 0)) {
    return invalid("frame size " + std::to_string(width) + "x" + std::to_string(height) +
                   (bytes_per_pixel == 2 ? " (the width must be even)" : ""));
  }
  const auto w = static_cast<std::size_t>(width), h = static_cast<std::size_t>(height);
  const std::size_t row = bytes_per_pixel * w;
  if (bytes_per_line < row) {
    return invalid("row stride " + std::to_string(bytes_per_line) + " is less than a row of " +
                   std::to_string(row));
  }
  const std::size_t needed = (h - 1) * bytes_per_line + row;
  if (data.size() < needed)
    return invalid(std::to_string(data.size()) + " bytes, " + std::to_string(needed) + " needed");
  Y800Frame frame;
  frame.width = width;
  frame.height = height;
  frame.pixels.resize(w * h);
  return frame;
}

}  // namespace

Result<Y800Frame> yuyv_to_y800(ByteView data, int width, int height, std::size_t bytes_per_line) {
  CS_ASSIGN_OR_RETURN(Y800Frame frame, allocate("YUYV", data, width, height, bytes_per_line, 2));
  const auto w = static_cast<std::size_t>(width), h = static_cast<std::size_t>(height);
  for (std::size_t y = 0; y < h; ++y) {
    const std::uint8_t* in = data.data() + y * bytes_per_line;
    std::uint8_t* out = frame.pixels.data() + y * w;
    for (std::size_t x = 0; x < w; ++x) out[x] = in[2 * x];
  }
  return frame;
}

Result<Y800Frame> grey_to_y800(ByteView data, int width, int height, std::size_t bytes_per_line) {
  CS_ASSIGN_OR_RETURN(Y800Frame frame, allocate("GREY", data, width, height, bytes_per_line, 1));
  const auto w = static_cast<std::size_t>(width), h = static_cast<std::size_t>(height);
  if (bytes_per_line == w) {
    frame.pixels.assign(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(w * h));
    return frame;
  }
  for (std::size_t y = 0; y < h; ++y) {
    const auto in = data.begin() + static_cast<std::ptrdiff_t>(y * bytes_per_line);
    std::copy(in, in + static_cast<std::ptrdiff_t>(w),
              frame.pixels.begin() + static_cast<std::ptrdiff_t>(y * w));
  }
  return frame;
}

}  // namespace chainslip

#include "drivers/scanner/camera/frame_preprocess.h"

#include <cstddef>
#include <string>

namespace chainslip {
namespace {

Error invalid(const std::string& why) {
  return make_error(ErrorCode::kInvalidArgument, "frame preprocess: " + why);
}

std::size_t index(int x, int y, int width) {
  return static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x);
}

}  // namespace

Status check_preprocess_options(const FramePreprocessOptions& options, int frame_width, int frame_height) {
  if (options.downscale < 1 || options.downscale > kMaxDownscale) {
    return invalid("downscale " + std::to_string(options.downscale) + " outside 1.." +
                   std::to_string(kMaxDownscale));
  }
  int width = frame_width, height = frame_height;
  if (options.region) {
    const FrameRegion& r = *options.region;
    // Compared as differences so that no sum can overflow.
    if (r.x < 0 || r.y < 0 || r.width < 1 || r.height < 1 || r.x > frame_width - r.width ||
        r.y > frame_height - r.height) {
      return invalid("region " + std::to_string(r.width) + "x" + std::to_string(r.height) + " at (" +
                     std::to_string(r.x) + "," + std::to_string(r.y) + ") is empty or outside the " +
                     std::to_string(frame_width) + "x" + std::to_string(frame_height) + " frame");
    }
    width = r.width;
    height = r.height;
  }
  if (width / options.downscale < 1 || height / options.downscale < 1) {
    return invalid(std::to_string(width) + "x" + std::to_string(height) + " is smaller than one " +
                   std::to_string(options.downscale) + "x" + std::to_string(options.downscale) + " block");
  }
  return {};
}

Result<Y800Frame> preprocess_frame(const Y800Frame& frame, const FramePreprocessOptions& options) {
  if (frame.width < 1 || frame.height < 1 ||
      frame.pixels.size() != static_cast<std::size_t>(frame.width) * static_cast<std::size_t>(frame.height)) {
    return invalid("frame " + std::to_string(frame.width) + "x" + std::to_string(frame.height) + " with " +
                   std::to_string(frame.pixels.size()) + " pixel bytes");
  }
  CS_RETURN_IF_ERROR(check_preprocess_options(options, frame.width, frame.height));
  if (!options.region && options.downscale == 1) return frame;
  const FrameRegion r = options.region.value_or(FrameRegion{0, 0, frame.width, frame.height});
  const int f = options.downscale;
  Y800Frame out;
  out.width = r.width / f;
  out.height = r.height / f;
  out.pixels.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height));
  const unsigned block = static_cast<unsigned>(f * f);
  for (int oy = 0; oy < out.height; ++oy) {
    for (int ox = 0; ox < out.width; ++ox) {
      unsigned sum = 0;
      for (int dy = 0; dy < f; ++dy) {
        const std::size_t row = index(r.x + ox * f, r.y + oy * f + dy, frame.width);
        for (int dx = 0; dx < f; ++dx) sum += frame.pixels[row + static_cast<std::size_t>(dx)];
      }
      out.pixels[index(ox, oy, out.width)] = static_cast<std::uint8_t>((sum + block / 2) / block);
    }
  }
  return out;
}

}  // namespace chainslip

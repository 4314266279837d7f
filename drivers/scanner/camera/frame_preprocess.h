#pragma once

#include <optional>

#include "core/hal/y800_frame.h"
#include "core/util/result.h"

namespace chainslip {

// A rectangle of the frame, in pixels.
struct FrameRegion {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
};

// What the scanner does to a camera frame before decoding: crop to where the
// patient holds the phone (the kiosk's camera sees more than the scan
// window), then shrink a high-resolution frame so decoding stays cheap.
struct FramePreprocessOptions {
  std::optional<FrameRegion> region{};  // nullopt: the whole frame
  int downscale = 1;                  // integer factor 1..kMaxDownscale; box filter
};

inline constexpr int kMaxDownscale = 8;

// kInvalidArgument when the region is empty or reaches outside the frame,
// the factor is outside 1..kMaxDownscale, or the result would be empty.
Status check_preprocess_options(const FramePreprocessOptions& options, int frame_width, int frame_height);

// Crops, then downscales: each output pixel is the rounded mean of a
// downscale x downscale block; a remainder of less than a block at the
// right or bottom edge is dropped. Pure.
Result<Y800Frame> preprocess_frame(const Y800Frame& frame, const FramePreprocessOptions& options);

}  // namespace chainslip

#pragma once

#include <cstdint>
#include <string>

#include "core/util/result.h"
#include "sim/camera/frame_options.h"
#include "core/hal/y800_frame.h"

namespace chainslip::sim {

// The virtual kiosk camera: renders what the camera would see when a
// patient holds up a phone showing `payload` as a QR code (libqrencode,
// level M, byte mode, 4-module quiet zone).
//
// Pipeline, always in this order:
//   1. background: grey level, gradient and soft blotches (background_texture);
//   2. the phone in its own plane: bezel, screen, app header, text lines and
//      the code (or only text when hide_code), dark_mode swapping the screen's
//      light and dark; then the reflection (glare_*) and the thumb (occlusion)
//      on that plane;
//   3. the phone placed in the frame by one homography (scale, position
//      jitter, rotation, keystone), by inverse mapping with bilinear sampling;
//   4. camera: Gaussian blur, then contrast/brightness, then sensor noise,
//      then clipping to 0..255.
//
// The frame is a pure function of (seed, payload, options): each random
// choice (background, placement, glare spot, thumb, noise) draws from its own
// stream seeded by (seed, options.frame_index, purpose), so sweeping one
// strength leaves everything else in the scene where it was.
class FrameGenerator {
 public:
  explicit FrameGenerator(std::uint64_t seed) : seed_(seed) {}

  // kInvalidArgument for options out of range, or a payload libqrencode
  // cannot encode (empty, containing NUL, too long) or whose code would get
  // less than one pixel per module at this size. `payload` is ignored when
  // options.hide_code.
  Result<Y800Frame> render(const std::string& payload, const FrameOptions& options) const;

 private:
  std::uint64_t seed_;
};

}  // namespace chainslip::sim

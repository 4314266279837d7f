#include "sim/camera/frame_options.h"

#include <cmath>

namespace chainslip::sim {
namespace {

Error invalid(const std::string& why) { return make_error(ErrorCode::kInvalidArgument, "frame options: " + why); }

bool in_range(double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; }

}  // namespace

FrameOptions FrameOptions::clean() {
  FrameOptions o;
  o.rotation_deg = 3.0;
  o.blur_sigma = 0.6;
  o.noise_sigma = 3.0;
  return o;
}

FrameOptions FrameOptions::noisy() {
  FrameOptions o = clean();
  o.noise_sigma = 12.0;
  return o;
}

FrameOptions FrameOptions::blurred() {
  FrameOptions o = clean();
  o.blur_sigma = 1.5;
  return o;
}

FrameOptions FrameOptions::rotated() {
  FrameOptions o = clean();
  o.rotation_deg = 20.0;
  return o;
}

FrameOptions FrameOptions::perspective() {
  FrameOptions o = clean();
  o.keystone = 0.12;
  return o;
}

FrameOptions FrameOptions::inverted() {
  FrameOptions o = clean();
  o.dark_mode = true;
  return o;
}

FrameOptions FrameOptions::glare() {
  FrameOptions o = clean();
  o.glare_strength = 0.6;
  o.glare_size = 0.25;
  return o;
}

FrameOptions FrameOptions::occluded() {
  FrameOptions o = clean();
  o.occlusion = 0.06;
  return o;
}

FrameOptions FrameOptions::dim() {
  FrameOptions o = clean();
  o.contrast = 0.35;
  o.brightness = -40.0;
  return o;
}

FrameOptions FrameOptions::no_code() {
  FrameOptions o = clean();
  o.hide_code = true;
  return o;
}

std::vector<NamedFrameOptions> frame_conditions() {
  return {
      {"clean", FrameOptions::clean()},         {"noisy", FrameOptions::noisy()},
      {"blurred", FrameOptions::blurred()},     {"rotated", FrameOptions::rotated()},
      {"perspective", FrameOptions::perspective()}, {"inverted", FrameOptions::inverted()},
      {"glare", FrameOptions::glare()},         {"occluded", FrameOptions::occluded()},
      {"dim", FrameOptions::dim()},             {"no_code", FrameOptions::no_code()},
  };
}

Status FrameOptions::validate() const {
  if (width < 64 || height < 64 || width > 4096 || height > 4096) {
    return invalid("size " + std::to_string(width) + "x" + std::to_string(height) + " outside 64..4096");
  }
  if (!in_range(code_fraction, 0.05, 1.0)) return invalid("code_fraction must be in [0.05, 1]");
  if (!in_range(position_jitter, 0.0, 1.0)) return invalid("position_jitter must be in [0, 1]");
  if (!in_range(rotation_deg, -360.0, 360.0)) return invalid("rotation_deg must be in [-360, 360]");
  if (!in_range(keystone, 0.0, 0.8)) return invalid("keystone must be in [0, 0.8]");
  if (!std::isfinite(keystone_axis_deg)) return invalid("keystone_axis_deg must be finite");
  if (!in_range(glare_strength, 0.0, 4.0)) return invalid("glare_strength must be in [0, 4]");
  if (!in_range(glare_size, 0.01, 2.0)) return invalid("glare_size must be in [0.01, 2]");
  if (!in_range(occlusion, 0.0, 1.0)) return invalid("occlusion must be in [0, 1]");
  if (!in_range(blur_sigma, 0.0, 30.0)) return invalid("blur_sigma must be in [0, 30]");
  if (!in_range(noise_sigma, 0.0, 128.0)) return invalid("noise_sigma must be in [0, 128]");
  if (!in_range(contrast, 0.0, 4.0)) return invalid("contrast must be in [0, 4]");
  if (!in_range(brightness, -255.0, 255.0)) return invalid("brightness must be in [-255, 255]");
  if (!in_range(background_texture, 0.0, 1.0)) return invalid("background_texture must be in [0, 1]");
  return {};
}

}  // namespace chainslip::sim

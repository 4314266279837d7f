#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace chainslip::sim {

// What the virtual camera sees: a phone held up to the kiosk camera, its
// screen showing a receipt's QR code, over a textured background. Every
// imperfection is a parameter with a strength, so the scanner's decode rate
// can be measured per condition and per strength. Zero / false means "not
// applied".
struct FrameOptions {
  // Output size: the kiosk cameras deliver 640x480 or 1280x720.
  int width = 640;
  int height = 480;

  // Side of the code including its 4-module quiet zone, as a fraction of the
  // frame height (before perspective). A phone shows a code at about the
  // same physical size whatever its version, so more modules get fewer
  // pixels: 0.45 at 640x480 is ~3.8 px per module for the version 8 code a
  // ~130-byte receipt URL needs (level M), ~5.3 for the version 4 of a
  // 44-byte CS1 payload; at 1280x720, ~5.7 and ~7.9.
  double code_fraction = 0.45;
  // Random offset of the phone from the frame centre, as a fraction of the
  // room left on each side (0 = centred, 1 = anywhere the code still fits).
  double position_jitter = 0.3;

  // Geometry, applied together as one homography and sampled bilinearly.
  double rotation_deg = 0.0;  // in-plane, counter-clockwise
  double keystone = 0.0;      // perspective: 0 flat; 0.25 far edge ~0.6x the near edge
  double keystone_axis_deg = -1.0;  // tilt direction; negative: random from the seed

  // On the phone's screen plane (they move with the phone).
  bool dark_mode = false;       // inverted colours: light modules on a dark screen
  double glare_strength = 0.0;  // peak luma the reflection adds, / 255; >= ~1 saturates
  double glare_size = 0.3;      // the reflection's radius, as a fraction of the code side
  double occlusion = 0.0;       // fraction of the symbol's area under a thumb, 0..1
  bool hide_code = false;       // the screen shows text only: a scene without any QR

  // Camera and scene.
  double blur_sigma = 0.0;          // Gaussian defocus, in output pixels
  double noise_sigma = 0.0;         // Gaussian sensor noise, in luma levels
  double contrast = 1.0;            // scales luma about mid-grey (< 1: dim screen, low exposure)
  double brightness = 0.0;          // added luma levels
  double background_texture = 0.5;  // amplitude of the background's blotches, 0..1

  // Mixed into the seed so a stream of frames differs frame to frame (noise,
  // jitter, glare spot) and stays reproducible.
  std::uint64_t frame_index = 0;

  // The conditions the scanner's decode-rate table lists. Each is a
  // realistic, moderate case that a good scanner decodes; make it harsher by
  // raising the one field it sets. All start from clean().
  static FrameOptions clean();        // noise_sigma 3, blur_sigma 0.6, rotation_deg 3
  static FrameOptions noisy();        // noise_sigma 12 (dim room, high gain)
  static FrameOptions blurred();      // blur_sigma 1.5 (focused behind the phone)
  static FrameOptions rotated();      // rotation_deg 20
  static FrameOptions perspective();  // keystone 0.12 (phone tilted ~20°)
  static FrameOptions inverted();     // dark-mode screen
  static FrameOptions glare();        // glare_strength 0.6: a reflection washing out part of the code
  static FrameOptions occluded();     // a thumb over ~6 % of the symbol, clear of the finders
  static FrameOptions dim();          // contrast 0.35, darker
  static FrameOptions no_code();      // the phone shows text, no QR

  // kInvalidArgument naming the first field out of range.
  Status validate() const;
};

struct NamedFrameOptions {
  std::string name;  // "clean", "noisy", ... as the presets are called
  FrameOptions options;
};

// Every preset above, in table order.
std::vector<NamedFrameOptions> frame_conditions();

}  // namespace chainslip::sim

#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/hal/camera.h"
#include "core/hal/clock.h"
#include "sim/camera/frame_generator.h"
#include "sim/camera/frame_options.h"

namespace chainslip::sim {

// The simulated kiosk camera behind core/hal/camera.h: what a V4L2 camera
// would deliver while a patient holds up (or lowers) a phone, rendered by
// FrameGenerator. A new frame is ready every `period` of the Clock, so the
// scanner above is tested against the same contract as the real camera.
class VirtualCameraDevice final : public Camera {
 public:
  VirtualCameraDevice(const Clock& clock, std::uint64_t seed,
                      std::chrono::milliseconds period = std::chrono::milliseconds(100));

  // The phone now shows `payload` under `options` (frame_index is the
  // device's own frame counter). kInvalidArgument when that scene cannot be
  // rendered; the previous scene stays.
  Status present(const std::string& payload, const FrameOptions& options);
  // The phone is lowered: frames show the scene without any code.
  void present_nothing();

  std::string describe() const override { return "virtual camera"; }
  Status open() override;
  void close() override { open_ = false; }
  // kFailedPrecondition when not open; nullopt until the next period.
  Result<std::optional<Y800Frame>> take_frame() override;

  std::vector<PollInterest> poll_interests() const override { return {}; }
  std::optional<std::chrono::milliseconds> next_timeout() const override;
  void process_events() override {}

 private:
  const Clock& clock_;
  FrameGenerator generator_;
  std::chrono::milliseconds period_;
  std::string payload_;
  FrameOptions options_ = FrameOptions::no_code();
  bool open_ = false;
  std::chrono::milliseconds next_frame_at_{0};
  std::uint64_t frame_count_ = 0;
};

}  // namespace chainslip::sim

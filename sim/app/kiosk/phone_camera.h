#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/hal/camera.h"
#include "sim/camera/virtual_camera_device.h"

namespace chainslip::simapp {

// The kiosk camera in a scenario: the virtual camera while a patient holds a
// phone up to it, and an empty scene otherwise. An empty scene is not
// rendered: a scanner finds nothing in it anyway, and rendering and decoding
// every idle frame would make long scenarios slow. The scanner above still
// looks every frame period, so a phone raised later is seen within one.
class PhoneCamera final : public Camera {
 public:
  PhoneCamera(const Clock& clock, std::uint64_t seed);

  // kInvalidArgument when the scene cannot be rendered (the phone stays down).
  Status raise(const std::string& payload, const sim::FrameOptions& options);
  void lower();
  bool raised() const { return raised_; }

  std::string describe() const override { return "virtual camera (scenario)"; }
  Status open() override { return device_.open(); }
  void close() override { device_.close(); }
  Result<std::optional<Y800Frame>> take_frame() override;

  std::vector<PollInterest> poll_interests() const override { return {}; }
  std::optional<std::chrono::milliseconds> next_timeout() const override;
  void process_events() override {}

 private:
  static constexpr std::chrono::milliseconds kFramePeriod{100};

  sim::VirtualCameraDevice device_;
  bool raised_ = false;
};

}  // namespace chainslip::simapp

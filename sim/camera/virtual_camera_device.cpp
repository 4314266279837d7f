#include "sim/camera/virtual_camera_device.h"

#include <algorithm>

namespace chainslip::sim {

VirtualCameraDevice::VirtualCameraDevice(const Clock& clock, std::uint64_t seed,
                                         std::chrono::milliseconds period)
    : clock_(clock), generator_(seed), period_(std::max(period, std::chrono::milliseconds(1))) {}

Status VirtualCameraDevice::present(const std::string& payload, const FrameOptions& options) {
  FrameOptions scene = options;
  scene.frame_index = frame_count_;
  // Render once now so a scene that cannot be shown fails here, not at the next frame.
  CS_RETURN_IF_ERROR(generator_.render(payload, scene));
  payload_ = payload;
  options_ = options;
  return {};
}

void VirtualCameraDevice::present_nothing() {
  FrameOptions scene = FrameOptions::no_code();
  scene.width = options_.width;
  scene.height = options_.height;
  payload_.clear();
  options_ = scene;
}

Status VirtualCameraDevice::open() {
  open_ = true;
  next_frame_at_ = clock_.now() + period_;
  return {};
}

Result<std::optional<Y800Frame>> VirtualCameraDevice::take_frame() {
  if (!open_) return make_error(ErrorCode::kFailedPrecondition, "virtual camera: take_frame before open");
  const std::chrono::milliseconds now = clock_.now();
  if (now < next_frame_at_) return std::optional<Y800Frame>();
  // Like a camera's queue, only the newest frame is delivered after a gap.
  next_frame_at_ += period_ * ((now - next_frame_at_) / period_ + 1);
  FrameOptions scene = options_;
  scene.frame_index = frame_count_++;
  CS_ASSIGN_OR_RETURN(Y800Frame frame, generator_.render(payload_, scene));
  return std::optional<Y800Frame>(std::move(frame));
}

std::optional<std::chrono::milliseconds> VirtualCameraDevice::next_timeout() const {
  if (!open_) return std::nullopt;
  return std::max(next_frame_at_ - clock_.now(), std::chrono::milliseconds(0));
}

}  // namespace chainslip::sim

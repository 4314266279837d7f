#include "sim/app/kiosk/phone_camera.h"

namespace chainslip::simapp {

PhoneCamera::PhoneCamera(const Clock& clock, std::uint64_t seed) : device_(clock, seed, kFramePeriod) {}

Status PhoneCamera::raise(const std::string& payload, const sim::FrameOptions& options) {
  CS_RETURN_IF_ERROR(device_.present(payload, options));
  raised_ = true;
  return {};
}

void PhoneCamera::lower() {
  device_.present_nothing();
  raised_ = false;
}

Result<std::optional<Y800Frame>> PhoneCamera::take_frame() {
  if (!raised_) return std::optional<Y800Frame>();
  return device_.take_frame();
}

std::optional<std::chrono::milliseconds> PhoneCamera::next_timeout() const {
  if (!raised_) return kFramePeriod;
  return device_.next_timeout();
}

}  // namespace chainslip::simapp

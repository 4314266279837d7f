#include "drivers/scanner/camera/image_file_camera.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "core/image/pgm.h"

namespace chainslip {

std::string ImageFileCamera::describe() const {
  return "image files (" + std::to_string(options_.paths.size()) + ", first " +
         (options_.paths.empty() ? std::string("none") : options_.paths.front()) + ")";
}

Status ImageFileCamera::open() {
  if (options_.paths.empty())
    return make_error(ErrorCode::kInvalidArgument, "image file camera: no files given");
  if (options_.period < std::chrono::milliseconds(1)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "image file camera: the frame period must be at least 1 ms");
  }
  for (const std::string& path : options_.paths) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      return make_error(ErrorCode::kNotFound, "image file camera: " + path + " is not a readable file");
    }
  }
  open_ = true;
  next_index_ = 0;
  next_frame_at_ = clock_.now();
  return {};
}

Result<std::optional<Y800Frame>> ImageFileCamera::take_frame() {
  if (!open_) return make_error(ErrorCode::kFailedPrecondition, "image file camera: take_frame before open");
  const std::chrono::milliseconds now = clock_.now();
  if (exhausted() || now < next_frame_at_) return std::optional<Y800Frame>();
  next_frame_at_ += options_.period * ((now - next_frame_at_) / options_.period + 1);
  if (next_index_ >= options_.paths.size()) next_index_ = 0;  // looping
  CS_ASSIGN_OR_RETURN(Y800Frame frame, read_pgm_file(options_.paths[next_index_++]));
  return std::optional<Y800Frame>(std::move(frame));
}

std::optional<std::chrono::milliseconds> ImageFileCamera::next_timeout() const {
  if (!open_ || exhausted()) return std::nullopt;
  return std::max(next_frame_at_ - clock_.now(), std::chrono::milliseconds(0));
}

}  // namespace chainslip

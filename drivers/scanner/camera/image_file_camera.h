#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "core/hal/camera.h"
#include "core/hal/clock.h"

namespace chainslip {

struct ImageFileCameraOptions {
  std::vector<std::string> paths{};  // binary PGM (P5, 8-bit) files, shown in this order
  std::chrono::milliseconds period{200};
  bool loop = true;  // start again after the last file; else no more frames
};

// A Camera that "sees" a list of image files, one per period of the Clock:
// for maintainers reproducing a scan from saved frames (chainslip-sim camera
// writes them) and for tests. The first file is ready at open().
class ImageFileCamera final : public Camera {
 public:
  ImageFileCamera(const Clock& clock, ImageFileCameraOptions options)
      : clock_(clock), options_(std::move(options)) {}

  std::string describe() const override;
  // kInvalidArgument for an empty list or a period below 1 ms, kNotFound
  // naming the first path that is not a regular file.
  Status open() override;
  void close() override { open_ = false; }
  // The next file's frame once its period is due; errors name the file.
  Result<std::optional<Y800Frame>> take_frame() override;

  std::vector<PollInterest> poll_interests() const override { return {}; }
  std::optional<std::chrono::milliseconds> next_timeout() const override;
  void process_events() override {}

 private:
  bool exhausted() const { return !options_.loop && next_index_ >= options_.paths.size(); }

  const Clock& clock_;
  ImageFileCameraOptions options_;
  bool open_ = false;
  std::size_t next_index_ = 0;
  std::chrono::milliseconds next_frame_at_{0};
};

}  // namespace chainslip

#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/hal/camera.h"
#include "drivers/scanner/device_node.h"

namespace chainslip {

struct V4l2CameraOptions {
  std::string device = "/dev/video0";
  int width = 640;
  int height = 480;
};

// A USB (UVC) camera through V4L2 streaming I/O with mmap buffers. Asks for
// GREY at the configured size, else YUYV (what nearly every UVC camera
// offers) and keeps only the luma. The driver may adjust the size; frames
// come at the size it chose.
class V4l2Camera final : public Camera {
 public:
  explicit V4l2Camera(V4l2CameraOptions options) : options_(std::move(options)) {}
  ~V4l2Camera() override { close(); }
  V4l2Camera(const V4l2Camera&) = delete;
  V4l2Camera& operator=(const V4l2Camera&) = delete;

  std::string describe() const override { return "V4L2 camera " + options_.device; }
  // kUnavailable (no camera at that path), kPermissionDenied (the video
  // group), kBusy (another program streams from it), kInvalidArgument (not a
  // V4L2 capture device, or it offers neither GREY nor YUYV).
  Status open() override;
  void close() override;
  // The newest filled buffer as a Y800 frame (older ones are handed back
  // unread); nullopt when none is ready; kUnavailable when unplugged.
  Result<std::optional<Y800Frame>> take_frame() override;

  std::vector<PollInterest> poll_interests() const override;
  void process_events() override {}

 private:
  struct Buffer {
    void* start = nullptr;
    std::size_t length = 0;
  };
  Status set_format();
  Status start_streaming();
  Status queue_buffer(std::uint32_t index);

  V4l2CameraOptions options_;
  UniqueFd fd_;
  std::vector<Buffer> buffers_;
  bool streaming_ = false;
  std::uint32_t pixel_format_ = 0;
  int width_ = 0;
  int height_ = 0;
  std::size_t bytes_per_line_ = 0;
};

}  // namespace chainslip

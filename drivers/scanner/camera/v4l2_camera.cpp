#include "drivers/scanner/camera/v4l2_camera.h"

#include <linux/videodev2.h>
#include <poll.h>
#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <cstring>
#include <optional>

#include "drivers/scanner/camera/yuyv.h"

namespace chainslip {
namespace {

constexpr DeviceNodeKind kCamera{"camera", "video"};
constexpr std::uint32_t kBufferCount = 4;

}  // namespace

Status V4l2Camera::open() {
  close();
  CS_ASSIGN_OR_RETURN(fd_, open_device_node(kCamera, options_.device, O_RDWR));
  v4l2_capability cap{};
  if (xioctl(fd_.get(), VIDIOC_QUERYCAP, &cap) < 0) {
    const int err = errno;
    close();
    if (err == ENOTTY || err == EINVAL) {
      return make_error(ErrorCode::kInvalidArgument, options_.device + " is not a V4L2 capture device");
    }
    return device_error(kCamera, options_.device, "query", err);
  }
  const std::uint32_t caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
  if (!(caps & V4L2_CAP_VIDEO_CAPTURE) || !(caps & V4L2_CAP_STREAMING)) {
    close();
    return make_error(
        ErrorCode::kInvalidArgument,
        options_.device + " (" + reinterpret_cast<const char*>(cap.card) +
            ") is not a V4L2 capture device with streaming I/O (a UVC camera's metadata node?)");
  }
  if (auto status = set_format(); !status.ok()) {
    close();
    return status;
  }
  if (auto status = start_streaming(); !status.ok()) {
    close();
    return status;
  }
  return {};
}

Status V4l2Camera::set_format() {
  for (const std::uint32_t format : {V4L2_PIX_FMT_GREY, V4L2_PIX_FMT_YUYV}) {
    v4l2_format fmt{};
    fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    fmt.fmt.pix.width = static_cast<std::uint32_t>(options_.width);
    fmt.fmt.pix.height = static_cast<std::uint32_t>(options_.height);
    fmt.fmt.pix.pixelformat = format;
    fmt.fmt.pix.field = V4L2_FIELD_NONE;
    if (xioctl(fd_.get(), VIDIOC_S_FMT, &fmt) < 0) {
      if (errno == EINVAL) continue;
      return device_error(kCamera, options_.device, "set the format of", errno);
    }
    // A driver answers S_FMT with the nearest format it has, not an error.
    if (fmt.fmt.pix.pixelformat != format) continue;
    const std::size_t min_line = format == V4L2_PIX_FMT_YUYV ? 2 * fmt.fmt.pix.width : fmt.fmt.pix.width;
    pixel_format_ = format;
    width_ = static_cast<int>(fmt.fmt.pix.width);
    height_ = static_cast<int>(fmt.fmt.pix.height);
    bytes_per_line_ = std::max<std::size_t>(fmt.fmt.pix.bytesperline, min_line);
    return {};
  }
  return make_error(
      ErrorCode::kInvalidArgument,
      options_.device + " offers neither GREY nor YUYV frames (MJPEG-only cameras are not supported)");
}

Status V4l2Camera::start_streaming() {
  v4l2_requestbuffers req{};
  req.count = kBufferCount;
  req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  req.memory = V4L2_MEMORY_MMAP;
  if (xioctl(fd_.get(), VIDIOC_REQBUFS, &req) < 0) {
    return device_error(kCamera, options_.device, "request buffers from", errno);
  }
  if (req.count < 2) {
    return make_error(
        ErrorCode::kUnavailable,
        options_.device + " granted only " + std::to_string(req.count) + " buffer(s); 2 or more are needed");
  }
  for (std::uint32_t i = 0; i < req.count; ++i) {
    v4l2_buffer buf{};
    buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buf.memory = V4L2_MEMORY_MMAP;
    buf.index = i;
    if (xioctl(fd_.get(), VIDIOC_QUERYBUF, &buf) < 0) {
      return device_error(kCamera, options_.device, "query a buffer of", errno);
    }
    void* start = ::mmap(nullptr, buf.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd_.get(), buf.m.offset);
    if (start == MAP_FAILED) return device_error(kCamera, options_.device, "map a buffer of", errno);
    buffers_.push_back(Buffer{start, buf.length});
  }
  for (std::uint32_t i = 0; i < buffers_.size(); ++i) CS_RETURN_IF_ERROR(queue_buffer(i));
  int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  if (xioctl(fd_.get(), VIDIOC_STREAMON, &type) < 0) {
    return device_error(kCamera, options_.device, "start streaming from", errno);
  }
  streaming_ = true;
  return {};
}

Status V4l2Camera::queue_buffer(std::uint32_t index) {
  v4l2_buffer buf{};
  buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  buf.memory = V4L2_MEMORY_MMAP;
  buf.index = index;
  if (xioctl(fd_.get(), VIDIOC_QBUF, &buf) < 0)
    return device_error(kCamera, options_.device, "queue a buffer of", errno);
  return {};
}

void V4l2Camera::close() {
  if (streaming_) {
    int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    xioctl(fd_.get(), VIDIOC_STREAMOFF, &type);
    streaming_ = false;
  }
  for (const Buffer& b : buffers_) ::munmap(b.start, b.length);
  buffers_.clear();
  fd_.reset();
}

Result<std::optional<Y800Frame>> V4l2Camera::take_frame() {
  if (!streaming_) return make_error(ErrorCode::kFailedPrecondition, describe() + ": take_frame before open");
  // Drain the queue: the newest filled buffer is the one to decode.
  std::optional<v4l2_buffer> newest;
  for (;;) {
    v4l2_buffer buf{};
    buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buf.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd_.get(), VIDIOC_DQBUF, &buf) < 0) {
      if (errno == EAGAIN) break;
      const int err = errno;
      if (newest) (void)queue_buffer(newest->index);
      if (err == ENODEV) return make_error(ErrorCode::kUnavailable, describe() + " was unplugged");
      return device_error(kCamera, options_.device, "dequeue a frame from", err);
    }
    if (buf.index >= buffers_.size())
      return make_error(ErrorCode::kInternal, describe() + ": bad buffer index");
    if (newest) CS_RETURN_IF_ERROR(queue_buffer(newest->index));
    newest = buf;
  }
  if (!newest) return std::optional<Y800Frame>();
  const Buffer& b = buffers_[newest->index];
  const ByteView data(static_cast<const std::uint8_t*>(b.start),
                      std::min<std::size_t>(newest->bytesused, b.length));
  // A corrupt or short frame is skipped, not fatal: the next one will do.
  const bool corrupt = (newest->flags & V4L2_BUF_FLAG_ERROR) != 0;
  auto frame = pixel_format_ == V4L2_PIX_FMT_YUYV ? yuyv_to_y800(data, width_, height_, bytes_per_line_)
                                                  : grey_to_y800(data, width_, height_, bytes_per_line_);
  CS_RETURN_IF_ERROR(queue_buffer(newest->index));
  if (corrupt || !frame.ok()) return std::optional<Y800Frame>();
  return std::optional<Y800Frame>(std::move(frame).value());
}

std::vector<PollInterest> V4l2Camera::poll_interests() const {
  if (!streaming_) return {};
  return {PollInterest{fd_.get(), POLLIN}};
}

}  // namespace chainslip

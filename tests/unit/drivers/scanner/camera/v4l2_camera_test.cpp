// The V4L2 camera's open errors, without a camera: what an operator reads
// when the device is missing or is not a camera. (Streaming is exercised on
// hardware; the frame conversion is yuyv_test.)

#include "drivers/scanner/camera/v4l2_camera.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

namespace chainslip {
namespace {

TEST(V4l2CameraTest, NoDeviceIsUnavailableWithAClearMessage) {
  V4l2Camera camera({.device = "/dev/video-chainslip-none"});
  auto status = camera.open();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kUnavailable);
  EXPECT_EQ(status.error().message.rfind("no camera at /dev/video-chainslip-none", 0), 0u)
      << status.error().message;
  EXPECT_TRUE(camera.poll_interests().empty());
  EXPECT_EQ(camera.take_frame().code(), ErrorCode::kFailedPrecondition);
}

TEST(V4l2CameraTest, RegularFileIsNotACaptureDevice) {
  const auto path =
      std::filesystem::path(::testing::TempDir()) / ("not-a-camera-" + std::to_string(::getpid()));
  std::ofstream(path) << "hello";
  V4l2Camera camera({.device = path.string()});
  auto status = camera.open();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(status.error().message.find("is not a V4L2 capture device"), std::string::npos)
      << status.error().message;
  std::filesystem::remove(path);
}

TEST(V4l2CameraTest, UnreadableNodeNamesTheVideoGroup) {
  if (::geteuid() == 0) GTEST_SKIP() << "root opens any file";
  const auto path =
      std::filesystem::path(::testing::TempDir()) / ("locked-camera-" + std::to_string(::getpid()));
  std::ofstream(path) << "x";
  std::filesystem::permissions(path, std::filesystem::perms::none);
  V4l2Camera camera({.device = path.string()});
  auto status = camera.open();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kPermissionDenied);
  EXPECT_NE(status.error().message.find("'video' group"), std::string::npos) << status.error().message;
  std::filesystem::remove(path);
}

// The errno mapping every scanner driver shares (device_node.h), for the
// cases this machine cannot produce (root opens anything; no busy device).
TEST(DeviceNodeTest, ErrorsSayWhatToDo) {
  const DeviceNodeKind camera{"camera", "video"};
  const Error denied = device_error(camera, "/dev/video0", "open", EACCES);
  EXPECT_EQ(denied.code, ErrorCode::kPermissionDenied);
  EXPECT_NE(denied.message.find("'video' group"), std::string::npos) << denied.message;
  const Error busy = device_error(camera, "/dev/video0", "open", EBUSY);
  EXPECT_EQ(busy.code, ErrorCode::kBusy);
  EXPECT_NE(busy.message.find("another program is using the camera"), std::string::npos) << busy.message;
  EXPECT_EQ(device_error(camera, "/dev/video0", "open", ENODEV).code, ErrorCode::kUnavailable);
  EXPECT_EQ(device_error(camera, "/dev/video0", "open", EIO).code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace chainslip

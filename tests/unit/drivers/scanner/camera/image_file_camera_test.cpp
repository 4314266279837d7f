#include "drivers/scanner/camera/image_file_camera.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/image/pgm.h"

namespace chainslip {
namespace {

using namespace std::chrono_literals;

class ImageFileCameraTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) / ("image-camera-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, std::uint8_t value) {
    const std::string path = (dir_ / name).string();
    EXPECT_TRUE(write_pgm_file(path, Y800Frame{2, 1, {value, value}}).ok());
    return path;
  }
  // The first pixel of the frame taken now, or -1 when there is none.
  int take(ImageFileCamera& camera) {
    auto frame = camera.take_frame();
    EXPECT_TRUE(frame.ok()) << frame.error().message;
    return frame.ok() && *frame ? (*frame)->pixels[0] : -1;
  }

  std::filesystem::path dir_;
  ManualClock clock_;
};

TEST_F(ImageFileCameraTest, OneFilePerPeriodInOrderAndLooping) {
  ImageFileCamera camera(clock_, {.paths = {write("a.pgm", 10), write("b.pgm", 20)}, .period = 100ms});
  ASSERT_TRUE(camera.open().ok());
  EXPECT_EQ(camera.next_timeout(), 0ms);
  EXPECT_EQ(take(camera), 10);
  EXPECT_EQ(take(camera), -1);  // not yet due
  EXPECT_EQ(camera.next_timeout(), 100ms);
  clock_.advance(60ms);
  EXPECT_EQ(take(camera), -1);
  EXPECT_EQ(camera.next_timeout(), 40ms);
  clock_.advance(40ms);
  EXPECT_EQ(take(camera), 20);
  clock_.advance(100ms);
  EXPECT_EQ(take(camera), 10);  // looped
}

TEST_F(ImageFileCameraTest, WithoutLoopStopsAfterTheLastFile) {
  ImageFileCamera camera(clock_, {.paths = {write("a.pgm", 10)}, .period = 50ms, .loop = false});
  ASSERT_TRUE(camera.open().ok());
  EXPECT_EQ(take(camera), 10);
  clock_.advance(500ms);
  EXPECT_EQ(take(camera), -1);
  EXPECT_EQ(camera.next_timeout(), std::nullopt);
}

TEST_F(ImageFileCameraTest, OpenChecksTheListAndTheFiles) {
  EXPECT_EQ(ImageFileCamera(clock_, {}).open().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(ImageFileCamera(clock_, {.paths = {write("a.pgm", 1)}, .period = 0ms}).open().code(),
            ErrorCode::kInvalidArgument);
  const std::string missing = (dir_ / "missing.pgm").string();
  auto status = ImageFileCamera(clock_, {.paths = {write("a.pgm", 1), missing}}).open();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kNotFound);
  EXPECT_NE(status.error().message.find(missing), std::string::npos) << status.error().message;
  ImageFileCamera closed(clock_, {.paths = {write("a.pgm", 1)}});
  EXPECT_EQ(closed.take_frame().code(), ErrorCode::kFailedPrecondition);
}

TEST_F(ImageFileCameraTest, ABadFileIsAnErrorNamingIt) {
  const std::string bad = (dir_ / "bad.pgm").string();
  std::ofstream(bad) << "P2\n1 1\n255\n0\n";
  ImageFileCamera camera(clock_, {.paths = {bad}});
  ASSERT_TRUE(camera.open().ok());
  auto frame = camera.take_frame();
  ASSERT_FALSE(frame.ok());
  EXPECT_EQ(frame.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(frame.error().message.find(bad), std::string::npos) << frame.error().message;
}

}  // namespace
}  // namespace chainslip

#include "drivers/scanner/camera/frame_preprocess.h"

#include <gtest/gtest.h>

#include <vector>

namespace chainslip {
namespace {

// A frame whose pixel at (x, y) is 10 * y + x: every crop is recognisable.
Y800Frame ramp(int width, int height) {
  Y800Frame f{width, height, {}};
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) f.pixels.push_back(static_cast<std::uint8_t>(10 * y + x));
  }
  return f;
}

TEST(FramePreprocessTest, DefaultOptionsKeepTheFrame) {
  const Y800Frame f = ramp(6, 4);
  auto out = preprocess_frame(f, {});
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(*out, f);
}

TEST(FramePreprocessTest, CropsTheRegion) {
  auto out = preprocess_frame(ramp(6, 4), {.region = FrameRegion{2, 1, 3, 2}});
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(*out, (Y800Frame{3, 2, {12, 13, 14, 22, 23, 24}}));
}

TEST(FramePreprocessTest, DownscaleAveragesEachBlockWithRounding) {
  const Y800Frame f{4, 2, {0, 1, 10, 10, 1, 1, 20, 21}};
  auto out = preprocess_frame(f, {.downscale = 2});
  ASSERT_TRUE(out.ok()) << out.error().message;
  // (0+1+1+1)/4 = 0.75 -> 1; (10+10+20+21)/4 = 15.25 -> 15.
  EXPECT_EQ(*out, (Y800Frame{2, 1, {1, 15}}));
}

TEST(FramePreprocessTest, DownscaleDropsThePartialBlockAtTheEdges) {
  auto out = preprocess_frame(ramp(7, 5), {.downscale = 3});
  ASSERT_TRUE(out.ok()) << out.error().message;
  ASSERT_EQ(out->width, 2);
  ASSERT_EQ(out->height, 1);
  // Block (0..2, 0..2): mean of 10y + x = 10 + 1 = 11; next block: 14.
  EXPECT_EQ(out->pixels, (std::vector<std::uint8_t>{11, 14}));
}

TEST(FramePreprocessTest, CropThenDownscale) {
  auto out = preprocess_frame(ramp(8, 6), {.region = FrameRegion{4, 2, 4, 4}, .downscale = 2});
  ASSERT_TRUE(out.ok()) << out.error().message;
  // Blocks start at (4,2), (6,2), (4,4), (6,4); means 10y + x + 5.5 -> rounded half up.
  EXPECT_EQ(*out, (Y800Frame{2, 2, {30, 32, 50, 52}}));
}

TEST(FramePreprocessTest, RejectsBadOptionsAndFrames) {
  const Y800Frame f = ramp(6, 4);
  const std::vector<FramePreprocessOptions> bad{
      {.downscale = 0},
      {.downscale = kMaxDownscale + 1},
      {.downscale = 5},  // 6x4 is smaller than one 5x5 block
      {.region = FrameRegion{0, 0, 0, 2}},
      {.region = FrameRegion{-1, 0, 2, 2}},
      {.region = FrameRegion{5, 0, 2, 2}},
      {.region = FrameRegion{0, 3, 2, 2}},
      {.region = FrameRegion{2147483647, 0, 1, 1}},
  };
  for (std::size_t i = 0; i < bad.size(); ++i) {
    auto out = preprocess_frame(f, bad[i]);
    ASSERT_FALSE(out.ok()) << i;
    EXPECT_EQ(out.code(), ErrorCode::kInvalidArgument) << i;
  }
  EXPECT_FALSE(preprocess_frame(Y800Frame{6, 4, std::vector<std::uint8_t>(5)}, {}).ok());
  EXPECT_FALSE(preprocess_frame(Y800Frame{}, {}).ok());
}

}  // namespace
}  // namespace chainslip

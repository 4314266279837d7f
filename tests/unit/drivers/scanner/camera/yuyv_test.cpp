#include "drivers/scanner/camera/yuyv.h"

#include <gtest/gtest.h>

#include <vector>

namespace chainslip {
namespace {

TEST(YuyvTest, TakesEveryLumaByte) {
  // Two rows of 4 pixels: Y0 U Y1 V Y2 U Y3 V.
  const Bytes data{1, 200, 2, 201, 3, 202, 4, 203, 5, 210, 6, 211, 7, 212, 8, 213};
  auto f = yuyv_to_y800(data, 4, 2, 8);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(*f, (Y800Frame{4, 2, {1, 2, 3, 4, 5, 6, 7, 8}}));
}

TEST(YuyvTest, SkipsRowPaddingAndAcceptsALastRowWithout) {
  // Stride 6 for 2 pixels (4 bytes) a row; the last row ends without padding.
  const Bytes data{1, 99, 2, 99, 0xee, 0xee, 3, 99, 4, 99};
  auto f = yuyv_to_y800(data, 2, 2, 6);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->pixels, (std::vector<std::uint8_t>{1, 2, 3, 4}));
}

TEST(YuyvTest, RejectsBadLayouts) {
  const Bytes data(64, 0);
  EXPECT_EQ(yuyv_to_y800(data, 3, 2, 6).code(), ErrorCode::kInvalidArgument);  // odd width
  EXPECT_EQ(yuyv_to_y800(data, 0, 2, 0).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(yuyv_to_y800(data, 4, -1, 8).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(yuyv_to_y800(data, 4, 2, 7).code(), ErrorCode::kInvalidArgument);  // stride < 2 * width
  auto short_frame = yuyv_to_y800(data, 8, 5, 16);                             // needs 4 * 16 + 16 = 80 bytes
  ASSERT_FALSE(short_frame.ok());
  EXPECT_NE(short_frame.error().message.find("64 bytes, 80 needed"), std::string::npos)
      << short_frame.error().message;
}

TEST(GreyTest, CopiesPackedAndPaddedRows) {
  auto packed = grey_to_y800(Bytes{1, 2, 3, 4, 5, 6}, 3, 2, 3);
  ASSERT_TRUE(packed.ok()) << packed.error().message;
  EXPECT_EQ(*packed, (Y800Frame{3, 2, {1, 2, 3, 4, 5, 6}}));
  auto padded = grey_to_y800(Bytes{1, 2, 0, 0, 3, 4}, 2, 2, 4);
  ASSERT_TRUE(padded.ok()) << padded.error().message;
  EXPECT_EQ(padded->pixels, (std::vector<std::uint8_t>{1, 2, 3, 4}));
  EXPECT_EQ(grey_to_y800(Bytes{1, 2, 3}, 2, 2, 2).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(grey_to_y800(Bytes{1, 2, 3, 4}, 2, 2, 1).code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace chainslip

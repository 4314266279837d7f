// FallbackQrDecoder ("zxing+zbar"): its logic with fake decoders, and on a
// frame of the virtual camera that only zbar reads.

#include "drivers/scanner/qr/fallback_qr_decoder.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "drivers/scanner/qr/qr_decoder_factory.h"
#include "sim/camera/frame_generator.h"
#include "sim/camera/frame_options.h"

namespace chainslip {
namespace {

// Answers every frame the same way and counts the calls.
class FakeDecoder final : public QrDecoder {
 public:
  FakeDecoder(std::string name, Result<std::vector<std::string>> answer, int& calls)
      : name_(std::move(name)), answer_(std::move(answer)), calls_(calls) {}
  std::string name() const override { return name_; }
  Result<std::vector<std::string>> decode(const Y800Frame&) override {
    ++calls_;
    return answer_;
  }

 private:
  std::string name_;
  Result<std::vector<std::string>> answer_;
  int& calls_;
};

struct FakePair {
  int first_calls = 0;
  int second_calls = 0;
  std::unique_ptr<FallbackQrDecoder> decoder;
};

std::unique_ptr<FakePair> fakes(Result<std::vector<std::string>> first,
                                Result<std::vector<std::string>> second) {
  auto p = std::make_unique<FakePair>();
  p->decoder =
      std::make_unique<FallbackQrDecoder>(std::make_unique<FakeDecoder>("a", first, p->first_calls),
                                          std::make_unique<FakeDecoder>("b", second, p->second_calls));
  return p;
}

const Y800Frame kFrame{2, 2, std::vector<std::uint8_t>(4, 128)};

TEST(FallbackQrDecoderTest, NameIsFirstPlusSecond) {
  EXPECT_EQ(fakes(std::vector<std::string>{}, std::vector<std::string>{})->decoder->name(), "a+b");
}

TEST(FallbackQrDecoderTest, WhatTheFirstFindsIsTheAnswerAndTheSecondIsNotAsked) {
  auto p = fakes(std::vector<std::string>{"from-first"}, std::vector<std::string>{"from-second"});
  auto found = p->decoder->decode(kFrame);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, std::vector<std::string>{"from-first"});
  EXPECT_EQ(p->first_calls, 1);
  EXPECT_EQ(p->second_calls, 0);
}

TEST(FallbackQrDecoderTest, SecondIsAskedOnlyWhenTheFirstFindsNothing) {
  auto p = fakes(std::vector<std::string>{}, std::vector<std::string>{"from-second"});
  auto found = p->decoder->decode(kFrame);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, std::vector<std::string>{"from-second"});
  auto none = fakes(std::vector<std::string>{}, std::vector<std::string>{});
  auto nothing = none->decoder->decode(kFrame);
  ASSERT_TRUE(nothing.ok());
  EXPECT_TRUE(nothing->empty());
  EXPECT_EQ(none->second_calls, 1);
}

TEST(FallbackQrDecoderTest, FirstDecodersErrorIsReturnedWithoutTryingTheSecond) {
  auto p = fakes(make_error(ErrorCode::kInvalidArgument, "bad frame"), std::vector<std::string>{"x"});
  auto found = p->decoder->decode(kFrame);
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(p->second_calls, 0);
}

// A real receipt URL (~130 bytes, QR version 8 at level M).
const std::string kUrl =
    "https://www.chinaebill.cn/eips-wxapp-service/d?t=504&a=Xy12AbCdEf"
    "&d=11010126_0000012345_a1b2c3_128.50_20261203&s=0A1B2C3D4E5F6A7B8";

std::unique_ptr<QrDecoder> make(const std::string& name) {
  auto decoder = make_qr_decoder(name);
  EXPECT_TRUE(decoder.ok()) << decoder.error().message;
  return std::move(decoder).value();
}

// A very dim screen (contrast 0.18, the "dim_x2" row of docs/PERFORMANCE.md)
// at 1280x720: zxing-cpp 1.4 reads none of these frames, zbar does, so the
// fallback must.
TEST(FallbackQrDecoderTest, ReadsADimFrameZxingAloneMisses) {
  sim::FrameOptions o = sim::FrameOptions::clean();
  o.contrast = 0.18;
  o.width = 1280;
  o.height = 720;
  auto zxing = make("zxing");
  auto zbar = make("zbar");
  auto fallback = make("zxing+zbar");
  const std::vector<std::string> just_the_url{kUrl};
  for (std::uint64_t i = 0; i < 3; ++i) {
    o.frame_index = i;
    auto frame = sim::FrameGenerator(2026).render(kUrl, o);
    ASSERT_TRUE(frame.ok()) << frame.error().message;
    EXPECT_TRUE(zxing->decode(*frame)->empty()) << "frame " << i;
    EXPECT_EQ(*zbar->decode(*frame), just_the_url) << "frame " << i;
    EXPECT_EQ(*fallback->decode(*frame), just_the_url) << "frame " << i;
  }
}

}  // namespace
}  // namespace chainslip

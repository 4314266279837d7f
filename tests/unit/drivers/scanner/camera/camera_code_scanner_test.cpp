// The camera scanner over the virtual camera (the same Camera contract as
// V4L2) with both decoders: one report per presentation, by the Clock.

#include "drivers/scanner/camera/camera_code_scanner.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/receipt/receipt_code.h"
#include "drivers/scanner/qr/qr_decoder_factory.h"
#include "sim/camera/virtual_camera_device.h"

namespace chainslip {
namespace {

using namespace std::chrono_literals;

constexpr char kPayload[] =
    "https://www.chinaebill.cn/eips-wxapp-service/"
    "d?t=504&a=Xy12AbCdEf&d=33010126_0000000042_a1b2c3_12.50_20260101"
    "&s=0A1B2C3D4E";
constexpr auto kPeriod = 100ms;
constexpr auto kHoldOff = 300ms;

class CameraCodeScannerTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { scanner_ = make_scanner({}); }

  std::unique_ptr<CameraCodeScanner> make_scanner(CameraCodeScannerOptions options) {
    auto camera = std::make_unique<sim::VirtualCameraDevice>(clock_, 77, kPeriod);
    camera_ = camera.get();
    auto decoder = make_qr_decoder(GetParam());
    EXPECT_TRUE(decoder.ok());
    options.codes.hold_off = kHoldOff;
    options.codes.log = [this](const std::string& message) { log_.push_back(message); };
    auto scanner = std::make_unique<CameraCodeScanner>(std::move(camera), std::move(decoder).value(), clock_,
                                                       std::move(options));
    EXPECT_TRUE(scanner->open().ok());
    return scanner;
  }

  void present(const std::string& payload, sim::FrameOptions options = sim::FrameOptions::clean()) {
    ASSERT_TRUE(camera_->present(payload, options).ok());
  }

  // Moves to the next frame and takes what the scanner reports for it.
  std::optional<std::string> next_frame() {
    clock_.advance(kPeriod);
    auto code = scanner_->take_code();
    EXPECT_TRUE(code.ok()) << code.error().message;
    return code.ok() ? *code : std::nullopt;
  }

  // Every code reported over `frames` frames.
  std::vector<std::string> codes_over(int frames) {
    std::vector<std::string> codes;
    for (int i = 0; i < frames; ++i) {
      if (auto code = next_frame()) codes.push_back(*code);
    }
    return codes;
  }

  ManualClock clock_;
  sim::VirtualCameraDevice* camera_ = nullptr;
  std::unique_ptr<CameraCodeScanner> scanner_;
  std::vector<std::string> log_;
};

TEST_P(CameraCodeScannerTest, OneReportPerPresentation) {
  auto nothing_yet = scanner_->take_code();  // no frame before the first period
  ASSERT_TRUE(nothing_yet.ok());
  EXPECT_EQ(*nothing_yet, std::nullopt);
  present(kPayload);
  EXPECT_EQ(next_frame(), kPayload);
  // Held in view for longer than the hold-off: still one scan.
  EXPECT_EQ(codes_over(5), std::vector<std::string>{});
  EXPECT_TRUE(log_.empty());
}

TEST_P(CameraCodeScannerTest, LoweredBrieflyIsTheSameScanReshownAfterTheHoldOffIsANewOne) {
  present(kPayload);
  EXPECT_EQ(next_frame(), kPayload);
  camera_->present_nothing();
  EXPECT_EQ(codes_over(2), std::vector<std::string>{});  // 200 ms out of view < 300 ms
  present(kPayload);
  EXPECT_EQ(codes_over(2), std::vector<std::string>{});  // back within the hold-off: the same scan
  camera_->present_nothing();
  EXPECT_EQ(codes_over(4), std::vector<std::string>{});  // 400 ms out of view > 300 ms
  present(kPayload);
  EXPECT_EQ(codes_over(2), std::vector<std::string>{kPayload});
}

TEST_P(CameraCodeScannerTest, AnotherCodeIsReportedAtOnce) {
  present(kPayload);
  EXPECT_EQ(next_frame(), kPayload);
  const std::string other =
      "https://www.chinaebill.cn/eips-wxapp-service/"
      "d?t=504&a=Xy12AbCdEf&d=33010126_0000000043_a1b2c3_9.90_20260102"
      "&s=0A1B2C3D4F";
  present(other);
  EXPECT_EQ(next_frame(), other);
}

TEST_P(CameraCodeScannerTest, OverlongCodeIsDroppedAndLoggedOncePerPresentation) {
  CameraCodeScannerOptions options;
  options.codes.max_code_bytes = 20;
  scanner_ = make_scanner(options);
  present(kPayload);
  EXPECT_EQ(codes_over(3), std::vector<std::string>{});
  ASSERT_EQ(log_.size(), 1u);
  EXPECT_NE(log_[0].find(std::to_string(std::string_view(kPayload).size()) + " bytes is longer than 20"),
            std::string::npos)
      << log_[0];
}

TEST_P(CameraCodeScannerTest, ControlBytesAreDropped) {
  present("CS1,\t33010126");
  EXPECT_EQ(codes_over(3), std::vector<std::string>{});
  ASSERT_EQ(log_.size(), 1u);
  EXPECT_NE(log_[0].find("control byte 0x09 at offset 4"), std::string::npos) << log_[0];
}

TEST_P(CameraCodeScannerTest, NonReceiptTextPassesAsTextAndTheStrictParseRefusesIt) {
  const std::string url = "https://example.org/receipt?id=42";
  present(url);
  EXPECT_EQ(next_frame(), url);
  EXPECT_TRUE(
      std::holds_alternative<ReceiptCodeError>(parse_receipt_code(url, default_receipt_code_platforms())));
  present(kPayload);
  auto code = next_frame();
  ASSERT_TRUE(code.has_value());
  EXPECT_TRUE(
      std::holds_alternative<ReceiptCode>(parse_receipt_code(*code, default_receipt_code_platforms())));
}

TEST_P(CameraCodeScannerTest, DarkModePhoneDecodes) {
  present(kPayload, sim::FrameOptions::inverted());
  EXPECT_EQ(next_frame(), kPayload);
}

TEST_P(CameraCodeScannerTest, RegionOfInterestAndDownscaleApply) {
  CameraCodeScannerOptions corner;
  corner.preprocess.region = FrameRegion{0, 0, 80, 80};  // a corner the phone is not in
  scanner_ = make_scanner(corner);
  present(kPayload);
  EXPECT_EQ(codes_over(2), std::vector<std::string>{});

  CameraCodeScannerOptions half;
  half.preprocess.downscale = 2;
  scanner_ = make_scanner(half);
  sim::FrameOptions hd = sim::FrameOptions::clean();
  hd.width = 1280;
  hd.height = 720;
  present(kPayload, hd);
  EXPECT_EQ(next_frame(), kPayload);
}

TEST_P(CameraCodeScannerTest, CameraErrorsReachTakeCode) {
  scanner_->close();
  EXPECT_EQ(scanner_->take_code().code(), ErrorCode::kFailedPrecondition);
  // From process_events (the event loop's call), kept for the next take_code, once.
  clock_.advance(kPeriod);
  scanner_->process_events();
  EXPECT_EQ(scanner_->take_code().code(), ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(scanner_->open().ok());
  present(kPayload);
  EXPECT_EQ(next_frame(), kPayload);
}

TEST_P(CameraCodeScannerTest, PollsLikeItsCamera) {
  EXPECT_TRUE(scanner_->poll_interests().empty());
  EXPECT_EQ(scanner_->next_timeout(), kPeriod);
  clock_.advance(30ms);
  EXPECT_EQ(scanner_->next_timeout(), 70ms);
  EXPECT_EQ(scanner_->describe(), "virtual camera with " + GetParam());
}

INSTANTIATE_TEST_SUITE_P(Decoders, CameraCodeScannerTest, ::testing::Values("zbar", "zxing"),
                         [](const auto& param_info) { return param_info.param; });

// A decoder that reports scripted codes, for what the virtual camera cannot
// show: several codes in one frame.
class ScriptedDecoder final : public QrDecoder {
 public:
  explicit ScriptedDecoder(std::vector<std::string> codes) : codes_(std::move(codes)) {}
  std::string name() const override { return "scripted"; }
  Result<std::vector<std::string>> decode(const Y800Frame&) override { return codes_; }

 private:
  std::vector<std::string> codes_;
};

TEST(CameraCodeScannerMultiTest, SeveralCodesInOneFrameAreEachReportedOnce) {
  ManualClock clock;
  auto camera = std::make_unique<sim::VirtualCameraDevice>(clock, 1, kPeriod);
  auto* cam = camera.get();
  CameraCodeScanner scanner(
      std::move(camera), std::make_unique<ScriptedDecoder>(std::vector<std::string>{"a", "b", "a"}), clock);
  ASSERT_TRUE(scanner.open().ok());
  cam->present_nothing();
  clock.advance(kPeriod);
  std::vector<std::string> codes;
  for (int i = 0; i < 4; ++i) {
    auto code = scanner.take_code();
    ASSERT_TRUE(code.ok());
    if (*code) codes.push_back(**code);
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"a", "b"}));
  clock.advance(kPeriod);
  auto again = scanner.take_code();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, std::nullopt);
}

TEST(RepeatFilterTest, NewOnlyAfterTheHoldOffSinceTheLastSighting) {
  RepeatFilter filter(100ms);
  EXPECT_TRUE(filter.is_new_sighting("a", 0ms));
  EXPECT_FALSE(filter.is_new_sighting("a", 0ms));
  EXPECT_TRUE(filter.is_new_sighting("b", 0ms));
  EXPECT_FALSE(filter.is_new_sighting("a", 90ms));
  EXPECT_FALSE(filter.is_new_sighting("a", 190ms));  // 100 ms after the last sighting: still the same
  EXPECT_TRUE(filter.is_new_sighting("a", 291ms));
  filter.clear();
  EXPECT_TRUE(filter.is_new_sighting("a", 292ms));
}

TEST(CodeTextTest, BoundsLengthAndControlBytes) {
  EXPECT_TRUE(check_code_text("CS1,x", 5).ok());
  EXPECT_EQ(check_code_text("CS1,xy", 5).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(check_code_text("", 5).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(check_code_text(std::string("a\0b", 3), 5).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(check_code_text("a\x7f", 5).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(check_code_text("a\nb", 5).code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(check_code_text("\xe7\xa5\xa8", 5).ok());  // UTF-8 text is not a control byte
}

}  // namespace
}  // namespace chainslip

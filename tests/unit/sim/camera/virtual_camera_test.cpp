// The virtual camera against the contract the scanner relies on: its frames
// decode (with zbar, as the scanner will) exactly when they should.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "sim/camera/frame_generator.h"
#include "core/image/pgm.h"
#include "drivers/scanner/qr/zbar_qr_decoder.h"

namespace chainslip::sim {
namespace {

constexpr char kPayload[] = "CS1,33010126,0000000042,a1B2c3,1250,20260101";

// The kiosk's zbar decoder, with or without its inverted retry (ZBAR_CFG_TEST_INVERTED).
enum class Inverted { kNo, kRetry };

std::vector<std::string> decode(const Y800Frame& frame, Inverted inverted = Inverted::kNo) {
  auto found = ZbarQrDecoder(QrDecoderOptions{.inverted_retry = inverted == Inverted::kRetry}).decode(frame);
  EXPECT_TRUE(found.ok()) << found.error().message;
  return found.ok() ? *found : std::vector<std::string>{};
}

Y800Frame render(std::uint64_t seed, const FrameOptions& options, const std::string& payload = kPayload) {
  auto frame = FrameGenerator(seed).render(payload, options);
  EXPECT_TRUE(frame.ok()) << frame.error().message;
  return frame.ok() ? std::move(frame).value() : Y800Frame{};
}

FrameOptions sized(FrameOptions o, int width, int height) {
  o.width = width;
  o.height = height;
  return o;
}

const std::vector<std::string> kJustThePayload{kPayload};

TEST(VirtualCameraTest, CleanFramesAtBothSizesDecodeToExactlyThePayload) {
  for (auto [w, h] : {std::pair{640, 480}, std::pair{1280, 720}}) {
    for (std::uint64_t seed = 1; seed <= 2; ++seed) {
      const Y800Frame f = render(seed, sized(FrameOptions::clean(), w, h));
      ASSERT_EQ(f.width, w);
      ASSERT_EQ(f.height, h);
      ASSERT_EQ(f.pixels.size(), static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
      EXPECT_EQ(decode(f), kJustThePayload) << w << "x" << h << " seed " << seed;
    }
  }
}

// Every moderate condition of the decode-rate table decodes, at both sizes
// and for a few scenes; no_code never yields a symbol.
class VirtualCameraConditionTest : public ::testing::TestWithParam<NamedFrameOptions> {};

TEST_P(VirtualCameraConditionTest, ModerateConditionDecodes) {
  const NamedFrameOptions& c = GetParam();
  const Inverted scanner = c.options.dark_mode ? Inverted::kRetry : Inverted::kNo;
  // When the presets were chosen, 30 scenes per preset and size all decoded;
  // one scene per size keeps this test quick.
  for (auto [w, h, seed] : {std::tuple{640, 480, 10}, std::tuple{1280, 720, 11}}) {
    const Y800Frame f = render(static_cast<std::uint64_t>(seed), sized(c.options, w, h));
    if (c.options.hide_code) {
      EXPECT_TRUE(decode(f, Inverted::kRetry).empty()) << c.name << " " << w << "x" << h << " seed " << seed;
    } else {
      EXPECT_EQ(decode(f, scanner), kJustThePayload) << c.name << " " << w << "x" << h << " seed " << seed;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Presets, VirtualCameraConditionTest, ::testing::ValuesIn(frame_conditions()),
                         [](const auto& param_info) { return param_info.param.name; });

TEST(VirtualCameraTest, PresetsAreTheListedConditions) {
  std::vector<std::string> names;
  for (const auto& c : frame_conditions()) {
    names.push_back(c.name);
    EXPECT_TRUE(c.options.validate().ok()) << c.name;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"clean", "noisy", "blurred", "rotated", "perspective", "inverted",
                                             "glare", "occluded", "dim", "no_code"}));
}

// Why the scanner must set ZBAR_CFG_TEST_INVERTED: a dark-mode screen is
// invisible to zbar without it.
TEST(VirtualCameraTest, InvertedFrameDecodesOnlyWithZbarInvertedRetry) {
  for (auto [w, h] : {std::pair{640, 480}, std::pair{1280, 720}}) {
    const Y800Frame f = render(5, sized(FrameOptions::inverted(), w, h));
    EXPECT_TRUE(decode(f, Inverted::kNo).empty()) << w << "x" << h;
    EXPECT_EQ(decode(f, Inverted::kRetry), kJustThePayload) << w << "x" << h;
  }
}

// The strengths have teeth: pushed far enough, each condition defeats the
// decoder (so a decode-rate sweep goes from 100 % to 0 %).
TEST(VirtualCameraTest, ExtremeConditionsDefeatTheDecoder) {
  FrameOptions blur = FrameOptions::clean();
  blur.blur_sigma = 6.0;
  FrameOptions thumb = FrameOptions::clean();
  thumb.occlusion = 0.5;
  FrameOptions glare = FrameOptions::clean();
  glare.glare_strength = 1.5;
  glare.glare_size = 0.35;
  FrameOptions noise = FrameOptions::clean();
  noise.noise_sigma = 60.0;
  for (const auto& [name, options] : {std::pair{"blur", blur}, std::pair{"occlusion", thumb},
                                      std::pair{"glare", glare}, std::pair{"noise", noise}}) {
    for (std::uint64_t seed = 20; seed < 22; ++seed) {
      EXPECT_TRUE(decode(render(seed, options), Inverted::kRetry).empty()) << name << " seed " << seed;
    }
  }
}

TEST(VirtualCameraTest, SameSeedAndOptionsGiveTheSameBytes) {
  FrameOptions o = FrameOptions::noisy();
  o.glare_strength = 0.4;
  o.occlusion = 0.05;
  o.keystone = 0.1;
  const Y800Frame a = render(42, o);
  EXPECT_EQ(a, render(42, o));
  EXPECT_NE(a, render(43, o));  // another scene and other noise
  FrameOptions next = o;
  next.frame_index = 1;
  EXPECT_NE(a, render(42, next));  // the next frame of a stream
}

TEST(VirtualCameraTest, NoiseIsTheOnlyDifferenceWhenOnlyTheNoiseChanges) {
  // Each random choice has its own stream: raising one strength leaves the
  // scene in place, so a sweep measures that strength alone.
  FrameOptions quiet = FrameOptions::clean();
  quiet.noise_sigma = 0;
  FrameOptions loud = quiet;
  loud.noise_sigma = 10;
  const Y800Frame a = render(7, quiet), b = render(7, loud);
  ASSERT_EQ(a.pixels.size(), b.pixels.size());
  double sum = 0, sum_sq = 0;
  for (std::size_t i = 0; i < a.pixels.size(); ++i) {
    const double d = static_cast<double>(b.pixels[i]) - static_cast<double>(a.pixels[i]);
    sum += d;
    sum_sq += d * d;
  }
  const double n = static_cast<double>(a.pixels.size());
  EXPECT_NEAR(sum / n, 0.0, 0.5);
  EXPECT_NEAR(std::sqrt(sum_sq / n), 10.0, 1.0);  // a bit under 10 where pixels clip
}

TEST(VirtualCameraTest, NoCodeSceneNeedsNoPayload) {
  const Y800Frame f = render(3, FrameOptions::no_code(), "");
  EXPECT_EQ(f.pixels.size(), 640u * 480u);
  EXPECT_TRUE(decode(f, Inverted::kRetry).empty());
}

TEST(VirtualCameraTest, RejectsWhatItCannotRender) {
  const FrameGenerator gen(1);
  EXPECT_EQ(gen.render("", FrameOptions::clean()).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(gen.render(std::string("CS1\0x", 5), FrameOptions::clean()).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(gen.render(std::string(4000, 'x'), FrameOptions::clean()).code(), ErrorCode::kInvalidArgument);
  // A code too small to have a pixel per module.
  FrameOptions tiny = FrameOptions::clean();
  tiny.code_fraction = 0.05;
  auto r = gen.render(kPayload, tiny);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("px per module"), std::string::npos) << r.error().message;

  auto bad = [](auto change) {
    FrameOptions o = FrameOptions::clean();
    change(o);
    return o;
  };
  const std::vector<FrameOptions> out_of_range{
      bad([](FrameOptions& o) { o.width = 0; }),
      bad([](FrameOptions& o) { o.height = 100000; }),
      bad([](FrameOptions& o) { o.blur_sigma = -1; }),
      bad([](FrameOptions& o) { o.noise_sigma = std::nan(""); }),
      bad([](FrameOptions& o) { o.occlusion = 1.5; }),
      bad([](FrameOptions& o) { o.keystone = 0.95; }),
      bad([](FrameOptions& o) { o.rotation_deg = std::numeric_limits<double>::infinity(); }),
      bad([](FrameOptions& o) { o.contrast = -0.5; }),
  };
  for (std::size_t i = 0; i < out_of_range.size(); ++i) {
    auto result = gen.render(kPayload, out_of_range[i]);
    ASSERT_FALSE(result.ok()) << i;
    EXPECT_EQ(result.code(), ErrorCode::kInvalidArgument) << i;
    EXPECT_EQ(result.error().message.rfind("frame options: ", 0), 0u) << result.error().message;
  }
}

// ---- PGM files.

Y800Frame small_frame() {
  Y800Frame f;
  f.width = 5;
  f.height = 3;
  for (int i = 0; i < 15; ++i) f.pixels.push_back(static_cast<std::uint8_t>(i * 17));
  return f;
}

TEST(PgmTest, EncodesTheNetpbmHeaderAndRoundTrips) {
  const Y800Frame f = small_frame();
  const std::string bytes = encode_pgm(f);
  EXPECT_EQ(bytes.substr(0, 11), "P5\n5 3\n255\n");
  EXPECT_EQ(bytes.size(), 11u + 15u);
  auto back = decode_pgm(bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, f);
}

TEST(PgmTest, AcceptsCommentsAndAnyWhitespaceInTheHeader) {
  std::string data = "P5 # made by hand\n5\t3\r\n# maxval next\n255\n";
  data += std::string(15, '\x7f');
  auto f = decode_pgm(data);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->width, 5);
  EXPECT_EQ(f->height, 3);
}

TEST(PgmTest, CameraFrameRoundTripsThroughAFile) {
  std::string dir = (std::filesystem::path(::testing::TempDir()) / "virtual_camera_XXXXXX").string();
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  const Y800Frame f = render(9, sized(FrameOptions::clean(), 1280, 720));
  const std::string path = dir + "/frame.pgm";
  ASSERT_TRUE(write_pgm_file(path, f).ok());
  auto back = read_pgm_file(path);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, f);
  EXPECT_EQ(decode(*back), kJustThePayload);  // the scanner's "from image files" path

  auto missing = read_pgm_file(dir + "/nothing.pgm");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.code(), ErrorCode::kNotFound);
  Y800Frame inconsistent = small_frame();
  inconsistent.pixels.pop_back();
  EXPECT_EQ(write_pgm_file(dir + "/bad.pgm", inconsistent).code(), ErrorCode::kInvalidArgument);
  std::filesystem::remove_all(dir);
}

TEST(PgmTest, RejectsMalformedOversizedAndTruncatedFiles) {
  const std::string px15(15, '\0');
  const std::vector<std::pair<std::string, std::string>> bad{
      {"", "P5 magic"},
      {"P2\n5 3\n255\n" + px15, "P5 magic"},  // ASCII PGM
      {"P6\n5 3\n255\n" + px15, "P5 magic"},  // PPM
      {"P55 3\n255\n" + px15, "whitespace after the P5"},
      {"P5\n5\n", "before the height"},
      {"P5\n5 3", "before the maxval"},
      {"P5\n-5 3\n255\n" + px15, "width is not a decimal"},
      {"P5\n5x3\n255\n" + px15, "followed by 'x'"},
      {"P5\n0 3\n255\n", "outside 1..8192"},
      {"P5\n9000 10\n255\n", "outside 1..8192"},
      {"P5\n8000 8000\n255\n", "more than 16777216 pixels"},
      {"P5\n99999999999 1\n255\n", "too many digits"},
      {"P5\n5 3\n65535\n" + px15 + px15, "maxval 65535"},
      {"P5\n5 3\n15\n" + px15, "maxval 15"},
      {"P5\n5 3\n255", "no whitespace between header and pixels"},
      {"P5\n5 3\n255\n" + std::string(14, '\0'), "truncated: 14 of 15"},
      {"P5\n5 3\n255\n", "truncated: 0 of 15"},
      {"P5\n5 3\n255\n" + px15 + "x", "1 bytes after the pixels"},
  };
  for (const auto& [data, reason] : bad) {
    auto r = decode_pgm(data);
    ASSERT_FALSE(r.ok()) << reason;
    EXPECT_EQ(r.code(), ErrorCode::kInvalidArgument) << reason;
    EXPECT_NE(r.error().message.find(reason), std::string::npos)
        << "wanted '" << reason << "', got: " << r.error().message;
  }
}

}  // namespace
}  // namespace chainslip::sim

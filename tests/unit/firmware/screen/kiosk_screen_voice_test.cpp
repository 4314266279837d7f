#include <gtest/gtest.h>

#include <httplib.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/util/strict_json.h"
#include "firmware/kiosk/screen_state.h"
#include "firmware/screen/kiosk_screen_server.h"

namespace chainslip {
namespace {

// The voice prompts the build made (firmware/screen/voice), served as the
// daemon serves them: one per kiosk state.
KioskScreenServer::Options with_voice(std::vector<std::string> prompts) {
  KioskScreenServer::Options o;
  o.listen = "127.0.0.1:0";
  o.assets_dir = CHAINSLIP_SCREEN_ASSETS_DIR;
  o.voice.dir = CHAINSLIP_SCREEN_VOICE_DIR;
  o.voice.prompts = std::move(prompts);
  o.voice.volume_percent = 65;
  return o;
}

std::vector<std::string> every_state() {
  std::vector<std::string> names;
  for (std::string_view name : screen_state_names()) names.emplace_back(name);
  return names;
}

std::uint32_t le32(const std::string& b, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}

std::unique_ptr<KioskScreenServer> started(const KioskScreenServer::Options& o) {
  auto s = KioskScreenServer::start(o);
  EXPECT_TRUE(s.ok()) << s.error().message;
  return s.ok() ? std::move(s).value() : nullptr;
}

// Every state the screen can show has a prompt of its own: a PCM WAV of at
// least half a second of speech. A state added without a line in
// prompts.tsv fails here (its file was never built).
TEST(KioskScreenVoiceTest, EveryScreenStateHasAPromptTheScreenServes) {
  auto server = started(with_voice(every_state()));
  ASSERT_NE(server, nullptr);
  httplib::Client c("127.0.0.1", server->port());
  for (const std::string& state : every_state()) {
    auto r = c.Get("/voice/" + state + ".wav");
    ASSERT_TRUE(r) << state;
    ASSERT_EQ(r->status, 200) << state << ": " << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "audio/wav") << state;
    const std::string& wav = r->body;
    ASSERT_GT(wav.size(), 44u) << state;
    EXPECT_EQ(wav.substr(0, 4), "RIFF") << state;
    EXPECT_EQ(wav.substr(8, 8), "WAVEfmt ") << state;
    const std::uint32_t byte_rate = le32(wav, 28);
    ASSERT_GT(byte_rate, 0u) << state;
    EXPECT_GT(static_cast<double>(wav.size() - 44) / byte_rate, 0.5) << state << ": too short to be words";
  }
}

TEST(KioskScreenVoiceTest, ThePageLearnsWhichPromptsThereAreAndTheirVolume) {
  auto server = started(with_voice(every_state()));
  ASSERT_NE(server, nullptr);
  httplib::Client c("127.0.0.1", server->port());
  auto r = c.Get("/voice.json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto settings = parse_strict_json(r->body);
  ASSERT_TRUE(settings.ok()) << r->body;
  EXPECT_EQ((*settings)["prompts"].get<std::vector<std::string>>(), every_state());
  EXPECT_DOUBLE_EQ((*settings)["volume"].get<double>(), 0.65);
  // The page loads the voice, and its policy lets it play the server's own audio.
  auto page = c.Get("/");
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("<script src=\"/voice.js\""), std::string::npos);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("media-src 'self'"), std::string::npos);
  auto js = c.Get("/voice.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_NE(js->body.find("/voice.json"), std::string::npos);
}

TEST(KioskScreenVoiceTest, OnlyTheNamedPromptsAreServed) {
  auto server = started(with_voice({"idle"}));
  ASSERT_NE(server, nullptr);
  httplib::Client c("127.0.0.1", server->port());
  auto idle = c.Get("/voice/idle.wav");
  ASSERT_TRUE(idle);
  EXPECT_EQ(idle->status, 200);
  for (const char* path : {"/voice/done.wav", "/voice/idle", "/voice/../voice/idle.wav", "/voice/%2e%2e/app.js",
                           "/voice/", "/voice/idle.wav.bak"}) {
    auto r = c.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_TRUE(r->status == 404 || r->status == 400) << path << " -> " << r->status;
  }
}

TEST(KioskScreenVoiceTest, VoiceOffServesNoPromptAndTellsThePageSo) {
  auto server = started(with_voice({}));
  ASSERT_NE(server, nullptr);
  httplib::Client c("127.0.0.1", server->port());
  auto settings = c.Get("/voice.json");
  ASSERT_TRUE(settings);
  EXPECT_EQ(parse_strict_json(settings->body).value()["prompts"], Json::array());
  auto idle = c.Get("/voice/idle.wav");
  ASSERT_TRUE(idle);
  EXPECT_EQ(idle->status, 404);
}

TEST(KioskScreenVoiceTest, AMissingPromptFailsTheStartAndNamesItsFile) {
  auto s = KioskScreenServer::start(with_voice({"idle", "no_such_state"}));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kNotFound);
  EXPECT_NE(s.error().message.find("no_such_state.wav"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("screen.voice"), std::string::npos) << s.error().message;
}

}  // namespace
}  // namespace chainslip

#include <gtest/gtest.h>

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "firmware/screen/kiosk_screen_server.h"
#include "firmware/screen/listen_address.h"
#include "firmware/screen/screen_action.h"
#include "firmware/screen/view_channel.h"

namespace chainslip {
namespace {

using namespace std::chrono_literals;

// Upper bound for anything a test waits for; reaching it is a failure, never a timing check.
constexpr auto kPatience = 10s;

Json view_in(const std::string& state) {
  return Json{{"state", state},  {"title_zh", "标题"}, {"title_en", "Title"}, {"message_zh", ""},
              {"message_en", ""}, {"receipt", nullptr}, {"actions", Json::array()}, {"progress", nullptr},
              {"devices", Json::object()}};
}

// Reads GET /events on its own thread, as a browser would (it offers gzip
// and brotli: the stream must still arrive as plain text, event by event).
class SseReader {
 public:
  explicit SseReader(int port) {
    thread_ = std::thread([this, port] {
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(30);
      c.set_decompress(false);
      const httplib::Headers headers{{"Accept-Encoding", "gzip, deflate, br"}};
      auto r = c.Get("/events", headers, [this](const char* data, std::size_t n) {
        std::lock_guard lock(mu_);
        text_.append(data, n);
        changed_.notify_all();
        return !quit_;
      });
      std::lock_guard lock(mu_);
      ended_ = true;
      changed_.notify_all();
    });
  }
  ~SseReader() {
    {
      std::lock_guard lock(mu_);
      quit_ = true;
    }
    thread_.join();
  }

  bool wait_for_text(const std::string& needle) {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, kPatience, [&] { return text_.find(needle) != std::string::npos; });
  }
  bool wait_for_end() {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, kPatience, [&] { return ended_; });
  }
  std::string text() {
    std::lock_guard lock(mu_);
    return text_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::string text_;
  bool quit_ = false;
  bool ended_ = false;
  std::thread thread_;
};

class KioskScreenServerTest : public ::testing::Test {
 protected:
  void start(std::size_t max_streams = 4) {
    KioskScreenServer::Options o;
    o.listen = "127.0.0.1:0";
    o.assets_dir = CHAINSLIP_SCREEN_ASSETS_DIR;
    o.heartbeat = 100ms;  // so an idle reader notices its end quickly
    o.max_streams = max_streams;
    auto s = KioskScreenServer::start(o);
    ASSERT_TRUE(s.ok()) << s.error().message;
    server_ = std::move(s).value();
    server_->set_action_handler([this](const ScreenAction& action) {
      std::lock_guard lock(mu_);
      actions_.push_back(screen_action_json(action));
    });
  }

  httplib::Client client() const {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(5);
    return c;
  }
  httplib::Result post_action(const std::string& body) const {
    return client().Post("/actions", body, "application/json");
  }
  std::vector<Json> actions() {
    std::lock_guard lock(mu_);
    return actions_;
  }

  std::unique_ptr<KioskScreenServer> server_;
  std::mutex mu_;
  std::vector<Json> actions_;
};

TEST_F(KioskScreenServerTest, ServesThePageAndItsTwoFiles) {
  start();
  auto page = client().Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("<script src=\"/app.js\""), std::string::npos);
  EXPECT_NE(page->body.find("/style.css"), std::string::npos);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("default-src 'none'"), std::string::npos);
  auto js = client().Get("/app.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_NE(js->body.find("EventSource"), std::string::npos);
  auto css = client().Get("/style.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->status, 200);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");
}

TEST_F(KioskScreenServerTest, UnknownPathsAreNotFound) {
  start();
  for (const char* path : {"/nope", "/index.html", "/assets/app.js", "/app.js.map", "/paper/other.png"}) {
    auto r = client().Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path;
    auto body = parse_strict_json(r->body);
    ASSERT_TRUE(body.ok()) << path << ": " << r->body;
    EXPECT_EQ((*body)["error"], "not_found") << path;
  }
}

TEST_F(KioskScreenServerTest, PathTraversalNeverReachesAFile) {
  start();
  for (const char* path : {"/../CMakeLists.txt", "/%2e%2e/%2e%2e/CMakeLists.txt", "/app.js/../../../CMakeLists.txt",
                           "/..%2f..%2fCMakeLists.txt", "/style.css%00.html", "//etc/passwd"}) {
    auto r = client().Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_TRUE(r->status == 404 || r->status == 400) << path << " -> " << r->status;
    EXPECT_EQ(r->body.find("cmake_minimum_required"), std::string::npos) << path;
    EXPECT_EQ(r->body.find("root:"), std::string::npos) << path;
  }
}

TEST_F(KioskScreenServerTest, ViewAnswersTheLastPublishedView) {
  start();
  auto none = client().Get("/view");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 503);
  server_->publish(view_in("idle"));
  server_->publish(view_in("verified"));
  auto r = client().Get("/view");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
  auto body = parse_strict_json(r->body);
  ASSERT_TRUE(body.ok()) << r->body;
  EXPECT_EQ(*body, view_in("verified"));
}

TEST_F(KioskScreenServerTest, PublishNeverThrowsOnTextThatIsNotUtf8) {
  start();
  Json v = view_in("idle");
  v["title_en"] = std::string("bad \xff byte");
  server_->publish(v);
  auto r = client().Get("/view");
  ASSERT_TRUE(r);
  auto body = parse_strict_json(r->body);
  ASSERT_TRUE(body.ok()) << r->body;
  EXPECT_EQ((*body)["title_en"], "bad \xEF\xBF\xBD byte");
}

TEST_F(KioskScreenServerTest, StreamSendsTheCurrentViewAtOnceThenEachPublish) {
  start();
  server_->publish(view_in("idle"));
  SseReader reader(server_->port());
  ASSERT_TRUE(reader.wait_for_text("event: state\ndata: " + view_in("idle").dump() + "\n\n")) << reader.text();
  server_->publish(view_in("looking_up"));
  ASSERT_TRUE(reader.wait_for_text("event: state\ndata: " + view_in("looking_up").dump() + "\n\n"))
      << reader.text();
  EXPECT_EQ(reader.text().find("retry: 1000\n\n"), 0u) << reader.text();
}

TEST_F(KioskScreenServerTest, StreamOpenedBeforeAnyViewGetsTheFirstPublish) {
  start();
  SseReader reader(server_->port());
  ASSERT_TRUE(reader.wait_for_text("retry:"));
  server_->publish(view_in("idle"));
  EXPECT_TRUE(reader.wait_for_text("data: " + view_in("idle").dump())) << reader.text();
}

TEST_F(KioskScreenServerTest, IdleStreamGetsHeartbeatComments) {
  start();
  SseReader reader(server_->port());
  EXPECT_TRUE(reader.wait_for_text("\n: heartbeat\n\n")) << reader.text();
  EXPECT_EQ(reader.text().find("event:"), std::string::npos);
}

TEST_F(KioskScreenServerTest, OneStreamTooManyClosesTheOldest) {
  start(1);
  server_->publish(view_in("idle"));
  SseReader first(server_->port());
  ASSERT_TRUE(first.wait_for_text("event: state"));
  SseReader second(server_->port());
  ASSERT_TRUE(second.wait_for_text("event: state"));
  EXPECT_TRUE(first.wait_for_end());
  server_->publish(view_in("done"));
  EXPECT_TRUE(second.wait_for_text("\"done\"")) << second.text();
}

TEST_F(KioskScreenServerTest, StopReturnsWithAStreamConnected) {
  start();
  server_->publish(view_in("idle"));
  SseReader reader(server_->port());
  ASSERT_TRUE(reader.wait_for_text("event: state"));
  auto stopped = std::async(std::launch::async, [this] { server_->stop(); });
  ASSERT_EQ(stopped.wait_for(kPatience), std::future_status::ready);
  EXPECT_TRUE(reader.wait_for_end());
  server_->stop();  // idempotent
  EXPECT_FALSE(client().Get("/view"));
}

TEST_F(KioskScreenServerTest, ValidActionsReachTheHandlerAsParsed) {
  start();
  const std::vector<Json> sent{
      Json{{"action", "choose"}, {"reason", "refund"}},
      Json{{"action", "choose"}, {"reason", "other"}},
      Json{{"action", "confirm"}, {"reason", "refund"}},
      Json{{"action", "confirm"}, {"reason", "other"}},
      Json{{"action", "cancel"}},
      Json{{"action", "call_staff"}},
      Json{{"action", "start_over"}},
  };
  for (const Json& a : sent) {
    auto r = post_action(a.dump());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 202) << a.dump() << " -> " << r->body;
  }
  EXPECT_EQ(actions(), sent);
}

TEST_F(KioskScreenServerTest, InvalidActionsAreRefusedAndNeverReachTheHandler) {
  start();
  for (const std::string body : {
           "",
           "not json",
           "[]",
           R"({"action":"confirm"})",
           R"({"action":"confirm","reason":"because"})",
           R"({"action":"confirm","reason":"refund","extra":1})",
           R"({"action":"choose"})",
           R"({"action":"call_staff","reason":"refund"})",
           R"({"action":"cancel","reason":"refund"})",
           R"({"action":"cancel","action":"cancel"})",
           R"({"action":"print"})",
           R"({"action":"CANCEL"})",
           R"({"action":1})",
           R"({"action":"present"})",
           R"({"action":"present","payload":""})",
           R"({"action":"present","payload":"line\nbreak"})",
           R"({"action":"start_over"} trailing)",
       }) {
    auto r = post_action(body);
    ASSERT_TRUE(r) << body;
    EXPECT_EQ(r->status, 400) << body << " -> " << r->body;
    auto reply = parse_strict_json(r->body);
    ASSERT_TRUE(reply.ok()) << r->body;
    EXPECT_EQ((*reply)["error"], "invalid_action");
    EXPECT_FALSE((*reply)["message"].get<std::string>().empty());
  }
  auto oversize = post_action(Json{{"action", "present"}, {"payload", std::string(257, 'x')}}.dump());
  ASSERT_TRUE(oversize);
  EXPECT_EQ(oversize->status, 400) << oversize->body;
  auto huge = post_action(Json{{"action", "present"}, {"payload", std::string(10'000, 'x')}}.dump());
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
  auto form = client().Post("/actions", R"({"action":"cancel"})", "text/plain");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 415);  // a cross-site form or no-cors fetch cannot send application/json
  EXPECT_TRUE(actions().empty());
}

// Codes come from the scanner only: the screen cannot make the kiosk "see" one.
TEST_F(KioskScreenServerTest, NoActionPresentsACode) {
  start();
  auto r = post_action(R"({"action":"present","payload":"CS1,12345678,0000000001,ab12cd,1,20261123"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("present\\\" is not one of"), std::string::npos) << r->body;
  EXPECT_TRUE(actions().empty());
}

TEST_F(KioskScreenServerTest, ForeignHostHeaderIsRefused) {
  start();
  server_->publish(view_in("idle"));
  for (const char* host : {"evil.example", "evil.example:8080", "127.0.0.1.evil.example", ""}) {
    auto r = client().Get("/view", httplib::Headers{{"Host", host}});
    ASSERT_TRUE(r) << host;
    EXPECT_EQ(r->status, 403) << host;
  }
  auto cancel = client().Post("/actions", httplib::Headers{{"Host", "evil.example"}}, R"({"action":"cancel"})",
                              "application/json");
  ASSERT_TRUE(cancel);
  EXPECT_EQ(cancel->status, 403);
  EXPECT_TRUE(actions().empty());
  for (const char* host : {"localhost:1234", "[::1]:8080", "127.0.0.1"}) {
    auto r = client().Get("/view", httplib::Headers{{"Host", host}});
    ASSERT_TRUE(r) << host;
    EXPECT_EQ(r->status, 200) << host;
  }
}

TEST_F(KioskScreenServerTest, PostFromAForeignOriginIsRefused) {
  start();
  const std::string own = "http://127.0.0.1:" + std::to_string(server_->port());
  const std::vector<std::string> foreign{"http://evil.example", "null", "http://127.0.0.1:1",
                                         "https://127.0.0.1:" + std::to_string(server_->port()),
                                         own + ".evil.example", own + "/"};
  for (const std::string& origin : foreign) {
    auto r = client().Post("/actions", httplib::Headers{{"Origin", origin}}, R"({"action":"cancel"})",
                           "application/json");
    ASSERT_TRUE(r) << origin;
    EXPECT_EQ(r->status, 403) << origin;
    auto reply = parse_strict_json(r->body);
    ASSERT_TRUE(reply.ok()) << r->body;
    EXPECT_EQ((*reply)["error"], "forbidden_origin") << origin;
  }
  EXPECT_TRUE(actions().empty());
  // The kiosk's own page, and a same-machine tool that sends no Origin.
  auto own_page = client().Post("/actions", httplib::Headers{{"Origin", own}}, R"({"action":"cancel"})",
                                "application/json");
  ASSERT_TRUE(own_page);
  EXPECT_EQ(own_page->status, 202) << own_page->body;
  auto tool = post_action(R"({"action":"start_over"})");
  ASSERT_TRUE(tool);
  EXPECT_EQ(tool->status, 202) << tool->body;
  EXPECT_EQ(actions().size(), 2u);
}

TEST_F(KioskScreenServerTest, ThereIsNoPaperToShow) {
  start();
  auto r = client().Get("/paper/latest.png");  // the simulator's panel shows the virtual printer's paper
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
}

TEST(KioskScreenServerStart, RefusesNonLoopbackAddresses) {
  for (const char* listen : {"0.0.0.0:0", "192.0.2.10:8080", "[::]:0", "[2001:db8::1]:8080"}) {
    KioskScreenServer::Options o;
    o.listen = listen;
    o.assets_dir = CHAINSLIP_SCREEN_ASSETS_DIR;
    auto s = KioskScreenServer::start(o);
    ASSERT_FALSE(s.ok()) << listen;
    EXPECT_EQ(s.code(), ErrorCode::kPermissionDenied) << listen;
    EXPECT_NE(s.error().message.find("not a loopback address"), std::string::npos) << s.error().message;
  }
}

TEST(KioskScreenServerStart, ASecondServerCannotShareThePort) {
  // Without SO_REUSEPORT: a second chainslipd (or anything else) must fail to
  // bind, not split the kiosk's browser connections with the first.
  KioskScreenServer::Options o;
  o.listen = "127.0.0.1:0";
  o.assets_dir = CHAINSLIP_SCREEN_ASSETS_DIR;
  auto first = KioskScreenServer::start(o);
  ASSERT_TRUE(first.ok()) << first.error().message;
  o.listen = "127.0.0.1:" + std::to_string((*first)->port());
  auto second = KioskScreenServer::start(o);
  ASSERT_FALSE(second.ok()) << "a second server bound " << o.listen;
  EXPECT_EQ(second.code(), ErrorCode::kUnavailable);
  EXPECT_NE(second.error().message.find(o.listen), std::string::npos) << second.error().message;
  EXPECT_NE(second.error().message.find("already in use"), std::string::npos) << second.error().message;
}

TEST(KioskScreenServerStart, RefusesLimitsThatLeaveThePageNoRoom) {
  // Streams never shed: as many as a client may hold connections would lock its page out.
  KioskScreenServer::Options o;
  o.listen = "127.0.0.1:0";
  o.assets_dir = CHAINSLIP_SCREEN_ASSETS_DIR;
  o.max_streams = 16;
  o.max_connections_per_client = 16;
  auto s = KioskScreenServer::start(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.error().message.find("event streams"), std::string::npos) << s.error().message;
}

TEST(KioskScreenServerStart, RefusesMalformedAddressesAndMissingAssets) {
  for (const char* listen : {"127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1", "kiosk.local:8080",
                             "::1:8080", "[::1:8080", ":8080"}) {
    KioskScreenServer::Options o;
    o.listen = listen;
    o.assets_dir = CHAINSLIP_SCREEN_ASSETS_DIR;
    auto s = KioskScreenServer::start(o);
    ASSERT_FALSE(s.ok()) << listen;
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument) << listen;
  }
  KioskScreenServer::Options o;
  o.listen = "127.0.0.1:0";
  o.assets_dir = "/nonexistent/chainslip-screen";
  auto s = KioskScreenServer::start(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kNotFound);
  EXPECT_NE(s.error().message.find("index.html"), std::string::npos) << s.error().message;
}

TEST(ListenAddress, ParsesLoopbackAndRemoteWhenAllowed) {
  auto v4 = parse_listen_address("127.0.0.1:8080", false);
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 8080);
  EXPECT_TRUE(v4->loopback);
  auto named = parse_listen_address("localhost:80", false);
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->host, "127.0.0.1");
  auto v6 = parse_listen_address("[::1]:0", false);
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 0);
  auto remote = parse_listen_address("0.0.0.0:8080", true);
  ASSERT_TRUE(remote.ok());
  EXPECT_FALSE(remote->loopback);
}

TEST(ViewChannel, SlowStreamSkipsToTheLatestView) {
  ViewChannel channel(4);
  const auto id = channel.open();
  EXPECT_EQ(channel.next(id, 0ms).wake, ViewChannel::Wake::kHeartbeat);  // nothing published yet
  channel.publish("a");
  channel.publish("b");
  auto n = channel.next(id, 0ms);
  EXPECT_EQ(n.wake, ViewChannel::Wake::kView);
  EXPECT_EQ(n.view, "b");
  EXPECT_EQ(channel.next(id, 0ms).wake, ViewChannel::Wake::kHeartbeat);
  channel.close();
  EXPECT_EQ(channel.next(id, 0ms).wake, ViewChannel::Wake::kClosed);
  EXPECT_EQ(channel.next(channel.open(), 0ms).wake, ViewChannel::Wake::kClosed);
}

}  // namespace
}  // namespace chainslip

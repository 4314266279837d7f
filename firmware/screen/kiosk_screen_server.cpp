#include "firmware/screen/kiosk_screen_server.h"

#include <array>
#include <csignal>
#include <mutex>
#include <string_view>
#include <thread>

#include <httplib.h>

#include "core/util/file_io.h"
#include "firmware/screen/guarded_http_server.h"
#include "firmware/screen/listen_address.h"
#include "firmware/screen/request_origin.h"
#include "firmware/screen/screen_action.h"
#include "firmware/screen/view_channel.h"

namespace chainslip {
namespace {

constexpr const char* kJson = "application/json";
constexpr std::size_t kMaxAssetBytes = 1 << 20;
constexpr std::size_t kMaxVoiceBytes = 4 << 20;  // a prompt of a few seconds is some 300 KB
constexpr std::size_t kMaxActionBodyBytes = 4096;  // an action is well under 1 KB; longer is refused (413)

// The only files the server reads from the assets directory: no path from a
// request ever reaches the file system.
struct Asset {
  const char* route;
  const char* file;
  const char* content_type;
};
constexpr std::array<Asset, 4> kAssets{{
    {"/", "index.html", "text/html; charset=utf-8"},
    {"/app.js", "app.js", "text/javascript; charset=utf-8"},
    {"/voice.js", "voice.js", "text/javascript; charset=utf-8"},
    {"/style.css", "style.css", "text/css; charset=utf-8"},
}};

// The page loads only its own files and talks only to this server.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

void reply_error(httplib::Response& res, int status, std::string_view error, const std::string& message) {
  res.status = status;
  res.set_content(Json{{"error", error}, {"message", message}}.dump(), kJson);
}

std::string sse_event(const std::string& view_json) { return "event: state\ndata: " + view_json + "\n\n"; }

GuardedHttpServer::Limits limits_of(const KioskScreenServer::Options& o) {
  GuardedHttpServer::Limits limits;
  limits.max_connections = o.max_connections;
  limits.max_connections_per_client = o.max_connections_per_client;
  limits.request_timeout = o.request_timeout;
  return limits;
}

Status check_limits(const KioskScreenServer::Options& o) {
  if (o.max_streams == 0 || o.max_connections == 0 || o.max_streams >= o.max_connections_per_client) {
    return make_error(ErrorCode::kInvalidArgument,
                      "kiosk screen limits: event streams (" + std::to_string(o.max_streams) +
                          ") must be at least 1 and fewer than the connections per client (" +
                          std::to_string(o.max_connections_per_client) +
                          "), so the page's own requests always find room");
  }
  return {};
}

}  // namespace

struct KioskScreenServer::Impl {
  Options options;
  ListenAddress address;
  GuardedHttpServer http;
  std::thread thread;
  ViewChannel views;
  std::mutex mu;  // handler, stopped
  ActionHandler on_action;
  bool stopped = false;

  explicit Impl(Options o) : options(std::move(o)), http(limits_of(options)), views(options.max_streams) {}

  std::string asset_path(const Asset& a) const { return options.assets_dir + "/" + a.file; }

  Status check_assets() const {
    for (const Asset& a : kAssets) {
      auto content = read_file(asset_path(a), kMaxAssetBytes);
      if (!content.ok()) {
        return make_error(content.code(), "kiosk screen asset missing: " + content.error().message +
                                              " (set the assets directory to firmware/screen/assets or its "
                                              "installed copy)");
      }
    }
    for (const std::string& name : options.voice.prompts) {
      auto wav = read_file(voice_path(name), kMaxVoiceBytes);
      if (!wav.ok()) {
        return make_error(wav.code(), "kiosk screen voice prompt missing: " + wav.error().message +
                                          " (set screen.voice_dir to the built or installed prompts, or "
                                          "screen.voice = false)");
      }
    }
    return {};
  }

  std::string voice_path(const std::string& name) const { return options.voice.dir + "/" + name + ".wav"; }

  void register_voice_routes() {
    Json prompts = Json::array();
    for (const std::string& name : options.voice.prompts) prompts.push_back(name);
    const std::string settings =
        Json{{"prompts", prompts}, {"volume", options.voice.volume_percent / 100.0}}.dump();
    http.Get("/voice.json", [settings](const httplib::Request&, httplib::Response& res) {
      res.set_header("Cache-Control", "no-cache");
      res.set_content(settings, kJson);
    });
    // One route per prompt the config names: no path from a request reaches the file system.
    for (const std::string& name : options.voice.prompts) {
      http.Get("/voice/" + name + ".wav", [this, name](const httplib::Request&, httplib::Response& res) {
        auto wav = read_file(voice_path(name), kMaxVoiceBytes);
        if (!wav.ok()) return reply_error(res, 500, "asset_unreadable", wav.error().message);
        res.set_header("Cache-Control", "max-age=3600");
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_content(*wav, "audio/wav");
      });
    }
  }

  void register_routes() {
    http.set_payload_max_length(kMaxActionBodyBytes);
    http.set_tcp_nodelay(true);
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (!options.allow_remote && !is_loopback_host_header(req.get_header_value("Host"))) {
        reply_error(res, 403, "forbidden_host", "the kiosk screen answers only to 127.0.0.1, localhost or [::1]");
        return httplib::Server::HandlerResponse::Handled;
      }
      if (req.method != "GET" && req.method != "HEAD" && req.has_header("Origin") &&
          !is_same_origin(req.get_header_value("Origin"), req.get_header_value("Host"))) {
        reply_error(res, 403, "forbidden_origin", "the kiosk screen takes actions only from its own page");
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      if (res.status == 404) reply_error(res, 404, "not_found", "no such page: " + req.path);
      else if (res.status == 413) reply_error(res, 413, "too_large", "the request body is too large");
    });
    for (const Asset& a : kAssets) {
      http.Get(a.route, [this, &a](const httplib::Request&, httplib::Response& res) {
        auto content = read_file(asset_path(a), kMaxAssetBytes);
        if (!content.ok()) return reply_error(res, 500, "asset_unreadable", content.error().message);
        res.set_header("Cache-Control", "no-cache");
        res.set_header("Content-Security-Policy", kContentSecurityPolicy);
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_content(*content, a.content_type);
      });
    }
    http.Get("/view", [this](const httplib::Request&, httplib::Response& res) {
      auto view = views.latest();
      if (!view) return reply_error(res, 503, "no_view", "the kiosk has not published a view yet");
      res.set_header("Cache-Control", "no-store");
      res.set_content(*view, kJson);
    });
    http.Get("/events", [this](const httplib::Request&, httplib::Response& res) { serve_events(res); });
    http.Post("/actions", [this](const httplib::Request& req, httplib::Response& res) { take_action(req, res); });
    register_voice_routes();
  }

  void serve_events(httplib::Response& res) {
    const ViewChannel::StreamId id = views.open();
    res.set_header("Cache-Control", "no-store");
    res.set_chunked_content_provider(
        "text/event-stream",
        [this, id, first = true](std::size_t, httplib::DataSink& sink) mutable {
          if (first) {  // reconnect quickly after the service restarts
            first = false;
            static constexpr std::string_view kRetry = "retry: 1000\n\n";
            return sink.write(kRetry.data(), kRetry.size());
          }
          const ViewChannel::Next next = views.next(id, options.heartbeat);
          switch (next.wake) {
            case ViewChannel::Wake::kView: {
              const std::string event = sse_event(next.view);
              return sink.write(event.data(), event.size());
            }
            case ViewChannel::Wake::kHeartbeat: {
              static constexpr std::string_view kHeartbeat = ": heartbeat\n\n";
              return sink.write(kHeartbeat.data(), kHeartbeat.size());
            }
            case ViewChannel::Wake::kClosed: break;
          }
          sink.done();
          return true;
        },
        [this, id](bool) { views.release(id); });
  }

  void take_action(const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("Content-Type").rfind(kJson, 0) != 0) {
      return reply_error(res, 415, "unsupported_media_type", "POST /actions takes Content-Type: application/json");
    }
    auto action = parse_screen_action(req.body);
    if (!action.ok()) return reply_error(res, 400, "invalid_action", action.error().message);
    ActionHandler handler;
    {
      std::lock_guard lock(mu);
      handler = on_action;
    }
    if (!handler) return reply_error(res, 503, "not_ready", "the kiosk is starting; try again");
    handler(*action);
    res.status = 202;
    res.set_content(Json{{"accepted", screen_action_json(*action)}}.dump(), kJson);
  }
};

KioskScreenServer::KioskScreenServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

KioskScreenServer::~KioskScreenServer() { stop(); }

Result<std::unique_ptr<KioskScreenServer>> KioskScreenServer::start(Options options) {
  CS_ASSIGN_OR_RETURN(ListenAddress address, parse_listen_address(options.listen, options.allow_remote));
  CS_RETURN_IF_ERROR(check_limits(options));
  std::signal(SIGPIPE, SIG_IGN);
  auto impl = std::make_unique<Impl>(std::move(options));
  impl->address = address;
  CS_RETURN_IF_ERROR(impl->check_assets());
  impl->register_routes();
  Result<int> port = impl->http.bind_port(address.host, address.port);
  if (!port.ok()) {
    return make_error(port.code(), "cannot bind the kiosk screen on " + impl->options.listen + ": " +
                                       port.error().message + " (is another chainslipd or web server using the port?)");
  }
  impl->address.port = *port;
  Impl& i = *impl;
  i.thread = std::thread([&i] { i.http.listen_after_bind(); });
  // Serve before returning, so the kiosk's browser (or a test) can connect at once.
  while (!i.http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return std::unique_ptr<KioskScreenServer>(new KioskScreenServer(std::move(impl)));
}

void KioskScreenServer::publish(const Json& view) {
  // Never throws: text that is not UTF-8 is shown with U+FFFD.
  impl_->views.publish(view.dump(-1, ' ', false, Json::error_handler_t::replace));
}

void KioskScreenServer::set_action_handler(ActionHandler handler) {
  std::lock_guard lock(impl_->mu);
  impl_->on_action = std::move(handler);
}

int KioskScreenServer::port() const { return impl_->address.port; }

void KioskScreenServer::stop() {
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->stopped) return;
    impl_->stopped = true;
  }
  // Stop accepting first, so a stream that ends is not followed by another
  // request on its connection; then wake the streams so their threads finish.
  impl_->http.stop();
  impl_->views.close();
  impl_->http.close_connections();  // slow clients too: stop() waits for no one
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace chainslip

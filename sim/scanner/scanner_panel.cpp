#include "sim/scanner/scanner_panel.h"

#include <httplib.h>

#include <csignal>
#include <thread>

#include "core/util/strict_json.h"
#include "sim/scanner/panel_files.h"
#include "sim/scanner/scanner_panel_page.h"

namespace chainslip::sim {
namespace {

constexpr std::size_t kCodesShown = 12;
constexpr const char* kJson = "application/json";

void reply(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(), kJson);
}

}  // namespace

struct ScannerPanel::Impl {
  Impl(VirtualSerialScanner& s, Options o) : scanner(s), options(std::move(o)) {}

  void routes() {
    http.Get("/", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Cache-Control", "no-cache");
      res.set_content(std::string(scanner_panel_page()), "text/html; charset=utf-8");
    });
    http.Get("/codes", [this](const httplib::Request&, httplib::Response& res) {
      Json codes = Json::array();
      if (!options.codes_file.empty()) {
        if (auto read = read_qr_payloads(options.codes_file, kCodesShown); read.ok()) codes = *read;
      }
      reply(res, 200, {{"codes", codes}, {"kiosk", options.kiosk_url}});
    });
    http.Post("/present", [this](const httplib::Request& req, httplib::Response& res) {
      Result<Json> body = parse_strict_json(req.body);
      if (!body.ok()) return reply(res, 400, {{"error", body.error().message}});
      Result<FieldReader> f = FieldReader::open(*body, "present");
      if (!f.ok()) return reply(res, 400, {{"error", f.error().message}});
      Result<std::string> payload = f->text("payload", 1, VirtualSerialScanner::kMaxScanBytes);
      if (!payload.ok()) return reply(res, 400, {{"error", payload.error().message}});
      if (Status done = f->finish(); !done.ok()) return reply(res, 400, {{"error", done.error().message}});
      if (Status sent = scanner.scan(*payload); !sent.ok()) {
        return reply(res, sent.code() == ErrorCode::kInvalidArgument ? 400 : 503, {{"error", sent.error().message}});
      }
      if (options.log) options.log("presented " + *payload);
      reply(res, 202, {{"presented", *payload}});
    });
    http.Get("/paper/latest.png", [this](const httplib::Request&, httplib::Response& res) {
      std::optional<Bytes> png = options.paper_dir.empty() ? std::nullopt : newest_ticket_png(options.paper_dir);
      if (!png) return reply(res, 404, {{"error", "the virtual printer has printed nothing yet"}});
      res.set_header("Cache-Control", "no-store");
      res.set_content(std::string(png->begin(), png->end()), "image/png");
    });
  }

  VirtualSerialScanner& scanner;
  Options options;
  httplib::Server http;
  std::thread thread;
  int port = 0;
};

ScannerPanel::ScannerPanel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ScannerPanel::~ScannerPanel() {
  impl_->http.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

Result<std::unique_ptr<ScannerPanel>> ScannerPanel::start(VirtualSerialScanner& scanner, Options options) {
  std::signal(SIGPIPE, SIG_IGN);
  auto impl = std::make_unique<Impl>(scanner, std::move(options));
  impl->routes();
  const std::string& host = impl->options.host;
  if (impl->options.port == 0) {
    impl->port = impl->http.bind_to_any_port(host);
  } else if (impl->http.bind_to_port(host, impl->options.port)) {
    impl->port = impl->options.port;
  }
  if (impl->port <= 0) {
    return make_error(ErrorCode::kUnavailable, "cannot bind the scanner panel on " + host + ":" +
                                                   std::to_string(impl->options.port) + " (in use?)");
  }
  impl->thread = std::thread([srv = &impl->http] { srv->listen_after_bind(); });
  return std::unique_ptr<ScannerPanel>(new ScannerPanel(std::move(impl)));
}

int ScannerPanel::port() const { return impl_->port; }

}  // namespace chainslip::sim

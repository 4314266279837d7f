#include "firmware/service/metrics/metrics_server.h"

#include <csignal>
#include <thread>

#include "firmware/screen/guarded_http_server.h"
#include "firmware/screen/listen_address.h"

namespace chainslip {

struct MetricsServer::Impl {
  explicit Impl(Options o) : options(std::move(o)), http(GuardedHttpServer::Limits{}) {}
  Options options;
  GuardedHttpServer http;
  std::thread thread;
  int port = 0;
};

MetricsServer::MetricsServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

MetricsServer::~MetricsServer() {
  impl_->http.stop();
  impl_->http.close_connections();
  if (impl_->thread.joinable()) impl_->thread.join();
}

Result<std::unique_ptr<MetricsServer>> MetricsServer::start(Options options) {
  CS_ASSIGN_OR_RETURN(ListenAddress address,
                      parse_listen_address(options.listen, /*allow_remote=*/true, "metrics listen address"));
  std::signal(SIGPIPE, SIG_IGN);
  auto impl = std::make_unique<Impl>(std::move(options));
  Impl& i = *impl;
  i.http.Get("/healthz", [&i](const httplib::Request&, httplib::Response& res) {
    const Status health = i.options.health();
    res.status = health.ok() ? 200 : 503;
    res.set_header("Cache-Control", "no-store");
    res.set_content(health.ok() ? "ok\n" : health.error().message + "\n", "text/plain; charset=utf-8");
  });
  i.http.Get("/metrics", [&i](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_content(i.options.metrics(), "text/plain; version=0.0.4; charset=utf-8");
  });
  Result<int> port = i.http.bind_port(address.host, address.port);
  if (!port.ok()) {
    return make_error(
        port.code(), "cannot bind the metrics endpoint on " + i.options.listen + ": " + port.error().message);
  }
  i.port = *port;
  i.thread = std::thread([&i] { i.http.listen_after_bind(); });
  while (!i.http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return std::unique_ptr<MetricsServer>(new MetricsServer(std::move(impl)));
}

int MetricsServer::port() const { return impl_->port; }

}  // namespace chainslip

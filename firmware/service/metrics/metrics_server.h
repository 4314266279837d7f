#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/util/result.h"

namespace chainslip {

// The kiosk's health and metrics endpoint (docs/CONFIG.md, "Health and
// metrics"), on its own address (metrics.listen), apart from the screen:
//   GET /healthz  200 "ok" while health() is ok, else 503 with its reason
//   GET /metrics  metrics(), Prometheus text format 0.0.4
// Anything else is 404. Served from its own threads; health() and metrics()
// are called on them.
class MetricsServer {
 public:
  struct Options {
    std::string listen;  // HOST:PORT; non-loopback only when configured so
    std::function<Status()> health;
    std::function<std::string()> metrics;
  };

  // kInvalidArgument for a listen address that does not parse, kUnavailable
  // when it cannot be bound.
  static Result<std::unique_ptr<MetricsServer>> start(Options options);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  int port() const;

 private:
  struct Impl;
  explicit MetricsServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace chainslip

#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <string>

#include "core/util/result.h"
#include "firmware/screen/connection_gate.h"

namespace chainslip {

// The kiosk screen's HTTP server: cpp-httplib's routing and responses, with
// its connections handled here so that no client can starve the kiosk's own
// page (docs/SCREEN.md, "Limits"):
//   - every request has a deadline for all of its bytes (ConnectionStream);
//   - kept-alive connections wait a bounded time for their next request;
//   - connections are capped, in all and per client, the longest-waiting one
//     shed to make room (ConnectionGate);
//   - threads are started as connections need them, up to the cap and a few
//     more to admit or refuse (ElasticThreadPool);
//   - the socket is bound without SO_REUSEPORT, so a second server on the same
//     port fails to start instead of sharing the kiosk's connections.
class GuardedHttpServer final : public httplib::Server {
 public:
  struct Limits {
    std::size_t max_connections = 32;
    std::size_t max_connections_per_client = 16;
    std::chrono::milliseconds request_timeout{5'000};  // a request's line, headers and body in all
    std::chrono::milliseconds idle_timeout{2'000};     // for the next request on a kept-alive connection
    std::chrono::milliseconds write_timeout{5'000};    // for each write of an answer to progress
  };

  explicit GuardedHttpServer(Limits limits);

  // Binds host:port (port 0: an ephemeral port) and returns the port; the
  // server then serves from listen_after_bind(). kUnavailable when the port
  // is in use (or the address is not this machine's), with the system's reason.
  Result<int> bind_port(const std::string& host, int port);

  // Ends every connection, the busy ones too, and admits no more: with
  // stop(), so it need not wait for slow clients.
  void close_connections();

 private:
  bool process_and_close_socket(socket_t sock) override;

  const Limits limits_;
  ConnectionGate gate_;
};

}  // namespace chainslip

#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/hal/clock.h"
#include "core/hal/poll_interest.h"
#include "core/node/node_api.h"

namespace chainslip {

// How a kiosk reaches a chain's nodes over HTTP(S), whatever it says to them.
struct CurlHttpConfig {
  // Base URLs of the nodes, e.g. "https://node1.example.org:8645" (http or
  // https, no path). A request tries them in order, starting at the last one
  // that answered, and moves to the next on a connection failure, a 5xx or a
  // timeout. At least one.
  std::vector<std::string> node_urls;
  // Limits of one attempt on one node: the whole exchange, and the TCP+TLS connect.
  std::chrono::milliseconds request_timeout{10'000};
  std::chrono::milliseconds connect_timeout{3'000};
  // A larger answer is abandoned as it arrives (kInvalidArgument). No answer
  // the protocol allows is larger than a JSON document (kMaxJsonBytes).
  std::size_t max_body_bytes = kMaxJsonBytes;
  // How many times a request may go round all the nodes (>= 1). Between
  // rounds it waits backoff_initial, doubling each round up to backoff_max,
  // each wait drawn uniformly from [wait/2, wait] (jitter, so kiosks that
  // lost the node together do not come back together). An idempotent
  // request (a GET, a JSON-RPC read) is always retried; any other is sent
  // again (to the next node or in the next round) only when it failed
  // before a byte of it was sent.
  unsigned max_rounds = 3;
  std::chrono::milliseconds backoff_initial{250};
  std::chrono::milliseconds backoff_max{4'000};
  std::uint64_t jitter_seed = 1;
  // HTTPS. The peer's certificate and host name are always verified. When
  // ca_file (PEM) is set, it is the only CA trusted (pinning the chain
  // operator's CA); empty: the system's CA store.
  std::string ca_file;
  // Mutual TLS: the kiosk's client certificate and private key (PEM files),
  // both or neither.
  std::string client_cert_file;
  std::string client_key_file;
  // Hears every failed attempt (which node, why, what happens next); may be empty.
  std::function<void(const std::string&)> log;
};

// One exchange with the nodes.
struct HttpExchange {
  std::string endpoint;                  // how messages name it: "GET /v1/info", "getBlockNumber"
  std::string path;                      // appended to the node's base URL
  std::optional<std::string> post_body;  // a JSON POST when set, else a GET
  bool idempotent = true;                // may be sent again after a byte of it left
};

// HTTP(S) to a set of nodes over libcurl's multi-socket interface, inside
// the service's event loop (no thread, no blocking call): failover across
// the node URLs, rounds with jittered backoff, a body limit, TLS and mTLS.
// The node clients (CurlNodeClient, fisco::RpcClient) say what to send and
// read what comes back; this carries it.
//
// libcurl tells which sockets to watch and when to call back; these become
// poll_interests() and next_timeout(). Pollable::process_events() does not
// say which fd is ready, so it polls the known sockets with a zero timeout
// itself and hands each ready one to curl_multi_socket_action (POLLIN/HUP/ERR
// -> CURL_CSELECT_IN, POLLOUT -> CURL_CSELECT_OUT), then fires curl's timer
// if it is due, starts retries whose backoff has passed, and last runs the
// callbacks of finished requests.
//
// `clock` must be a real monotonic clock (SteadyClock): libcurl keeps its own
// time for its timeouts.
class CurlHttpEngine final : public Pollable {
 public:
  // The node's answer (any status below 500), or why none came:
  // kUnavailable (every node failed; the message names each and why),
  // kDeadlineExceeded (every attempt timed out), kInvalidArgument (an
  // answer over max_body_bytes).
  using Done = std::function<void(Result<NodeAnswer>)>;

  // kInvalidArgument for a config that cannot work (no URL, another scheme,
  // half an mTLS pair, an unreadable TLS file); messages start with `who`.
  static Result<std::unique_ptr<CurlHttpEngine>> create(CurlHttpConfig config, const Clock& clock,
                                                        std::string_view who = "node client");
  ~CurlHttpEngine() override;
  CurlHttpEngine(const CurlHttpEngine&) = delete;
  CurlHttpEngine& operator=(const CurlHttpEngine&) = delete;

  // Starts the exchange; `done` runs from a later process_events().
  void send(HttpExchange exchange, Done done);
  // Runs `callback` from the next process_events(), as an answer would (an
  // error found before anything was sent).
  void defer(std::function<void()> callback);
  // Abandons every exchange in flight and every deferred callback: none of
  // them runs. Safe from inside a callback.
  void cancel_all();

  std::vector<PollInterest> poll_interests() const override;
  std::optional<std::chrono::milliseconds> next_timeout() const override;
  void process_events() override;

  // The node a new request tries first: the last one that answered.
  const std::string& preferred_url() const;

 private:
  struct Impl;
  explicit CurlHttpEngine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace chainslip

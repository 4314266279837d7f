#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/hal/clock.h"
#include "core/hal/node_client.h"

namespace chainslip {

// How the kiosk reaches the chain's nodes.
struct CurlNodeClientConfig {
  // Base URLs of the nodes, e.g. "https://node1.example.org:8645" (http or
  // https, no path). A request tries them in order, starting at the last one
  // that answered, and moves to the next on a connection failure, a 5xx or a
  // timeout. At least one.
  std::vector<std::string> node_urls;
  // The chain's suite (the trust anchor's): validator-set changes are read with it.
  Suite suite = kDefaultSuite;
  // Limits of one attempt on one node: the whole exchange, and the TCP+TLS connect.
  std::chrono::milliseconds request_timeout{10'000};
  std::chrono::milliseconds connect_timeout{3'000};
  // A larger answer is abandoned as it arrives (kInvalidArgument). No answer
  // the protocol allows is larger than a JSON document (kMaxJsonBytes).
  std::size_t max_body_bytes = kMaxJsonBytes;
  // How many times a request may go round all the nodes (>= 1). Between
  // rounds it waits backoff_initial, doubling each round up to backoff_max,
  // each wait drawn uniformly from [wait/2, wait] (jitter, so kiosks that
  // lost the node together do not come back together). GETs are idempotent
  // and always retried; a POST is sent again (to the next node or in the
  // next round) only when it failed before a byte of it was sent.
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

// The real NodeClient: HTTP(S) over libcurl's multi-socket interface, inside
// the service's event loop (no thread, no blocking call).
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
class CurlNodeClient final : public NodeClient {
 public:
  static Result<std::unique_ptr<CurlNodeClient>> create(CurlNodeClientConfig config, const Clock& clock);
  ~CurlNodeClient() override;
  CurlNodeClient(const CurlNodeClient&) = delete;
  CurlNodeClient& operator=(const CurlNodeClient&) = delete;

  void get_info(Callback<NodeInfo> done) override;
  void get_receipt_bundle(const std::string& code, const std::string& number, const std::string& check_code,
                          Callback<ReceiptBundle> done) override;
  void get_receipt_status(const std::string& code, const std::string& number, const std::string& check_code,
                          Callback<ReceiptStatusView> done) override;
  void get_validator_set_changes(Callback<std::vector<ValidatorSetChange>> done) override;
  void submit_transaction(const Transaction& tx, Callback<SubmitAnswer> done) override;
  void lookup_transaction(const Digest& tx_hash, Callback<TxLookup> done) override;
  void get_device_activity(const std::string& device_id, Callback<DeviceActivity> done) override;
  void cancel_all() override;

  std::vector<PollInterest> poll_interests() const override;
  std::optional<std::chrono::milliseconds> next_timeout() const override;
  void process_events() override;

  // The node a new request tries first: the last one that answered.
  const std::string& preferred_url() const;

 private:
  struct Impl;
  explicit CurlNodeClient(std::unique_ptr<Impl> impl);

  // Starts one exchange; `read` turns the node's answer into the result.
  template <typename T>
  void start(std::string endpoint, std::string path, std::optional<std::string> post_body,
             std::function<Result<T>(const NodeAnswer&)> read, Callback<T> done);

  std::unique_ptr<Impl> impl_;
};

}  // namespace chainslip

#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/hal/clock.h"
#include "core/hal/node_client.h"
#include "drivers/node/curl_http_engine.h"

namespace chainslip {

// How the kiosk reaches the chain's nodes (curl_http_engine.h).
struct CurlNodeClientConfig : CurlHttpConfig {
  // The chain's suite (the trust anchor's): validator-set changes are read with it.
  Suite suite = kDefaultSuite;
};

// The real NodeClient: chainslip's node API (docs/PROTOCOL.md 9) over
// CurlHttpEngine, inside the service's event loop.
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
  CurlNodeClient(std::unique_ptr<CurlHttpEngine> engine, Suite suite)
      : engine_(std::move(engine)), suite_(suite) {}

  // Starts one exchange; `read` turns the node's answer into the result.
  template <typename T>
  void start(HttpExchange exchange, std::function<Result<T>(const NodeAnswer&)> read, Callback<T> done);
  // Fails a request that could not be made, from the next process_events().
  template <typename T>
  void fail(Error error, Callback<T> done);

  std::unique_ptr<CurlHttpEngine> engine_;
  Suite suite_;
};

}  // namespace chainslip

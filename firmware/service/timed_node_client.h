#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/hal/clock.h"
#include "core/hal/node_client.h"

namespace chainslip {

// A NodeClient that tells `observe` how long each request took, from the
// call to its answer, and whether it was answered (a request cancelled by
// cancel_all is never told). Everything else goes to the wrapped client.
class TimedNodeClient final : public NodeClient {
 public:
  using Observe = std::function<void(std::chrono::milliseconds took, bool ok)>;
  TimedNodeClient(NodeClient& inner, const Clock& clock, Observe observe)
      : inner_(inner), clock_(clock), observe_(std::move(observe)) {}

  void get_info(Callback<NodeInfo> done) override { inner_.get_info(timed(std::move(done))); }
  void get_receipt_bundle(const std::string& code, const std::string& number, const std::string& check_code,
                          Callback<ReceiptBundle> done) override {
    inner_.get_receipt_bundle(code, number, check_code, timed(std::move(done)));
  }
  void get_receipt_status(const std::string& code, const std::string& number, const std::string& check_code,
                          Callback<ReceiptStatusView> done) override {
    inner_.get_receipt_status(code, number, check_code, timed(std::move(done)));
  }
  void get_validator_set_changes(Callback<std::vector<ValidatorSetChange>> done) override {
    inner_.get_validator_set_changes(timed(std::move(done)));
  }
  void submit_transaction(const Transaction& tx, Callback<SubmitAnswer> done) override {
    inner_.submit_transaction(tx, timed(std::move(done)));
  }
  void lookup_transaction(const Digest& tx_hash, Callback<TxLookup> done) override {
    inner_.lookup_transaction(tx_hash, timed(std::move(done)));
  }
  void get_device_activity(const std::string& device_id, Callback<DeviceActivity> done) override {
    inner_.get_device_activity(device_id, timed(std::move(done)));
  }
  void cancel_all() override { inner_.cancel_all(); }

  std::vector<PollInterest> poll_interests() const override { return inner_.poll_interests(); }
  std::optional<std::chrono::milliseconds> next_timeout() const override { return inner_.next_timeout(); }
  void process_events() override { inner_.process_events(); }

 private:
  template <typename T>
  Callback<T> timed(Callback<T> done) {
    return [this, start = clock_.now(), done = std::move(done)](Result<T> answer) {
      observe_(clock_.now() - start, answer.ok());
      done(std::move(answer));
    };
  }

  NodeClient& inner_;
  const Clock& clock_;
  Observe observe_;
};

}  // namespace chainslip

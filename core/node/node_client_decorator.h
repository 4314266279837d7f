#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/hal/node_client.h"

namespace chainslip {

// A NodeClient in front of another that does one thing to every request
// (times it, delays it, fails it), written once in relay() instead of once
// per method. Each request reaches relay() with its answer's type erased.
class NodeClientDecorator : public NodeClient {
 public:
  void get_info(Callback<NodeInfo> done) final;
  void get_receipt_bundle(const std::string& code, const std::string& number, const std::string& check_code,
                          Callback<ReceiptBundle> done) final;
  void get_receipt_status(const std::string& code, const std::string& number, const std::string& check_code,
                          Callback<ReceiptStatusView> done) final;
  void get_validator_set_changes(Callback<std::vector<ValidatorSetChange>> done) final;
  void submit_transaction(const Transaction& tx, Callback<SubmitAnswer> done) final;
  void lookup_transaction(const Digest& tx_hash, Callback<TxLookup> done) final;
  void get_device_activity(const std::string& device_id, Callback<DeviceActivity> done) final;

  void cancel_all() override { inner_.cancel_all(); }
  std::vector<PollInterest> poll_interests() const override { return inner_.poll_interests(); }
  std::optional<std::chrono::milliseconds> next_timeout() const override { return inner_.next_timeout(); }
  void process_events() override { inner_.process_events(); }

 protected:
  explicit NodeClientDecorator(NodeClient& inner) : inner_(inner) {}

  // The inner client's answer: whether it succeeded, and `deliver`, which
  // hands it to the caller (at most once).
  struct Answer {
    bool ok = false;
    std::function<void()> deliver;
  };
  struct Request {
    // Sends the request to the inner client; its answer comes to `answered`.
    std::function<void(std::function<void(Answer)> answered)> send;
    // Answers the caller with `error` instead.
    std::function<void(Error error)> fail;
  };
  // What the decorator does with each request: send() it and deliver its
  // answer, or fail() it, now or later.
  virtual void relay(Request request) = 0;

  NodeClient& inner() { return inner_; }
  const NodeClient& inner() const { return inner_; }

 private:
  template <typename T>
  void relay_typed(std::function<void(Callback<T>)> start, Callback<T> done);

  NodeClient& inner_;
};

}  // namespace chainslip

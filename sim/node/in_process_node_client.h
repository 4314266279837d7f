#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>

#include "core/hal/node_client.h"
#include "sim/node/chain_node.h"
#include "sim/node/lies.h"

namespace chainslip::sim {

// The simulated NodeClient: talks to an in-process ChainNode without sockets,
// yet through the same JSON answers NodeServer sends over HTTP
// (sim/node/node_answers.h) and the same strict parsers the real client uses
// (core/node/node_api.h), so it honours the same contract.
//
// Each call is queued; process_events() computes the answers against the
// node as it is then and runs the callbacks (a callback's own new requests
// wait for the next process_events()). No fds: next_timeout() is 0 while
// anything is queued.
class InProcessNodeClient final : public NodeClient {
 public:
  explicit InProcessNodeClient(ChainNode& node);

  // Fault injection: the next `count` calls fail with kUnavailable.
  void fail_next(std::size_t count) { fail_next_ = count; }
  // Answers falsified as a lying node's would be (nullopt: honest).
  void set_lie(std::optional<Lie> lie) { lie_ = lie; }

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

  std::vector<PollInterest> poll_interests() const override { return {}; }
  std::optional<std::chrono::milliseconds> next_timeout() const override;
  void process_events() override;

 private:
  // Queues: compute the answer, read it with `read`, hand it to `done`.
  template <typename T>
  void enqueue(std::function<NodeAnswer()> answer, std::function<Result<T>(const NodeAnswer&)> read,
               Callback<T> done);

  ChainNode& node_;
  std::deque<std::function<void()>> queue_;
  std::uint64_t generation_ = 0;  // bumped by cancel_all: queued work of an older generation is dropped
  std::size_t fail_next_ = 0;
  std::optional<Lie> lie_;
};

}  // namespace chainslip::sim

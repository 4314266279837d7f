#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>

#include "core/hal/clock.h"
#include "core/hal/node_client.h"

namespace chainslip::simapp {

// A NodeClient between the kiosk and another (the in-process simulated
// node) that plays the network's faults on the kiosk's clock, with the
// errors the real client gives (core/hal/node_client.h):
//   down   every request fails at once with kUnavailable (connection refused)
//   slow   answers arrive `delay` late; a delay of `request_timeout` or more
//          fails the request with kDeadlineExceeded after request_timeout
// Requests dropped mid-connection are the inner client's fail_next().
class FaultyNodeClient final : public NodeClient {
 public:
  FaultyNodeClient(NodeClient& inner, const Clock& clock, std::chrono::milliseconds request_timeout);

  void set_down(bool down) { down_ = down; }
  void set_delay(std::chrono::milliseconds delay) { delay_ = delay; }

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

  std::vector<PollInterest> poll_interests() const override { return inner_.poll_interests(); }
  std::optional<std::chrono::milliseconds> next_timeout() const override;
  void process_events() override;

 private:
  // An answer held until `due` on the clock.
  struct Held {
    std::chrono::milliseconds due;
    std::function<void()> deliver;
  };
  // Sends the request through `start` (which takes the callback to give the
  // inner client), or fails it as the fault says.
  template <typename T>
  void relay(std::function<void(Callback<T>)> start, Callback<T> done);
  void hold(std::chrono::milliseconds due, std::function<void()> deliver);

  NodeClient& inner_;
  const Clock& clock_;
  const std::chrono::milliseconds request_timeout_;
  bool down_ = false;
  std::chrono::milliseconds delay_{0};
  std::deque<Held> held_;  // by due time
  std::uint64_t generation_ = 0;  // bumped by cancel_all: answers of older requests are dropped
};

}  // namespace chainslip::simapp

#include "sim/app/kiosk/faulty_node_client.h"

#include <algorithm>
#include <memory>
#include <utility>

namespace chainslip::simapp {

using std::chrono::milliseconds;

FaultyNodeClient::FaultyNodeClient(NodeClient& inner, const Clock& clock, milliseconds request_timeout)
    : inner_(inner), clock_(clock), request_timeout_(request_timeout) {}

void FaultyNodeClient::hold(milliseconds due, std::function<void()> deliver) {
  const auto at = std::upper_bound(held_.begin(), held_.end(), due,
                                   [](milliseconds d, const Held& h) { return d < h.due; });
  held_.insert(at, Held{due, std::move(deliver)});
}

template <typename T>
void FaultyNodeClient::relay(std::function<void(Callback<T>)> start, Callback<T> done) {
  const milliseconds now = clock_.now();
  if (down_) {
    hold(now, [done = std::move(done)] {
      done(make_error(ErrorCode::kUnavailable, "node: connection refused (the simulated node is down)"));
    });
    return;
  }
  if (delay_ >= request_timeout_) {
    // The answer never comes in time: the request times out, its late answer is dropped.
    hold(now + request_timeout_, [done = std::move(done), timeout = request_timeout_] {
      done(make_error(ErrorCode::kDeadlineExceeded,
                      "node: no answer within " + std::to_string(timeout.count()) + " ms (the simulated node is slow)"));
    });
    start([](Result<T>) {});
    return;
  }
  const milliseconds due = now + delay_;
  const std::uint64_t generation = generation_;
  start([this, due, generation, done = std::move(done)](Result<T> answer) mutable {
    if (generation != generation_) return;
    auto shared = std::make_shared<Result<T>>(std::move(answer));
    hold(std::max(due, clock_.now()), [done = std::move(done), shared] { done(std::move(*shared)); });
  });
}

void FaultyNodeClient::get_info(Callback<NodeInfo> done) {
  relay<NodeInfo>([this](Callback<NodeInfo> cb) { inner_.get_info(std::move(cb)); }, std::move(done));
}

void FaultyNodeClient::get_receipt_bundle(const std::string& code, const std::string& number,
                                          const std::string& check_code, Callback<ReceiptBundle> done) {
  relay<ReceiptBundle>(
      [this, code, number, check_code](Callback<ReceiptBundle> cb) {
        inner_.get_receipt_bundle(code, number, check_code, std::move(cb));
      },
      std::move(done));
}

void FaultyNodeClient::get_receipt_status(const std::string& code, const std::string& number,
                                          const std::string& check_code, Callback<ReceiptStatusView> done) {
  relay<ReceiptStatusView>(
      [this, code, number, check_code](Callback<ReceiptStatusView> cb) {
        inner_.get_receipt_status(code, number, check_code, std::move(cb));
      },
      std::move(done));
}

void FaultyNodeClient::get_validator_set_changes(Callback<std::vector<ValidatorSetChange>> done) {
  relay<std::vector<ValidatorSetChange>>(
      [this](Callback<std::vector<ValidatorSetChange>> cb) { inner_.get_validator_set_changes(std::move(cb)); },
      std::move(done));
}

void FaultyNodeClient::submit_transaction(const Transaction& tx, Callback<SubmitAnswer> done) {
  relay<SubmitAnswer>([this, tx](Callback<SubmitAnswer> cb) { inner_.submit_transaction(tx, std::move(cb)); },
                      std::move(done));
}

void FaultyNodeClient::lookup_transaction(const Digest& tx_hash, Callback<TxLookup> done) {
  relay<TxLookup>([this, tx_hash](Callback<TxLookup> cb) { inner_.lookup_transaction(tx_hash, std::move(cb)); },
                  std::move(done));
}

void FaultyNodeClient::get_device_activity(const std::string& device_id, Callback<DeviceActivity> done) {
  relay<DeviceActivity>(
      [this, device_id](Callback<DeviceActivity> cb) {
        inner_.get_device_activity(device_id, std::move(cb));
      },
      std::move(done));
}

void FaultyNodeClient::cancel_all() {
  inner_.cancel_all();
  held_.clear();
  ++generation_;
}

std::optional<milliseconds> FaultyNodeClient::next_timeout() const {
  std::optional<milliseconds> next = inner_.next_timeout();
  if (!held_.empty()) {
    const milliseconds until = std::max(held_.front().due - clock_.now(), milliseconds{0});
    next = next ? std::min(*next, until) : until;
  }
  return next;
}

void FaultyNodeClient::process_events() {
  inner_.process_events();
  const std::uint64_t generation = generation_;
  while (!held_.empty() && held_.front().due <= clock_.now() && generation == generation_) {
    std::function<void()> deliver = std::move(held_.front().deliver);
    held_.pop_front();
    deliver();  // may start new requests (held behind) or cancel_all()
  }
}

}  // namespace chainslip::simapp

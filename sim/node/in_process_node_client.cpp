#include "sim/node/in_process_node_client.h"

#include <utility>

#include "sim/node/node_answers.h"

namespace chainslip::sim {

InProcessNodeClient::InProcessNodeClient(ChainNode& node) : node_(node) {}

template <typename T>
void InProcessNodeClient::enqueue(std::function<NodeAnswer()> answer,
                                  std::function<Result<T>(const NodeAnswer&)> read, Callback<T> done) {
  if (fail_next_ > 0) {
    --fail_next_;
    queue_.push_back([done = std::move(done)] {
      done(make_error(ErrorCode::kUnavailable, "in-process node: injected failure (fail_next)"));
    });
    return;
  }
  queue_.push_back(
      [answer = std::move(answer), read = std::move(read), done = std::move(done)] { done(read(answer())); });
}

void InProcessNodeClient::get_info(Callback<NodeInfo> done) {
  enqueue<NodeInfo>([this] { return answer_info(node_); }, info_from_answer, std::move(done));
}

void InProcessNodeClient::get_receipt_bundle(const std::string& code, const std::string& number,
                                             const std::string& check_code, Callback<ReceiptBundle> done) {
  enqueue<ReceiptBundle>(
      [this, code, number, check_code] { return answer_receipt(node_, code, number, check_code, lie_); },
      bundle_from_answer, std::move(done));
}

void InProcessNodeClient::get_receipt_status(const std::string& code, const std::string& number,
                                             const std::string& check_code, Callback<ReceiptStatusView> done) {
  enqueue<ReceiptStatusView>(
      [this, code, number, check_code] { return answer_receipt_status(node_, code, number, check_code); },
      receipt_status_from_answer, std::move(done));
}

void InProcessNodeClient::get_validator_set_changes(Callback<std::vector<ValidatorSetChange>> done) {
  const Suite suite = node_.suite();
  enqueue<std::vector<ValidatorSetChange>>(
      [this] { return answer_validator_set_changes(node_); },
      [suite](const NodeAnswer& a) { return validator_set_changes_from_answer(suite, a); }, std::move(done));
}

void InProcessNodeClient::submit_transaction(const Transaction& tx, Callback<SubmitAnswer> done) {
  enqueue<SubmitAnswer>(
      [this, body = transaction_to_json(tx).dump()] { return answer_submit(node_, body, {}); },
      submit_from_answer, std::move(done));
}

void InProcessNodeClient::lookup_transaction(const Digest& tx_hash, Callback<TxLookup> done) {
  enqueue<TxLookup>([this, hex = to_hex(tx_hash)] { return answer_transaction(node_, hex, lie_); },
                    tx_lookup_from_answer, std::move(done));
}

void InProcessNodeClient::get_device_activity(const std::string& device_id, Callback<DeviceActivity> done) {
  enqueue<DeviceActivity>(
      [this, device_id] { return answer_device_activity(node_, device_id); },
      [device_id](const NodeAnswer& a) { return device_activity_from_answer(a, device_id); },
      std::move(done));
}

void InProcessNodeClient::cancel_all() {
  queue_.clear();
  ++generation_;
}

std::optional<std::chrono::milliseconds> InProcessNodeClient::next_timeout() const {
  if (queue_.empty()) return std::nullopt;
  return std::chrono::milliseconds(0);
}

void InProcessNodeClient::process_events() {
  std::deque<std::function<void()>> batch;
  batch.swap(queue_);
  const std::uint64_t generation = generation_;
  for (auto& work : batch) {
    if (generation_ != generation) return;  // a callback called cancel_all()
    work();
  }
}

}  // namespace chainslip::sim

#include "core/node/node_client_decorator.h"

#include <memory>
#include <utility>

namespace chainslip {

template <typename T>
void NodeClientDecorator::relay_typed(std::function<void(Callback<T>)> start, Callback<T> done) {
  auto caller = std::make_shared<Callback<T>>(std::move(done));
  Request request;
  request.send = [start = std::move(start), caller](std::function<void(Answer)> answered) {
    start([caller, answered = std::move(answered)](Result<T> result) {
      const bool ok = result.ok();
      auto kept = std::make_shared<Result<T>>(std::move(result));
      answered(Answer{ok, [caller, kept] { (*caller)(std::move(*kept)); }});
    });
  };
  request.fail = [caller](Error error) { (*caller)(std::move(error)); };
  relay(std::move(request));
}

void NodeClientDecorator::get_info(Callback<NodeInfo> done) {
  relay_typed<NodeInfo>([this](Callback<NodeInfo> cb) { inner_.get_info(std::move(cb)); }, std::move(done));
}

void NodeClientDecorator::get_receipt_bundle(const std::string& code, const std::string& number,
                                             const std::string& check_code, Callback<ReceiptBundle> done) {
  relay_typed<ReceiptBundle>(
      [this, code, number, check_code](Callback<ReceiptBundle> cb) {
        inner_.get_receipt_bundle(code, number, check_code, std::move(cb));
      },
      std::move(done));
}

void NodeClientDecorator::get_receipt_status(const std::string& code, const std::string& number,
                                             const std::string& check_code, Callback<ReceiptStatusView> done) {
  relay_typed<ReceiptStatusView>(
      [this, code, number, check_code](Callback<ReceiptStatusView> cb) {
        inner_.get_receipt_status(code, number, check_code, std::move(cb));
      },
      std::move(done));
}

void NodeClientDecorator::get_validator_set_changes(Callback<std::vector<ValidatorSetChange>> done) {
  relay_typed<std::vector<ValidatorSetChange>>(
      [this](Callback<std::vector<ValidatorSetChange>> cb) { inner_.get_validator_set_changes(std::move(cb)); },
      std::move(done));
}

void NodeClientDecorator::submit_transaction(const Transaction& tx, Callback<SubmitAnswer> done) {
  relay_typed<SubmitAnswer>([this, tx](Callback<SubmitAnswer> cb) { inner_.submit_transaction(tx, std::move(cb)); },
                            std::move(done));
}

void NodeClientDecorator::lookup_transaction(const Digest& tx_hash, Callback<TxLookup> done) {
  relay_typed<TxLookup>(
      [this, tx_hash](Callback<TxLookup> cb) { inner_.lookup_transaction(tx_hash, std::move(cb)); },
      std::move(done));
}

void NodeClientDecorator::get_device_activity(const std::string& device_id, Callback<DeviceActivity> done) {
  relay_typed<DeviceActivity>(
      [this, device_id](Callback<DeviceActivity> cb) { inner_.get_device_activity(device_id, std::move(cb)); },
      std::move(done));
}

}  // namespace chainslip

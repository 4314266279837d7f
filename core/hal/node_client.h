#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/hal/poll_interest.h"
#include "core/node/node_api.h"

namespace chainslip {

// The kiosk's link to the chain's nodes (docs/PROTOCOL.md section 9): the
// hardware role "node", implemented over libcurl (drivers/node) and over an
// in-process simulated node (sim/node).
//
// Asynchronous and single-threaded: a call only starts a request; its
// callback runs later, from process_events() on the event loop's thread,
// never from inside the call that started it. A callback may start new
// requests or call cancel_all().
//
// Answers are parsed strictly (core/node/node_api.h) and NOT trusted: a
// bundle or an inclusion proof comes back as the node sent it, for the
// caller to verify (verify_bundle, verify_tx_inclusion).
//
// Errors:
//   kUnavailable       no node could be reached or every node failed (the
//                      message names each address and why)
//   kDeadlineExceeded  every attempt ran out of time
//   kNotFound          the node answered 404 not_found (unknown receipt, wrong
//                      check code, unknown transaction)
//   kInvalidArgument   the node's answer does not parse or breaks its shape
class NodeClient : public Pollable {
 public:
  template <typename T>
  using Callback = std::function<void(Result<T>)>;

  // GET /v1/info
  virtual void get_info(Callback<NodeInfo> done) = 0;
  // GET /v1/receipts/{code}/{number}?check_code=: parsed, not yet verified.
  virtual void get_receipt_bundle(const std::string& code, const std::string& number,
                                  const std::string& check_code, Callback<ReceiptBundle> done) = 0;
  // GET /v1/receipts/{code}/{number}/status?check_code=: advisory only, for
  // what the patient is shown and offered; never the ground for printing.
  virtual void get_receipt_status(const std::string& code, const std::string& number,
                                  const std::string& check_code, Callback<ReceiptStatusView> done) = 0;
  // GET /v1/validator-set-changes
  virtual void get_validator_set_changes(Callback<std::vector<ValidatorSetChange>> done) = 0;
  // POST /v1/transactions: a refusal by the chain is a SubmitAnswer value
  // (refusal set), not an error.
  virtual void submit_transaction(const Transaction& tx, Callback<SubmitAnswer> done) = 0;
  // GET /v1/transactions/{tx_hash}
  virtual void lookup_transaction(const Digest& tx_hash, Callback<TxLookup> done) = 0;
  // GET /v1/devices/{device_id}: what the chain has seen from a kiosk
  // (advisory; a device never seen is all nulls, not kNotFound).
  virtual void get_device_activity(const std::string& device_id, Callback<DeviceActivity> done) = 0;

  // Abandons every request in flight: their callbacks are never run.
  virtual void cancel_all() = 0;
};

}  // namespace chainslip

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bundle/receipt_bundle.h"
#include "core/chain/device_activity.h"
#include "core/chain/light_client.h"
#include "core/chain/receipt_status.h"
#include "core/chain/transaction.h"

namespace chainslip {

// The answers of the node API (docs/PROTOCOL.md section 9), read as what they
// are: untrusted input. Pure: no I/O. Every parser is strict (section 4.1:
// bounded size, exactly the listed fields, types checked) and fails with
// kInvalidArgument naming the endpoint. Both node clients (libcurl, and the
// simulator's in-process one) read answers only through these functions.

// One HTTP answer of a node, as received.
struct NodeAnswer {
  long status = 0;
  std::string body;
};

// GET /v1/info
struct NodeInfo {
  std::string chain_id;
  Suite suite = kDefaultSuite;
  std::uint64_t height = 0;  // 0 before the first block
};

// An error answer {"error", "message"}.
struct NodeError {
  std::string error;                 // "not_found", "malformed", "internal" or a refusal name
  std::optional<TxRefusal> refusal;  // set when `error` is a refusal name of section 8 (incl. "malformed")
  std::string message;
};

// POST /v1/transactions: accepted (pending) or refused at submission. A
// refusal is an answer, not a failure: the chain's verdict on the transaction.
struct SubmitAnswer {
  Digest tx_hash{};                  // accepted
  std::optional<TxRefusal> refusal;  // refused
  std::string message;               // the node's words for a refusal
  bool accepted() const { return !refusal.has_value(); }
};

// GET /v1/transactions/{tx_hash}
enum class TxLookupState { kPending, kIncluded, kRefused };
struct TxLookup {
  TxLookupState state = TxLookupState::kPending;
  std::uint64_t height = 0;                   // kIncluded
  InclusionProof proof;                       // kIncluded
  BlockHeader header;                         // kIncluded; unverified: see verify_tx_inclusion
  TxRefusal refusal = TxRefusal::kMalformed;  // kRefused (at sealing)
  std::string message;                        // kRefused
};

// Body parsers, one per answer shape.
Result<NodeInfo> parse_info(std::string_view body);
Result<NodeError> parse_error_body(std::string_view body, std::string_view endpoint);
Result<Digest> parse_submit_accepted(std::string_view body);  // {"tx_hash", "state": "pending"}
Result<TxLookup> parse_tx_lookup(std::string_view body);
Result<std::vector<ValidatorSetChange>> parse_validator_set_changes(Suite suite, std::string_view body);
Result<ReceiptStatusView> parse_receipt_status_answer(std::string_view body);  // advisory only
Result<DeviceActivity> parse_device_activity(std::string_view body);           // advisory only

// Whole answers (status and body) of each endpoint. A 404 `not_found` is
// kNotFound; a 5xx is kUnavailable (the node, or a proxy before it, failed);
// any other status or a body that breaks its shape is kInvalidArgument.
Result<NodeInfo> info_from_answer(const NodeAnswer& answer);
Result<ReceiptBundle> bundle_from_answer(const NodeAnswer& answer);  // parsed, NOT verified
Result<std::vector<ValidatorSetChange>> validator_set_changes_from_answer(Suite suite,
                                                                          const NodeAnswer& answer);
// 202 -> accepted; 400/409 naming a refusal -> a refused SubmitAnswer.
Result<SubmitAnswer> submit_from_answer(const NodeAnswer& answer);
Result<TxLookup> tx_lookup_from_answer(const NodeAnswer& answer);
Result<ReceiptStatusView> receipt_status_from_answer(const NodeAnswer& answer);
// GET /v1/devices/{device_id}: an answer about another device than the one
// asked for (`device_id`) breaks the shape (kInvalidArgument).
Result<DeviceActivity> device_activity_from_answer(const NodeAnswer& answer, std::string_view device_id);

// What verify_tx_inclusion established.
struct VerifiedInclusion {
  std::uint64_t height = 0;
  Digest header_hash{};  // computed locally
  Digest tx_hash{};      // H(transaction bytes of the kiosk's own transaction)
};

// Verifies an `included` lookup of the kiosk's OWN transaction `tx`, as
// section 9's last paragraph says: the header by the light client (anchor,
// then `changes` in order, then LightClient::verify_header with `options`),
// the answer's height equal to the header's, and the proof of
// H(0x00 || transaction_bytes(tx)) at leaf_index with tree_size == tx_count
// against header.tx_root. The first failure is returned with its specific
// code (kWrongChainId, kInsufficientQuorum, kInclusionProofInvalid, ...);
// a lookup that is not `included` is kFailedPrecondition.
Result<VerifiedInclusion> verify_tx_inclusion(const Transaction& tx, const TxLookup& lookup,
                                              const TrustAnchor& anchor,
                                              const std::vector<ValidatorSetChange>& changes,
                                              const HeaderCheckOptions& options);

}  // namespace chainslip

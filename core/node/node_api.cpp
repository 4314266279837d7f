#include "core/node/node_api.h"

#include "core/bundle/bundle_verifier.h"
#include "core/chain/chain_id.h"
#include "core/util/strict_json.h"

namespace chainslip {
namespace {

constexpr std::string_view kInfo = "GET /v1/info";
constexpr std::string_view kReceipt = "GET /v1/receipts/{code}/{number}";
constexpr std::string_view kReceiptStatus = "GET /v1/receipts/{code}/{number}/status";
constexpr std::string_view kChanges = "GET /v1/validator-set-changes";
constexpr std::string_view kSubmit = "POST /v1/transactions";
constexpr std::string_view kLookup = "GET /v1/transactions/{tx_hash}";
constexpr std::string_view kDevice = "GET /v1/devices/{device_id}";

constexpr std::size_t kMaxErrorName = 64;
constexpr std::size_t kMaxErrorMessage = 4096;

// Any failure to read an answer is the answer's fault: kInvalidArgument,
// with the endpoint in front so the log says which request it was.
template <typename T>
Result<T> naming(std::string_view endpoint, Result<T> r) {
  if (r.ok()) return r;
  return make_error(ErrorCode::kInvalidArgument,
                    "answer to " + std::string(endpoint) + " is not valid: " + r.error().message);
}

Result<NodeInfo> info_from_json(const Json& doc) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(doc, "info"));
  NodeInfo info;
  CS_ASSIGN_OR_RETURN(info.chain_id, read_chain_id(f, "chain_id"));
  CS_ASSIGN_OR_RETURN(std::string suite, f.text("suite", 1, 32));
  CS_ASSIGN_OR_RETURN(info.suite, parse_suite(suite));
  CS_ASSIGN_OR_RETURN(info.height, f.u64("height"));
  CS_RETURN_IF_ERROR(f.finish());
  return info;
}

Result<NodeError> error_from_json(const Json& doc) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(doc, "error"));
  NodeError e;
  CS_ASSIGN_OR_RETURN(e.error, f.text("error", 1, kMaxErrorName));
  CS_ASSIGN_OR_RETURN(e.message, f.text("message", 0, kMaxErrorMessage));
  CS_RETURN_IF_ERROR(f.finish());
  if (auto refusal = parse_tx_refusal(e.error); refusal.ok()) {
    e.refusal = *refusal;
  } else if (e.error != "not_found" && e.error != "internal") {
    return make_error(ErrorCode::kInvalidArgument, "error.error: unknown error name \"" + e.error + "\"");
  }
  return e;
}

Result<Digest> submit_accepted_from_json(const Json& doc) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(doc, "submit"));
  CS_ASSIGN_OR_RETURN(Digest tx_hash, f.digest("tx_hash"));
  CS_ASSIGN_OR_RETURN(std::string state, f.text("state", 1, 16));
  if (state != "pending") {
    return make_error(ErrorCode::kInvalidArgument, "submit.state: \"" + state + "\", expected \"pending\"");
  }
  CS_RETURN_IF_ERROR(f.finish());
  return tx_hash;
}

Result<TxLookup> tx_lookup_from_json(const Json& doc) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(doc, "transaction"));
  TxLookup t;
  CS_ASSIGN_OR_RETURN(std::string state, f.text("state", 1, 16));
  if (state == "pending") {
    t.state = TxLookupState::kPending;
  } else if (state == "included") {
    t.state = TxLookupState::kIncluded;
    CS_ASSIGN_OR_RETURN(t.height, f.u64("height"));
    CS_ASSIGN_OR_RETURN(const Json* proof, f.object("inclusion_proof"));
    CS_ASSIGN_OR_RETURN(t.proof, inclusion_proof_from_json(*proof, f.path("inclusion_proof")));
    CS_ASSIGN_OR_RETURN(const Json* header, f.object("header"));
    CS_ASSIGN_OR_RETURN(t.header, header_from_json(*header, f.path("header")));
  } else if (state == "refused") {
    t.state = TxLookupState::kRefused;
    CS_ASSIGN_OR_RETURN(std::string error, f.text("error", 1, kMaxErrorName));
    auto refusal = parse_tx_refusal(error);
    if (!refusal.ok())
      return make_error(ErrorCode::kInvalidArgument, f.path("error") + ": " + refusal.error().message);
    t.refusal = *refusal;
    CS_ASSIGN_OR_RETURN(t.message, f.text("message", 0, kMaxErrorMessage));
  } else {
    return make_error(ErrorCode::kInvalidArgument,
                      f.path("state") + ": \"" + state + "\" is not pending, included or refused");
  }
  CS_RETURN_IF_ERROR(f.finish());
  return t;
}

Result<std::vector<ValidatorSetChange>> changes_from_json(Suite suite, const Json& doc) {
  if (!doc.is_array()) return make_error(ErrorCode::kInvalidArgument, "expected a JSON array of changes");
  if (doc.size() > kMaxValidatorSetChanges) {
    return make_error(ErrorCode::kInvalidArgument,
                      "more than " + std::to_string(kMaxValidatorSetChanges) + " validator-set changes");
  }
  std::vector<ValidatorSetChange> changes;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    CS_ASSIGN_OR_RETURN(ValidatorSetChange c,
                        validator_set_change_from_json(suite, doc[i], "changes[" + std::to_string(i) + "]"));
    changes.push_back(std::move(c));
  }
  return changes;
}

// Parses the body as strict JSON, then reads it with `read`, naming the
// endpoint on failure.
template <typename F>
auto parse_body(std::string_view endpoint, std::string_view body, F&& read) -> decltype(read(Json())) {
  auto doc = parse_strict_json(body);
  if (!doc.ok()) return naming(endpoint, decltype(read(Json()))(doc.error()));
  return naming(endpoint, read(*doc));
}

// Every answer that is not the endpoint's success status.
Error error_from_answer(const NodeAnswer& a, std::string_view endpoint) {
  const std::string what = std::string(endpoint) + " answered HTTP " + std::to_string(a.status);
  auto body = parse_error_body(a.body, endpoint);
  const std::string detail =
      body.ok() ? body->error + ": " + body->message : "(no node error body: " + body.error().message + ")";
  if (a.status >= 500 && a.status <= 599) return make_error(ErrorCode::kUnavailable, what + ": " + detail);
  if (a.status == 404 && body.ok() && body->error == "not_found") {
    return make_error(ErrorCode::kNotFound, what + ": " + body->message);
  }
  return make_error(ErrorCode::kInvalidArgument, what + " (unexpected): " + detail);
}

template <typename T, typename F>
Result<T> read_answer(const NodeAnswer& a, std::string_view endpoint, long success, F&& parse) {
  if (a.status != success) return error_from_answer(a, endpoint);
  return parse(a.body);
}

}  // namespace

Result<NodeInfo> parse_info(std::string_view body) { return parse_body(kInfo, body, info_from_json); }

Result<NodeError> parse_error_body(std::string_view body, std::string_view endpoint) {
  return parse_body(endpoint, body, error_from_json);
}

Result<Digest> parse_submit_accepted(std::string_view body) {
  return parse_body(kSubmit, body, submit_accepted_from_json);
}

Result<TxLookup> parse_tx_lookup(std::string_view body) {
  return parse_body(kLookup, body, tx_lookup_from_json);
}

Result<std::vector<ValidatorSetChange>> parse_validator_set_changes(Suite suite, std::string_view body) {
  return parse_body(kChanges, body, [suite](const Json& doc) { return changes_from_json(suite, doc); });
}

Result<ReceiptStatusView> parse_receipt_status_answer(std::string_view body) {
  return parse_body(kReceiptStatus, body,
                    [](const Json& doc) { return receipt_status_from_json(doc, "status"); });
}

Result<DeviceActivity> parse_device_activity(std::string_view body) {
  return parse_body(kDevice, body, [](const Json& doc) { return device_activity_from_json(doc, "device"); });
}

Result<NodeInfo> info_from_answer(const NodeAnswer& a) {
  return read_answer<NodeInfo>(a, kInfo, 200, parse_info);
}

Result<ReceiptBundle> bundle_from_answer(const NodeAnswer& a) {
  return read_answer<ReceiptBundle>(a, kReceipt, 200, [](std::string_view body) {
    return parse_body(kReceipt, body, [](const Json& doc) { return bundle_from_json(doc); });
  });
}

Result<std::vector<ValidatorSetChange>> validator_set_changes_from_answer(Suite suite, const NodeAnswer& a) {
  return read_answer<std::vector<ValidatorSetChange>>(
      a, kChanges, 200, [suite](std::string_view body) { return parse_validator_set_changes(suite, body); });
}

Result<SubmitAnswer> submit_from_answer(const NodeAnswer& a) {
  if (a.status == 202) {
    CS_ASSIGN_OR_RETURN(Digest tx_hash, parse_submit_accepted(a.body));
    return SubmitAnswer{tx_hash, std::nullopt, {}};
  }
  if (a.status == 400 || a.status == 409) {
    auto error = parse_error_body(a.body, kSubmit);
    if (error.ok() && error->refusal) return SubmitAnswer{{}, error->refusal, error->message};
  }
  return error_from_answer(a, kSubmit);
}

Result<TxLookup> tx_lookup_from_answer(const NodeAnswer& a) {
  return read_answer<TxLookup>(a, kLookup, 200, parse_tx_lookup);
}

Result<ReceiptStatusView> receipt_status_from_answer(const NodeAnswer& a) {
  return read_answer<ReceiptStatusView>(a, kReceiptStatus, 200, parse_receipt_status_answer);
}

Result<DeviceActivity> device_activity_from_answer(const NodeAnswer& a, std::string_view device_id) {
  CS_ASSIGN_OR_RETURN(DeviceActivity activity,
                      read_answer<DeviceActivity>(a, kDevice, 200, parse_device_activity));
  if (activity.device_id != device_id) {
    return make_error(ErrorCode::kInvalidArgument, "answer to " + std::string(kDevice) +
                                                       " is about device \"" + activity.device_id +
                                                       "\", not \"" + std::string(device_id) + "\"");
  }
  return activity;
}

Result<VerifiedInclusion> verify_tx_inclusion(const Transaction& tx, const TxLookup& lookup,
                                              const TrustAnchor& anchor,
                                              const std::vector<ValidatorSetChange>& changes,
                                              const HeaderCheckOptions& options) {
  if (lookup.state != TxLookupState::kIncluded) {
    return make_error(ErrorCode::kFailedPrecondition,
                      std::string("the transaction is ") +
                          (lookup.state == TxLookupState::kPending ? "pending" : "refused") +
                          ", not included: there is no proof to verify");
  }
  if (lookup.height != lookup.header.height) {
    return make_error(ErrorCode::kInvalidArgument, "the node says height " + std::to_string(lookup.height) +
                                                       " but sent the header of height " +
                                                       std::to_string(lookup.header.height));
  }
  LightClient client(anchor);
  for (const auto& change : changes) CS_RETURN_IF_ERROR(client.apply(change));
  CS_ASSIGN_OR_RETURN(Digest header_digest, client.verify_header(lookup.header, options));
  CS_RETURN_IF_ERROR(
      verify_inclusion_in_header(anchor.suite, lookup.proof, lookup.header, transaction_bytes(tx)));
  return VerifiedInclusion{lookup.header.height, header_digest, transaction_hash(anchor.suite, tx)};
}

}  // namespace chainslip

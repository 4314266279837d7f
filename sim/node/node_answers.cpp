#include "sim/node/node_answers.h"

namespace chainslip::sim {
namespace {

NodeAnswer json_answer(long status, const Json& body) { return NodeAnswer{status, body.dump()}; }

NodeAnswer error_answer(long status, std::string_view error, const std::string& message) {
  return json_answer(status, Json{{"error", error}, {"message", message}});
}

}  // namespace

NodeAnswer answer_info(const ChainNode& node) {
  return json_answer(
      200,
      Json{{"chain_id", node.chain_id()}, {"suite", suite_name(node.suite())}, {"height", node.height()}});
}

NodeAnswer answer_header(const ChainNode& node, std::optional<std::uint64_t> height, std::optional<Lie> lie) {
  auto h = height ? node.header(*height) : node.latest_header();
  if (!h.ok()) return error_answer(404, "not_found", h.error().message);
  if (lie) {
    auto lying = lie_about_header(node, *lie, std::move(h).value());
    if (!lying.ok()) return error_answer(500, "internal", lying.error().message);
    return json_answer(200, header_to_json(node.suite(), *lying));
  }
  return json_answer(200, header_to_json(node.suite(), *h));
}

NodeAnswer answer_validator_set_changes(const ChainNode& node) {
  Json out = Json::array();
  for (const auto& c : node.validator_set_changes()) out.push_back(validator_set_change_to_json(c));
  return json_answer(200, out);
}

NodeAnswer answer_receipt(const ChainNode& node, const std::string& code, const std::string& number,
                          const std::optional<std::string>& check_code, std::optional<Lie> lie) {
  auto b = node.bundle(code, number, check_code.value_or("\x01"));
  if (!b.ok()) return error_answer(404, "not_found", "no such receipt");
  if (lie) {
    auto lying = lie_about_bundle(node, *lie, std::move(b).value());
    if (!lying.ok()) return error_answer(500, "internal", lying.error().message);
    return json_answer(200, bundle_to_json(*lying));
  }
  return json_answer(200, bundle_to_json(*b));
}

NodeAnswer answer_receipt_status(const ChainNode& node, const std::string& code, const std::string& number,
                                 const std::optional<std::string>& check_code) {
  auto v = node.receipt_status(code, number, check_code.value_or("\x01"));
  if (!v.ok()) return error_answer(404, "not_found", "no such receipt");
  return json_answer(200, receipt_status_to_json(*v));
}

NodeAnswer answer_submit_result(const SubmitAnswer& r) {
  if (r.refusal) {
    return error_answer(*r.refusal == TxRefusal::kMalformed ? 400 : 409,
                        tx_refusal_name(*r.refusal), r.message);
  }
  return json_answer(202, Json{{"tx_hash", to_hex(r.tx_hash)}, {"state", "pending"}});
}

NodeAnswer answer_submit(ChainNode& node, std::string_view body, const NodeLog& log) {
  auto tx = parse_transaction(body);
  if (!tx.ok()) {
    if (log) log("refused transaction: malformed: " + tx.error().message);
    return error_answer(400, "malformed", tx.error().message);
  }
  const SubmitAnswer r = node.submit(*tx);
  if (log) {
    const std::string what = std::string(tx_type_name(tx->type)) + " " + tx->code + "-" + tx->number;
    log(r.refusal ? "refused " + what + ": " + std::string(tx_refusal_name(*r.refusal)) + " (" +
                        r.message + ")"
                  : "accepted " + what + " tx " + to_hex(r.tx_hash));
  }
  return answer_submit_result(r);
}

NodeAnswer answer_device_activity(const ChainNode& node, const std::string& device_id) {
  return json_answer(200, device_activity_to_json(node.device_activity(device_id)));
}

NodeAnswer answer_transaction(const ChainNode& node, std::string_view tx_hash_hex, std::optional<Lie> lie) {
  auto digest = digest_from_hex(tx_hash_hex);
  if (!digest.ok()) return error_answer(404, "not_found", "no such transaction");
  auto rec = node.transaction(*digest);
  if (!rec.ok()) return error_answer(404, "not_found", "no such transaction");
  switch (rec->state) {
    case TxLookupState::kPending:
      return json_answer(200, Json{{"state", "pending"}});
    case TxLookupState::kRefused:
      return json_answer(200, Json{{"state", "refused"},
                                   {"error", tx_refusal_name(rec->refusal)},
                                   {"message", rec->message}});
    case TxLookupState::kIncluded:
      break;
  }
  BlockHeader header = rec->header;
  InclusionProof proof = rec->proof;
  if (lie) {
    auto st = lie_about_inclusion(node, *lie, rec->leaf_hash, header, proof);
    if (!st.ok()) return error_answer(500, "internal", st.error().message);
  }
  return json_answer(200, Json{{"state", "included"},
                               {"height", rec->height},
                               {"inclusion_proof", inclusion_proof_to_json(proof)},
                               {"header", header_to_json(node.suite(), header)}});
}

}  // namespace chainslip::sim

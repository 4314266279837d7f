#include "core/bundle/receipt_bundle.h"

namespace chainslip {

Result<InclusionProof> inclusion_proof_from_json(const Json& value, const std::string& where) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, where));
  InclusionProof p;
  CS_ASSIGN_OR_RETURN(p.leaf_index, f.u64("leaf_index"));
  CS_ASSIGN_OR_RETURN(p.tree_size, f.u64("tree_size", 1, std::uint64_t{1} << 40));
  CS_ASSIGN_OR_RETURN(const Json* path, f.array("path", kMaxProofLength));
  for (std::size_t i = 0; i < path->size(); ++i) {
    const Json& node = (*path)[i];
    const std::string node_where = f.path("path") + "[" + std::to_string(i) + "]";
    if (!node.is_string()) {
      return make_error(ErrorCode::kInvalidArgument, node_where + ": expected a hex string");
    }
    auto digest = digest_from_hex(node.get_ref<const std::string&>());
    if (!digest.ok()) return make_error(ErrorCode::kInvalidArgument, node_where + ": " + digest.error().message);
    p.path.push_back(*digest);
  }
  CS_RETURN_IF_ERROR(f.finish());
  return p;
}

Json inclusion_proof_to_json(const InclusionProof& p) {
  Json path = Json::array();
  for (const auto& node : p.path) path.push_back(to_hex(node));
  return Json{{"leaf_index", p.leaf_index}, {"tree_size", p.tree_size}, {"path", std::move(path)}};
}

Result<ReceiptBundle> bundle_from_json(const Json& value) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, "bundle"));
  ReceiptBundle b;
  CS_ASSIGN_OR_RETURN(std::uint64_t version, f.u64("version"));
  if (version != kBundleVersion) {
    return make_error(ErrorCode::kInvalidArgument,
                      "bundle.version: " + std::to_string(version) + " is not supported (expected " +
                          std::to_string(kBundleVersion) + ")");
  }
  CS_ASSIGN_OR_RETURN(std::string suite, f.text("suite", 1, 32));
  CS_ASSIGN_OR_RETURN(b.suite, parse_suite(suite));
  CS_ASSIGN_OR_RETURN(const Json* receipt, f.object("receipt"));
  CS_ASSIGN_OR_RETURN(b.receipt, receipt_from_json(*receipt, f.path("receipt")));
  CS_ASSIGN_OR_RETURN(Bytes sig, f.hex("issuer_signature", 8, 72));
  auto parsed_sig = Signature::parse(sig);
  if (!parsed_sig.ok()) {
    return make_error(ErrorCode::kInvalidArgument, "bundle.issuer_signature: " + parsed_sig.error().message);
  }
  b.issuer_signature = *parsed_sig;
  CS_ASSIGN_OR_RETURN(const Json* cert, f.object("issuer_certificate"));
  CS_ASSIGN_OR_RETURN(b.certificate, certificate_from_json(*cert, f.path("issuer_certificate")));
  CS_ASSIGN_OR_RETURN(const Json* proof, f.object("inclusion_proof"));
  CS_ASSIGN_OR_RETURN(b.proof, inclusion_proof_from_json(*proof, f.path("inclusion_proof")));
  CS_ASSIGN_OR_RETURN(const Json* header, f.object("header"));
  CS_ASSIGN_OR_RETURN(b.header, header_from_json(*header, f.path("header")));
  CS_ASSIGN_OR_RETURN(const Json* changes, f.array("validator_set_changes", kMaxValidatorSetChanges));
  for (std::size_t i = 0; i < changes->size(); ++i) {
    CS_ASSIGN_OR_RETURN(ValidatorSetChange change,
                        validator_set_change_from_json(
                            b.suite, (*changes)[i], f.path("validator_set_changes") + "[" + std::to_string(i) + "]"));
    b.validator_set_changes.push_back(std::move(change));
  }
  CS_RETURN_IF_ERROR(f.finish());
  return b;
}

Result<ReceiptBundle> parse_bundle(std::string_view json_text) {
  CS_ASSIGN_OR_RETURN(Json doc, parse_strict_json(json_text));
  return bundle_from_json(doc);
}

Json bundle_to_json(const ReceiptBundle& b) {
  Json changes = Json::array();
  for (const auto& c : b.validator_set_changes) changes.push_back(validator_set_change_to_json(c));
  return Json{{"version", kBundleVersion},
              {"suite", suite_name(b.suite)},
              {"receipt", receipt_to_json(b.receipt)},
              {"issuer_signature", to_hex(b.issuer_signature.raw())},
              {"issuer_certificate", certificate_to_json(b.certificate)},
              {"inclusion_proof", inclusion_proof_to_json(b.proof)},
              {"header", header_to_json(b.suite, b.header)},
              {"validator_set_changes", std::move(changes)}};
}

}  // namespace chainslip

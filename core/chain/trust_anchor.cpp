#include "core/chain/trust_anchor.h"

#include "core/chain/chain_id.h"

namespace chainslip {

Result<TrustAnchor> trust_anchor_from_json(const Json& value) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, "anchor"));
  // The anchor may name its engine (PROTOCOL 3); without the field it is chainslip's.
  if (f.has("engine")) {
    CS_ASSIGN_OR_RETURN(std::string engine, f.text("engine", 1, 32));
    if (engine != "chainslip") {
      return make_error(ErrorCode::kInvalidArgument, "anchor.engine: \"" + engine + "\" is not \"chainslip\"");
    }
  }
  CS_ASSIGN_OR_RETURN(std::string chain_id, read_chain_id(f, "chain_id"));
  CS_ASSIGN_OR_RETURN(std::string suite_text, f.text("suite", 1, 32));
  CS_ASSIGN_OR_RETURN(Suite suite, parse_suite(suite_text));
  CS_ASSIGN_OR_RETURN(std::uint64_t height, f.u64("height"));
  CS_ASSIGN_OR_RETURN(const Json* validators, f.array("validators", kMaxValidators));
  CS_ASSIGN_OR_RETURN(ValidatorSet set, validator_set_from_json(suite, *validators, f.path("validators")));
  CS_ASSIGN_OR_RETURN(Bytes authority, f.hex("authority_public_key", 65, 65));
  CS_RETURN_IF_ERROR(f.finish());
  auto key = PublicKey::from_bytes(suite, authority);
  if (!key.ok()) {
    return make_error(ErrorCode::kInvalidArgument, "anchor.authority_public_key: " + key.error().message);
  }
  return TrustAnchor{std::move(chain_id), suite, height, std::move(set), std::move(key).value()};
}

Result<TrustAnchor> parse_trust_anchor(std::string_view json_text) {
  CS_ASSIGN_OR_RETURN(Json doc, parse_strict_json(json_text));
  return trust_anchor_from_json(doc);
}

Json trust_anchor_to_json(const TrustAnchor& a) {
  return Json{{"chain_id", a.chain_id},
              {"suite", suite_name(a.suite)},
              {"height", a.height},
              {"validators", validator_set_to_json(a.validators)},
              {"authority_public_key", to_hex(a.authority_key.bytes())}};
}

}  // namespace chainslip

#include "core/chain/validator_set_change.h"

#include "core/chain/chain_id.h"
#include "core/crypto/hasher.h"
#include "core/util/canonical_writer.h"

namespace chainslip {

Bytes canonical_validator_set_change_bytes(const ValidatorSetChange& c) {
  CanonicalWriter w;
  w.text("chainslip.validator-set-change.v1")
      .text(c.chain_id)
      .u64(c.activation_height)
      .raw(c.previous_set_hash)
      .raw(c.next.hash());
  return std::move(w).data();
}

Digest validator_set_change_hash(Suite suite, const ValidatorSetChange& change) {
  return hash(suite, canonical_validator_set_change_bytes(change));
}

Result<ValidatorSetChange> validator_set_change_from_json(Suite suite, const Json& value,
                                                          const std::string& where) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, where));
  CS_ASSIGN_OR_RETURN(std::string chain_id, read_chain_id(f, "chain_id"));
  CS_ASSIGN_OR_RETURN(std::uint64_t activation_height, f.u64("activation_height"));
  CS_ASSIGN_OR_RETURN(Digest previous, f.digest("previous_set_hash"));
  CS_ASSIGN_OR_RETURN(const Json* validators, f.array("validators", kMaxValidators));
  CS_ASSIGN_OR_RETURN(ValidatorSet next, validator_set_from_json(suite, *validators, f.path("validators")));
  CS_ASSIGN_OR_RETURN(const Json* sigs, f.array("signatures", kMaxValidators));
  CS_ASSIGN_OR_RETURN(auto signatures, validator_signatures_from_json(*sigs, f.path("signatures")));
  CS_RETURN_IF_ERROR(f.finish());
  return ValidatorSetChange{std::move(chain_id), activation_height, previous, std::move(next),
                            std::move(signatures)};
}

Json validator_set_change_to_json(const ValidatorSetChange& c) {
  return Json{{"chain_id", c.chain_id},
              {"activation_height", c.activation_height},
              {"previous_set_hash", to_hex(c.previous_set_hash)},
              {"validators", validator_set_to_json(c.next)},
              {"signatures", validator_signatures_to_json(c.signatures)}};
}

}  // namespace chainslip

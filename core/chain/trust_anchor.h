#pragma once

#include <cstdint>
#include <string>

#include "core/chain/validator_set.h"

namespace chainslip {

// What a kiosk on chainslip's own chain is configured to trust, and nothing
// more: the chain, its suite, the validator set in force from `height`, and
// the finance authority's key that certifies issuers. A FISCO BCOS chain's
// anchor is fisco::TrustAnchor; core/engine/chain_engine.h reads either.
struct TrustAnchor {
  std::string chain_id;
  Suite suite;
  std::uint64_t height;
  ValidatorSet validators;
  PublicKey authority_key;
};

Result<TrustAnchor> trust_anchor_from_json(const Json& value);
Result<TrustAnchor> parse_trust_anchor(std::string_view json_text);
Json trust_anchor_to_json(const TrustAnchor& anchor);

}  // namespace chainslip

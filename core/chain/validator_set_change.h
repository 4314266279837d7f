#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/chain/validator_set.h"

namespace chainslip {

// "From activation_height on, `next` replaces the set whose hash is
// previous_set_hash", signed by more than 2/3 of that previous set.
struct ValidatorSetChange {
  std::string chain_id;
  std::uint64_t activation_height = 0;
  Digest previous_set_hash{};
  ValidatorSet next;
  std::vector<ValidatorSignature> signatures;  // by the previous set, over change_hash
};

Bytes canonical_validator_set_change_bytes(const ValidatorSetChange& change);
Digest validator_set_change_hash(Suite suite, const ValidatorSetChange& change);

Result<ValidatorSetChange> validator_set_change_from_json(Suite suite, const Json& value,
                                                          const std::string& where);
Json validator_set_change_to_json(const ValidatorSetChange& change);

}  // namespace chainslip

#pragma once

#include <cstdint>
#include <vector>

#include "core/chain/validator_set.h"
#include "core/crypto/keys.h"

namespace chainslip::sim {

// What a validator puts in a header or a set change: its signature over
// `digest`, naming itself by its id H(public key).
Result<ValidatorSignature> sign_as_validator(const PrivateKey& key, const Digest& digest);

// `count` fresh keys of `suite`.
Result<std::vector<PrivateKey>> generate_keys(Suite suite, std::size_t count);

// The set of these keys' validators, each of weight 1.
Result<ValidatorSet> equal_weight_set(Suite suite, const std::vector<PrivateKey>& keys);

}  // namespace chainslip::sim

#include "sim/chain/validator_signing.h"

#include "core/crypto/hasher.h"

namespace chainslip::sim {

Result<ValidatorSignature> sign_as_validator(const PrivateKey& key, const Digest& digest) {
  CS_ASSIGN_OR_RETURN(Signature sig, key.sign(digest));
  return ValidatorSignature{hash(key.suite(), key.public_key().bytes()), sig};
}

Result<std::vector<PrivateKey>> generate_keys(Suite suite, std::size_t count) {
  std::vector<PrivateKey> keys;
  for (std::size_t i = 0; i < count; ++i) {
    CS_ASSIGN_OR_RETURN(PrivateKey key, PrivateKey::generate(suite));
    keys.push_back(std::move(key));
  }
  return keys;
}

Result<ValidatorSet> equal_weight_set(Suite suite, const std::vector<PrivateKey>& keys) {
  std::vector<std::pair<PublicKey, std::uint64_t>> members;
  for (const auto& k : keys) members.emplace_back(k.public_key(), 1);
  return ValidatorSet::create(suite, std::move(members));
}

}  // namespace chainslip::sim

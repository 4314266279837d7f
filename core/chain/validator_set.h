#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/crypto/keys.h"
#include "core/util/strict_json.h"

namespace chainslip {

struct Validator {
  PublicKey key;
  std::uint64_t weight;
  Digest id;  // H(public key bytes): how signatures name their signer
};

// A signature by one validator, naming the validator by its id.
struct ValidatorSignature {
  Digest validator_id;
  Signature signature;
};

inline constexpr std::size_t kMaxValidators = 256;
inline constexpr std::uint64_t kMaxValidatorWeight = 1'000'000;

// The validators of a BFT consortium chain with their voting weights.
class ValidatorSet {
 public:
  // Rejects an empty set, duplicate keys, zero weights, keys of another suite.
  static Result<ValidatorSet> create(Suite suite, std::vector<std::pair<PublicKey, std::uint64_t>> members);

  Suite suite() const { return suite_; }
  const std::vector<Validator>& validators() const { return validators_; }
  std::uint64_t total_weight() const { return total_weight_; }
  const Digest& hash() const { return hash_; }  // H(canonical bytes)
  std::optional<std::size_t> find(const Digest& validator_id) const;

  // Checks that `signatures` over `message` come from distinct members of this
  // set, each valid, together holding more than 2/3 of the total weight.
  // Specific errors: kDuplicateSigner, kUnknownValidator,
  // kValidatorSignatureInvalid, kInsufficientQuorum.
  Status verify_quorum(ByteView message, const std::vector<ValidatorSignature>& signatures) const;

 private:
  ValidatorSet() = default;
  Suite suite_ = kDefaultSuite;
  std::vector<Validator> validators_;
  std::uint64_t total_weight_ = 0;
  Digest hash_{};
};

Bytes canonical_validator_set_bytes(const ValidatorSet& set);

// JSON: [{"public_key": hex, "weight": n}, ...]
Result<ValidatorSet> validator_set_from_json(Suite suite, const Json& value, const std::string& where);
Json validator_set_to_json(const ValidatorSet& set);

// JSON: [{"validator": hex id, "signature": hex (raw r||s or DER)}, ...]
Result<std::vector<ValidatorSignature>> validator_signatures_from_json(const Json& value,
                                                                       const std::string& where);
Json validator_signatures_to_json(const std::vector<ValidatorSignature>& signatures);

}  // namespace chainslip

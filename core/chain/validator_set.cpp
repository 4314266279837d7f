#include "core/chain/validator_set.h"

#include <set>

#include "core/crypto/hasher.h"
#include "core/util/canonical_writer.h"

namespace chainslip {

Result<ValidatorSet> ValidatorSet::create(Suite suite,
                                          std::vector<std::pair<PublicKey, std::uint64_t>> members) {
  if (members.empty() || members.size() > kMaxValidators) {
    return make_error(ErrorCode::kInvalidArgument,
                      "a validator set must have 1.." + std::to_string(kMaxValidators) + " validators");
  }
  ValidatorSet set;
  set.suite_ = suite;
  std::set<Digest> ids;
  for (auto& [key, weight] : members) {
    if (key.suite() != suite) {
      return make_error(ErrorCode::kSuiteMismatch, "validator key is not of suite " +
                                                       std::string(suite_name(suite)));
    }
    if (weight == 0 || weight > kMaxValidatorWeight) {
      return make_error(ErrorCode::kInvalidArgument,
                        "validator weight must be 1.." + std::to_string(kMaxValidatorWeight));
    }
    Digest id = chainslip::hash(suite, key.bytes());
    if (!ids.insert(id).second) {
      return make_error(ErrorCode::kInvalidArgument, "validator " + to_hex(id) + " is listed twice");
    }
    set.total_weight_ += weight;
    set.validators_.push_back(Validator{std::move(key), weight, id});
  }
  set.hash_ = chainslip::hash(suite, canonical_validator_set_bytes(set));
  return set;
}

std::optional<std::size_t> ValidatorSet::find(const Digest& validator_id) const {
  for (std::size_t i = 0; i < validators_.size(); ++i) {
    if (validators_[i].id == validator_id) return i;
  }
  return std::nullopt;
}

// When several rules are broken, the error is the first of this order,
// whatever the order of the list (PROTOCOL 2.3): kUnknownValidator,
// kDuplicateSigner, kValidatorSignatureInvalid, kInsufficientQuorum.
Status ValidatorSet::verify_quorum(ByteView message,
                                   const std::vector<ValidatorSignature>& signatures) const {
  // Unlike FISCO BCOS, a signer counted twice is an error, not a bonus vote,
  // and any invalid signature rejects the whole message. The checks run as
  // whole passes over the list, so the reason does not depend on the order
  // of the signatures (PROTOCOL 2.3), and nothing is verified before every
  // signer is known and distinct: at most one verification per validator.
  std::vector<std::size_t> signers;
  signers.reserve(signatures.size());
  for (const auto& sig : signatures) {
    auto index = find(sig.validator_id);
    if (!index) {
      return make_error(ErrorCode::kUnknownValidator,
                        "signature by " + to_hex(sig.validator_id) + ", who is not in the validator set " +
                            to_hex(hash_));
    }
    signers.push_back(*index);
  }
  std::vector<bool> seen(validators_.size(), false);
  for (std::size_t index : signers) {
    if (seen[index]) {
      return make_error(ErrorCode::kDuplicateSigner,
                        "validator " + to_hex(validators_[index].id) + " signed more than once");
    }
    seen[index] = true;
  }
  std::uint64_t signed_weight = 0;
  for (std::size_t i = 0; i < signatures.size(); ++i) {
    const Validator& signer = validators_[signers[i]];
    if (!signer.key.verify(message, signatures[i].signature)) {
      return make_error(ErrorCode::kValidatorSignatureInvalid,
                        "signature of validator " + to_hex(signer.id) + " does not verify");
    }
    signed_weight += signer.weight;
  }
  // > 2/3 without division: 3 * signed > 2 * total (weights are bounded, no overflow).
  if (3 * signed_weight <= 2 * total_weight_) {
    return make_error(ErrorCode::kInsufficientQuorum,
                      "signed weight " + std::to_string(signed_weight) + " of " +
                          std::to_string(total_weight_) + " is not more than 2/3");
  }
  return {};
}

Bytes canonical_validator_set_bytes(const ValidatorSet& set) {
  CanonicalWriter w;
  w.text("chainslip.validator-set.v1")
      .text(suite_name(set.suite()))
      .u32(static_cast<std::uint32_t>(set.validators().size()));
  for (const auto& v : set.validators()) w.bytes(v.key.bytes()).u64(v.weight);
  return std::move(w).data();
}

Result<ValidatorSet> validator_set_from_json(Suite suite, const Json& value, const std::string& where) {
  if (!value.is_array() || value.size() > kMaxValidators) {
    return make_error(ErrorCode::kInvalidArgument,
                      where + ": expected an array of at most " + std::to_string(kMaxValidators) +
                          " validators");
  }
  std::vector<std::pair<PublicKey, std::uint64_t>> members;
  for (std::size_t i = 0; i < value.size(); ++i) {
    CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value[i], where + "[" + std::to_string(i) + "]"));
    CS_ASSIGN_OR_RETURN(Bytes key_bytes, f.hex("public_key", 65, 65));
    CS_ASSIGN_OR_RETURN(std::uint64_t weight, f.u64("weight", 1, kMaxValidatorWeight));
    CS_RETURN_IF_ERROR(f.finish());
    auto key = PublicKey::from_bytes(suite, key_bytes);
    if (!key.ok()) {
      return make_error(ErrorCode::kInvalidArgument, f.path("public_key") + ": " + key.error().message);
    }
    members.emplace_back(std::move(key).value(), weight);
  }
  auto set = ValidatorSet::create(suite, std::move(members));
  if (!set.ok()) return make_error(set.code(), where + ": " + set.error().message);
  return set;
}

Json validator_set_to_json(const ValidatorSet& set) {
  Json out = Json::array();
  for (const auto& v : set.validators()) {
    out.push_back({{"public_key", to_hex(v.key.bytes())}, {"weight", v.weight}});
  }
  return out;
}

Result<std::vector<ValidatorSignature>> validator_signatures_from_json(const Json& value,
                                                                       const std::string& where) {
  if (!value.is_array() || value.size() > kMaxValidators) {
    return make_error(ErrorCode::kInvalidArgument,
                      where + ": expected an array of at most " + std::to_string(kMaxValidators) +
                          " signatures");
  }
  std::vector<ValidatorSignature> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value[i], where + "[" + std::to_string(i) + "]"));
    CS_ASSIGN_OR_RETURN(Digest id, f.digest("validator"));
    CS_ASSIGN_OR_RETURN(Bytes sig_bytes, f.hex("signature", 8, 72));
    CS_RETURN_IF_ERROR(f.finish());
    auto sig = Signature::parse(sig_bytes);
    if (!sig.ok()) {
      return make_error(ErrorCode::kInvalidArgument, f.path("signature") + ": " + sig.error().message);
    }
    out.push_back(ValidatorSignature{id, *sig});
  }
  return out;
}

Json validator_signatures_to_json(const std::vector<ValidatorSignature>& signatures) {
  Json out = Json::array();
  for (const auto& s : signatures) {
    out.push_back({{"validator", to_hex(s.validator_id)}, {"signature", to_hex(s.signature.raw())}});
  }
  return out;
}

}  // namespace chainslip

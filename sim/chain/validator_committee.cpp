#include "sim/chain/validator_committee.h"

#include <utility>

#include "sim/chain/validator_signing.h"

namespace chainslip::sim {
namespace {

Result<std::vector<SimValidator>> fresh_validators(Suite suite, std::size_t count) {
  if (count == 0 || count > kMaxValidators) {
    return make_error(ErrorCode::kInvalidArgument, "validator count out of range");
  }
  CS_ASSIGN_OR_RETURN(std::vector<PrivateKey> keys, generate_keys(suite, count));
  std::vector<SimValidator> out;
  for (auto& key : keys) out.push_back(SimValidator{std::move(key), 1});
  return out;
}

Result<ValidatorSet> set_of(Suite suite, const std::vector<SimValidator>& validators) {
  std::vector<std::pair<PublicKey, std::uint64_t>> members;
  for (const auto& v : validators) members.emplace_back(v.key.public_key(), v.weight);
  return ValidatorSet::create(suite, std::move(members));
}

}  // namespace

ValidatorCommittee::ValidatorCommittee(Suite suite, std::string chain_id, Epoch genesis)
    : suite_(suite), chain_id_(std::move(chain_id)) {
  epochs_.push_back(std::move(genesis));
}

Result<ValidatorCommittee> ValidatorCommittee::create(Suite suite, std::string chain_id, std::size_t count) {
  CS_ASSIGN_OR_RETURN(auto validators, fresh_validators(suite, count));
  CS_ASSIGN_OR_RETURN(ValidatorSet set, set_of(suite, validators));
  return ValidatorCommittee(suite, std::move(chain_id), Epoch{0, std::move(validators), std::move(set)});
}

const ValidatorCommittee::Epoch& ValidatorCommittee::epoch_at(std::uint64_t height) const {
  const Epoch* e = &epochs_.front();
  for (const auto& epoch : epochs_) {
    if (epoch.activation_height <= height) e = &epoch;
  }
  return *e;
}

const std::vector<SimValidator>& ValidatorCommittee::validators_at(std::uint64_t height) const {
  return epoch_at(height).validators;
}

std::vector<ValidatorSetChange> ValidatorCommittee::changes_through(std::uint64_t height) const {
  std::vector<ValidatorSetChange> out;
  for (const auto& c : changes_) {
    if (c.activation_height <= height) out.push_back(c);
  }
  return out;
}

Result<BlockHeader> ValidatorCommittee::seal(const Digest& tx_root, std::uint64_t tx_count,
                                             std::uint64_t timestamp_ms) {
  BlockHeader header;
  header.chain_id = chain_id_;
  header.height = height_ + 1;
  header.timestamp_ms = timestamp_ms;
  header.parent_hash = last_header_hash_;
  header.tx_root = tx_root;
  header.tx_count = tx_count;
  const Epoch& epoch = epoch_at(header.height);
  header.validator_set_hash = epoch.set.hash();
  CS_ASSIGN_OR_RETURN(header.signatures, sign_header_by_first(header, epoch.validators.size()));
  last_header_hash_ = header_hash(suite_, header);
  height_ = header.height;
  return header;
}

Result<ValidatorSignature> ValidatorCommittee::sign_header(const BlockHeader& header, std::size_t index) const {
  return sign_as_validator(validators_at(header.height).at(index).key, header_hash(suite_, header));
}

Result<std::vector<ValidatorSignature>> ValidatorCommittee::sign_header_by_first(const BlockHeader& header,
                                                                                 std::size_t count) const {
  const auto& validators = validators_at(header.height);
  const Digest digest = header_hash(suite_, header);
  std::vector<ValidatorSignature> out;
  for (std::size_t i = 0; i < count && i < validators.size(); ++i) {
    CS_ASSIGN_OR_RETURN(ValidatorSignature sig, sign_as_validator(validators[i].key, digest));
    out.push_back(sig);
  }
  return out;
}

Status ValidatorCommittee::rotate(std::size_t count) {
  const std::uint64_t activation = height_ + 1;
  if (count == 0 || count > kMaxValidators) {
    return make_error(ErrorCode::kInvalidArgument, "validator count out of range");
  }
  const Epoch& previous = epochs_.back();
  if (previous.activation_height >= activation) {
    return make_error(ErrorCode::kFailedPrecondition,
                      "a validator-set change already takes effect at the next block");
  }
  CS_ASSIGN_OR_RETURN(auto validators, fresh_validators(suite_, count));
  CS_ASSIGN_OR_RETURN(ValidatorSet next, set_of(suite_, validators));
  ValidatorSetChange change{chain_id_, activation, previous.set.hash(), next, {}};
  const Digest digest = validator_set_change_hash(suite_, change);
  for (const auto& v : previous.validators) {
    CS_ASSIGN_OR_RETURN(ValidatorSignature sig, sign_as_validator(v.key, digest));
    change.signatures.push_back(sig);
  }
  changes_.push_back(std::move(change));
  epochs_.push_back(Epoch{activation, std::move(validators), std::move(next)});
  return {};
}

}  // namespace chainslip::sim

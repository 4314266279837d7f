#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/chain/block_header.h"
#include "core/chain/validator_set.h"
#include "core/chain/validator_set_change.h"
#include "core/crypto/keys.h"

namespace chainslip::sim {

struct SimValidator {
  PrivateKey key;
  std::uint64_t weight;
};

// The validators of a simulated chain: the genesis set (the trust anchor's),
// each validator-set change that replaced it (signed by the set it
// replaces), and the headers they seal, each linked to the one before. It
// holds every validator's private key, so tests and the lying node can also
// sign what the chain never sealed. Not thread-safe (ChainNode holds it under
// its mutex).
//
// Every validator has weight 1. A change takes effect at the block after the
// last sealed one; there is at most one change per height.
class ValidatorCommittee {
 public:
  // `count` fresh validators in force from height 0.
  static Result<ValidatorCommittee> create(Suite suite, std::string chain_id, std::size_t count);

  Suite suite() const { return suite_; }
  const std::string& chain_id() const { return chain_id_; }
  const ValidatorSet& genesis_set() const { return epochs_.front().set; }
  // The last sealed header's height (0: none yet) and hash (zero: none yet).
  std::uint64_t height() const { return height_; }
  const Digest& last_header_hash() const { return last_header_hash_; }

  // The validators in force at `height`, and the latest set (the one that
  // seals the next block, once a rotation is pending).
  const std::vector<SimValidator>& validators_at(std::uint64_t height) const;
  const std::vector<SimValidator>& validators() const { return epochs_.back().validators; }
  std::size_t validator_count_at(std::uint64_t height) const { return validators_at(height).size(); }

  // Every change so far, and those in force by `height` (a bundle at that
  // height carries these).
  const std::vector<ValidatorSetChange>& changes() const { return changes_; }
  std::vector<ValidatorSetChange> changes_through(std::uint64_t height) const;

  // The next header: height() + 1, linked to the last one, over `tx_root` of
  // `tx_count` transactions, naming and signed by every validator in force
  // at its height. It becomes the last header.
  Result<BlockHeader> seal(const Digest& tx_root, std::uint64_t tx_count, std::uint64_t timestamp_ms);

  // A signature over `header` as validator `index`, and by the first `count`
  // validators (all when there are fewer), of the set in force at
  // header.height.
  Result<ValidatorSignature> sign_header(const BlockHeader& header, std::size_t index) const;
  Result<std::vector<ValidatorSignature>> sign_header_by_first(const BlockHeader& header, std::size_t count) const;

  // From the next block on, `count` fresh validators replace the latest set,
  // approved by it (the change is signed by all of it). kInvalidArgument for
  // a count out of 1..kMaxValidators, kFailedPrecondition when a change
  // already takes effect at the next block.
  Status rotate(std::size_t count);

 private:
  struct Epoch {
    std::uint64_t activation_height;
    std::vector<SimValidator> validators;
    ValidatorSet set;
  };
  ValidatorCommittee(Suite suite, std::string chain_id, Epoch genesis);
  const Epoch& epoch_at(std::uint64_t height) const;

  Suite suite_;
  std::string chain_id_;
  std::vector<Epoch> epochs_;  // by activation height, the genesis one first
  std::vector<ValidatorSetChange> changes_;
  std::uint64_t height_ = 0;
  Digest last_header_hash_{};
};

}  // namespace chainslip::sim

#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/bundle/receipt_bundle.h"
#include "core/chain/trust_anchor.h"
#include "core/crypto/keys.h"
#include "sim/chain/sim_chain.h"
#include "sim/chain/validator_committee.h"

namespace chainslip::sim {

struct SimIssuer {
  std::string id;
  std::string name;
  PrivateKey key;
  IssuerCertificate certificate;
};

// A consortium chain in memory: a finance authority certifying issuers, and
// its validators (a ValidatorCommittee) sealing blocks of issuance
// transactions and rotating. It holds every private key, so tests can also
// forge with them.
class ChainBuilder {
 public:
  using Options = SimChainOptions;

  static Result<ChainBuilder> create(const Options& options);

  Suite suite() const { return anchor_.suite; }
  const TrustAnchor& anchor() const { return anchor_; }
  const PrivateKey& authority_key() const { return authority_; }
  // The latest validator set (the one that seals the next block).
  const std::vector<SimValidator>& validators() const { return committee_.validators(); }
  const std::vector<SimIssuer>& issuers() const { return issuers_; }
  const std::vector<ValidatorSetChange>& validator_set_changes() const { return committee_.changes(); }
  std::uint64_t height() const { return committee_.height(); }

  // Certifies a new issuer; returns its index.
  Result<std::size_t> add_issuer(const std::string& id, const std::string& name,
                                 std::uint64_t not_before, std::uint64_t not_after);

  // Signs each receipt with its issuer's key, seals them into one block at
  // `timestamp_ms` signed by every current validator, and returns one bundle
  // per receipt (carrying every validator-set change since the anchor).
  struct Issue {
    std::size_t issuer;
    Receipt receipt;
  };
  Result<std::vector<ReceiptBundle>> seal_block(const std::vector<Issue>& issues, std::uint64_t timestamp_ms);

  // Replaces the validator set with `count` fresh validators from the next
  // block on, approved by the current set (ValidatorCommittee::rotate).
  Status rotate_validators(std::size_t count) { return committee_.rotate(count); }

  // Signs a header as validator `index` of the set in force at its height.
  Result<ValidatorSignature> sign_header(std::size_t index, const BlockHeader& header) const {
    return committee_.sign_header(header, index);
  }

 private:
  ChainBuilder(TrustAnchor anchor, PrivateKey authority, ValidatorCommittee committee)
      : anchor_(std::move(anchor)), authority_(std::move(authority)), committee_(std::move(committee)) {}

  TrustAnchor anchor_;
  PrivateKey authority_;
  ValidatorCommittee committee_;
  std::vector<SimIssuer> issuers_;
};

}  // namespace chainslip::sim

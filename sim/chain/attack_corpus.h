#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/bundle/receipt_bundle.h"
#include "core/chain/trust_anchor.h"
#include "core/chain/validator_set_change.h"

namespace chainslip::sim {

// One bundle of the security corpus (docs/SECURITY.md) and what a verifier
// must say of it: nullopt = a genuine bundle that verifies.
struct AttackCase {
  std::string name;      // unique; the file name
  std::string category;  // valid, forged-receipt, tampered-proof, forged-header,
                         // forked-header, validator-set-change, cross-chain
  std::string what;      // the attack in one line
  ReceiptBundle bundle;
  // For a verifier that holds AttackCorpus::known_changes (a kiosk that has
  // seen the chain's rotation) ...
  std::optional<ErrorCode> expected;
  // ... and for one that knows only the anchor (`chainslip verify` without
  // --known-changes). They differ only where a retired validator set is
  // involved (PROTOCOL 5.1).
  std::optional<ErrorCode> expected_stateless;
};

struct AttackCorpus {
  TrustAnchor anchor;
  std::vector<ValidatorSetChange> known_changes;  // the chain's one rotation, at height 2
  std::uint64_t now_ms = 0;                       // verify as of this time
  std::vector<AttackCase> cases;
};

// A chain of two blocks (height 1 by the anchor's validators, then a
// rotation to four new ones, height 2 by them) and every way of lying about
// its receipts that the corpus covers: forged receipts, tampered proofs,
// forged and forked headers, validator-set change attacks, cross-chain
// replays, plus the genuine bundles as controls. Fresh keys on every call.
Result<AttackCorpus> build_attack_corpus(Suite suite);

}  // namespace chainslip::sim

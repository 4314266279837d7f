#pragma once

#include <string>
#include <vector>

#include "core/bundle/receipt_bundle.h"
#include "sim/chain/chain_builder.h"

namespace chainslip::sim {

// One way of lying about a receipt, and the reason a verifier must give.
struct Forgery {
  std::string name;
  std::string category;  // forged-receipt, tampered-proof, forged-header, cross-chain
  ErrorCode expected;
  ReceiptBundle bundle;
};

// Tampered variants of a valid bundle sealed by `chain` (the bundle's block
// must hold at least two transactions, so its proof is not empty): a changed
// receipt, a corrupted proof, a forged or under-signed header, a wrong chain,
// a bogus claimed hash, a bad certificate. Used by the tests and by
// `chainslip-sim make-demo` (never by the kiosk's own programs).
Result<std::vector<Forgery>> forge_variants(const ChainBuilder& chain, const ReceiptBundle& valid);

}  // namespace chainslip::sim

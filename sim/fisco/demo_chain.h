#pragma once

#include <string>
#include <vector>

#include "core/engine/fisco_bcos/receipt_bundle.h"
#include "core/engine/fisco_bcos/trust_anchor.h"

namespace chainslip::sim::fisco {

// A lie about an issuance and the reason a verifier must give for it.
struct DemoLie {
  std::string name;  // "corrupted-signature", ...
  ErrorCode expected;
  chainslip::fisco::ReceiptBundle bundle;
};

// A small FISCO BCOS 3.x chain with e-receipts on it, the same on every run
// (its keys come from fixed seeds): four sealers, three receipts issued in
// block 1, a fifth sealer joining, two more receipts in block 2 (their
// bundles carry the change), and seven lies about them. For
// `chainslip-sim make-demo --engine fisco-bcos` and the fuzz seeds.
struct DemoChain {
  chainslip::fisco::TrustAnchor anchor;
  std::vector<chainslip::fisco::ReceiptBundle> valid;
  std::vector<DemoLie> lies;
  std::string chain_name;  // "chain0/group0"
};

Result<DemoChain> make_demo_chain(chainslip::fisco::ChainCrypto crypto);

}  // namespace chainslip::sim::fisco

#pragma once

#include <string>

#include "core/engine/fisco_bcos/registry_call.h"
#include "sim/fisco/fisco_chain.h"

namespace chainslip::sim::fisco {

// A transaction making `call` on the e-receipt registry at `registry`
// (docs/PROTOCOL.md 11.7), its input encoded with encode_registry_call()
// for the chain's crypto and signed by `signer`, which becomes its sender:
// the issuer for issue and reverse, a kiosk for convert and voidCopy, the
// finance authority for post.
Result<chainslip::fisco::Transaction> registry_transaction(FiscoChain& chain, const FiscoAccount& signer,
                                                           const chainslip::fisco::Address& registry,
                                                           const chainslip::fisco::RegistryCall& call);

// The issuance: issue(bytes32 receipt_hash, string code, string number).
Result<chainslip::fisco::Transaction> issue_transaction(FiscoChain& chain, const FiscoAccount& issuer,
                                                        const chainslip::fisco::Address& registry,
                                                        const Digest& receipt_hash, std::string code,
                                                        std::string number);

}  // namespace chainslip::sim::fisco

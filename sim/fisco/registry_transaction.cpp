#include "sim/fisco/registry_transaction.h"

namespace chainslip::sim::fisco {

Result<chainslip::fisco::Transaction> registry_transaction(FiscoChain& chain, const FiscoAccount& signer,
                                                           const chainslip::fisco::Address& registry,
                                                           const chainslip::fisco::RegistryCall& call) {
  CS_ASSIGN_OR_RETURN(Bytes input, chainslip::fisco::encode_registry_call(chain.crypto(), call));
  return chain.transaction(signer, "0x" + to_hex(registry), std::move(input));
}

Result<chainslip::fisco::Transaction> issue_transaction(FiscoChain& chain, const FiscoAccount& issuer,
                                                        const chainslip::fisco::Address& registry,
                                                        const Digest& receipt_hash, std::string code,
                                                        std::string number) {
  return registry_transaction(
      chain, issuer, registry,
      chainslip::fisco::RegistryIssue{receipt_hash, std::move(code), std::move(number)});
}

}  // namespace chainslip::sim::fisco

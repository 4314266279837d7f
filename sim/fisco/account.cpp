#include "sim/fisco/account.h"

#include "core/engine/fisco_bcos/object_hash.h"
#include "core/engine/fisco_bcos/transaction_check.h"

namespace chainslip::sim::fisco {

Result<FiscoAccount> FiscoAccount::from_seed(ChainCrypto crypto, std::string_view seed) {
  CS_ASSIGN_OR_RETURN(ChainKey key, ChainKey::from_seed(crypto, seed));
  const auto address = chainslip::fisco::account_of(crypto, key.public_key());
  return FiscoAccount(std::move(key), address);
}

std::string FiscoAccount::address_text() const { return "0x" + to_hex(address_); }

Status FiscoAccount::sign(chainslip::fisco::Transaction& tx) const {
  const Digest hash = chainslip::fisco::transaction_hash(key_.crypto(), tx);
  CS_ASSIGN_OR_RETURN(tx.signature, key_.sign_transaction_hash(hash));
  tx.from = address_;
  tx.stated_hash = hash;
  return {};
}

}  // namespace chainslip::sim::fisco

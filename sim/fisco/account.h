#pragma once

#include <string_view>

#include "core/engine/fisco_bcos/transaction.h"
#include "sim/fisco/chain_key.h"

namespace chainslip::sim::fisco {

// An account on a FISCO BCOS chain (an issuer, a kiosk, the finance
// authority): its key and the address the chain derives from it
// (account_of()).
class FiscoAccount {
 public:
  static Result<FiscoAccount> from_seed(ChainCrypto crypto, std::string_view seed);

  const ChainKey& key() const { return key_; }
  const chainslip::fisco::Address& address() const { return address_; }
  std::string address_text() const;  // "0x" and 40 lowercase hex digits, as a transaction's `to` names it

  // Signs `tx` as this account: its hash is recomputed from its fields and
  // stated, and its signature and `from` set, so check_transaction() holds.
  Status sign(chainslip::fisco::Transaction& tx) const;

 private:
  FiscoAccount(ChainKey key, chainslip::fisco::Address address) : key_(std::move(key)), address_(address) {}
  ChainKey key_;
  chainslip::fisco::Address address_;
};

}  // namespace chainslip::sim::fisco

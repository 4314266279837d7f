#pragma once

// What the tests of sim/fisco share: both chain cryptos as a test
// parameter, sealers and accounts from fixed seeds, and a chain of them.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/fisco/account.h"
#include "sim/fisco/chain_key.h"
#include "sim/fisco/fisco_chain.h"

namespace chainslip::test {

using sim::fisco::ChainCrypto;

inline constexpr ChainCrypto kBothChainCryptos[] = {ChainCrypto::kKeccak256Secp256k1, ChainCrypto::kSm3Sm2};

// A parameterized test's name for a crypto: "Keccak", "Sm3".
inline std::string crypto_test_name(const ::testing::TestParamInfo<ChainCrypto>& crypto) {
  return crypto.param == ChainCrypto::kSm3Sm2 ? "Sm3" : "Keccak";
}

inline sim::fisco::ChainKey seeded_key(ChainCrypto crypto, const std::string& seed) {
  auto key = sim::fisco::ChainKey::from_seed(crypto, seed);
  EXPECT_TRUE(key.ok()) << (key.ok() ? "" : key.error().message);
  return std::move(key).value();
}

inline sim::fisco::FiscoAccount seeded_account(ChainCrypto crypto, const std::string& seed) {
  auto account = sim::fisco::FiscoAccount::from_seed(crypto, seed);
  EXPECT_TRUE(account.ok()) << (account.ok() ? "" : account.error().message);
  return std::move(account).value();
}

// Sealers "<prefix>0".."<prefix>N-1", each of weight 1.
inline std::vector<sim::fisco::FiscoSealer> seeded_sealers(ChainCrypto crypto, std::size_t count,
                                                           const std::string& prefix = "sealer") {
  std::vector<sim::fisco::FiscoSealer> sealers;
  for (std::size_t i = 0; i < count; ++i)
    sealers.push_back({seeded_key(crypto, prefix + std::to_string(i)), 1});
  return sealers;
}

inline sim::fisco::FiscoChain seeded_chain(ChainCrypto crypto, std::size_t sealer_count = 4) {
  auto chain = sim::fisco::FiscoChain::create(crypto, seeded_sealers(crypto, sealer_count));
  EXPECT_TRUE(chain.ok()) << (chain.ok() ? "" : chain.error().message);
  return std::move(chain).value();
}

// `count` transactions from `from` to a fixed contract, each with its own input.
inline std::vector<fisco::Transaction> some_transactions(sim::fisco::FiscoChain& chain,
                                                         const sim::fisco::FiscoAccount& from,
                                                         std::size_t count) {
  std::vector<fisco::Transaction> txs;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string input = "call " + std::to_string(i);
    auto tx = chain.transaction(from, "0x41a1281dba209614f2ada8ecc75fd957ad179d7b",
                                Bytes(input.begin(), input.end()));
    EXPECT_TRUE(tx.ok()) << (tx.ok() ? "" : tx.error().message);
    if (tx.ok()) txs.push_back(std::move(tx).value());
  }
  return txs;
}

}  // namespace chainslip::test

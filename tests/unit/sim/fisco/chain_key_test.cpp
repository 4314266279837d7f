// Sealer and account keys of sim/fisco (chain_key.h, secp256k1_key.h,
// account.h), checked by core's FISCO verifier for both chain cryptos.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/engine/fisco_bcos/object_hash.h"
#include "core/engine/fisco_bcos/sealer_signature.h"
#include "core/engine/fisco_bcos/secp256k1_recovery.h"
#include "core/engine/fisco_bcos/transaction_check.h"
#include "sim/fisco/secp256k1_key.h"
#include "tests/support/fisco_sim_chain.h"

namespace chainslip::test {
namespace {

class ChainKeyTest : public ::testing::TestWithParam<ChainCrypto> {};

Digest some_hash(ChainCrypto crypto, const std::string& text) {
  return fisco::chain_hash(crypto, as_bytes(text));
}

TEST_P(ChainKeyTest, ASealerSignatureVerifiesAgainstItsNodeId) {
  const auto key = seeded_key(GetParam(), "a");
  ASSERT_EQ(key.public_key().size(), fisco::kNodeIdBytes);
  for (int i = 0; i < 8; ++i) {
    const Digest hash = some_hash(GetParam(), "header " + std::to_string(i));
    auto signature = key.sign_header_hash(hash);
    ASSERT_TRUE(signature.ok()) << signature.error().message;
    EXPECT_EQ(signature->size(), GetParam() == ChainCrypto::kSm3Sm2 ? 64u : 65u);
    EXPECT_TRUE(fisco::verify_sealer_signature(GetParam(), key.public_key(), hash, *signature).ok());
    // Another sealer, or another hash, does not verify.
    EXPECT_EQ(
        fisco::verify_sealer_signature(GetParam(), seeded_key(GetParam(), "b").public_key(), hash, *signature)
            .code(),
        ErrorCode::kValidatorSignatureInvalid);
    EXPECT_EQ(fisco::verify_sealer_signature(GetParam(), key.public_key(), some_hash(GetParam(), "other"),
                                             *signature)
                  .code(),
              ErrorCode::kValidatorSignatureInvalid);
  }
}

TEST_P(ChainKeyTest, ATransactionSignatureNamesItsAccount) {
  const auto account = seeded_account(GetParam(), "issuer");
  EXPECT_EQ(account.address(), fisco::account_of(GetParam(), account.key().public_key()));
  const Digest hash = some_hash(GetParam(), "transaction");
  auto signature = account.key().sign_transaction_hash(hash);
  ASSERT_TRUE(signature.ok()) << signature.error().message;
  EXPECT_EQ(signature->size(), GetParam() == ChainCrypto::kSm3Sm2 ? 128u : 65u);
  auto signer = fisco::transaction_signer(GetParam(), hash, *signature);
  ASSERT_TRUE(signer.ok()) << signer.error().message;
  EXPECT_EQ(*signer, account.address());
  EXPECT_EQ(account.address_text(), "0x" + to_hex(account.address()));
}

TEST_P(ChainKeyTest, ASignedTransactionPassesCheckTransaction) {
  const auto account = seeded_account(GetParam(), "kiosk");
  fisco::Transaction tx;
  tx.chain_id = "chain0";
  tx.group_id = "group0";
  tx.block_limit = 500;
  tx.nonce = "12345";
  tx.to = "0x41a1281dba209614f2ada8ecc75fd957ad179d7b";
  tx.input = {1, 2, 3};
  ASSERT_TRUE(account.sign(tx).ok());
  EXPECT_EQ(tx.from, account.address());
  auto hash = fisco::check_transaction(GetParam(), tx);
  ASSERT_TRUE(hash.ok()) << hash.error().message;
  EXPECT_EQ(*hash, fisco::transaction_hash(GetParam(), tx));
}

TEST_P(ChainKeyTest, TheSameSeedGivesTheSameKey) {
  EXPECT_EQ(seeded_key(GetParam(), "s").public_key(), seeded_key(GetParam(), "s").public_key());
  EXPECT_NE(seeded_key(GetParam(), "s").public_key(), seeded_key(GetParam(), "t").public_key());
}

INSTANTIATE_TEST_SUITE_P(BothCryptos, ChainKeyTest, ::testing::ValuesIn(kBothChainCryptos), crypto_test_name);

// libsecp256k1 signs with s <= n/2, and so does the simulator.
TEST(Secp256k1KeyTest, SignaturesAreLowSAndRecoverTheKey) {
  const Bytes half_n = *from_hex("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0");
  const auto key = seeded_key(ChainCrypto::kKeccak256Secp256k1, "low-s");
  for (int i = 0; i < 32; ++i) {
    const Digest hash = some_hash(ChainCrypto::kKeccak256Secp256k1, "digest " + std::to_string(i));
    auto signature = key.sign_header_hash(hash);
    ASSERT_TRUE(signature.ok());
    EXPECT_FALSE(std::lexicographical_compare(half_n.begin(), half_n.end(), signature->begin() + 32,
                                              signature->begin() + 64));
    EXPECT_LE((*signature)[64], 3);
    auto recovered = fisco::recover_secp256k1_public_key(hash, *signature);
    ASSERT_TRUE(recovered.ok());
    EXPECT_EQ(*recovered, key.public_key());
  }
}

TEST(Secp256k1KeyTest, AScalarOutsideTheCurveOrderIsRefused) {
  EXPECT_EQ(sim::fisco::Secp256k1Key::from_scalar(Bytes(32, 0)).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(sim::fisco::Secp256k1Key::from_scalar(Bytes(32, 0xff)).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(sim::fisco::Secp256k1Key::from_scalar(Bytes(31, 1)).code(), ErrorCode::kInvalidArgument);
  // The key of scalar 1 is the generator G.
  Bytes one(32, 0);
  one[31] = 1;
  auto g = sim::fisco::Secp256k1Key::from_scalar(one);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(to_hex(g->public_key()),
            "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
            "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8");
}

}  // namespace
}  // namespace chainslip::test

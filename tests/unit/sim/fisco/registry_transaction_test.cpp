// Registry transactions (sim/fisco/registry_transaction.h): the call
// decodes to what was encoded, the issuer is the sender, and the
// transaction seals and verifies, for both chain cryptos.
#include "sim/fisco/registry_transaction.h"

#include <gtest/gtest.h>

#include "core/engine/fisco_bcos/inclusion.h"
#include "core/engine/fisco_bcos/registry_call.h"
#include "core/engine/fisco_bcos/transaction_check.h"
#include "tests/support/fisco_sim_chain.h"

namespace chainslip::test {
namespace {

class RegistryTransactionTest : public ::testing::TestWithParam<ChainCrypto> {
 protected:
  fisco::Address registry() const {
    fisco::Address a{};
    a.fill(0x5e);
    return a;
  }
};

TEST_P(RegistryTransactionTest, TheIssuanceDecodesToItsValuesAndIsTheIssuers) {
  const ChainCrypto crypto = GetParam();
  auto chain = seeded_chain(crypto);
  const auto issuer = seeded_account(crypto, "issuer 33010126");
  const Digest receipt_hash = fisco::chain_hash(crypto, as_bytes("canonical receipt bytes"));
  auto tx = sim::fisco::issue_transaction(chain, issuer, registry(), receipt_hash, "33010126", "0000000001");
  ASSERT_TRUE(tx.ok()) << tx.error().message;
  EXPECT_EQ(tx->to, "0x" + to_hex(registry()));

  auto call = fisco::decode_registry_call(crypto, tx->input);
  ASSERT_TRUE(call.ok()) << call.error().message;
  EXPECT_EQ(*call, fisco::RegistryCall(fisco::RegistryIssue{receipt_hash, "33010126", "0000000001"}));

  auto hash = fisco::check_transaction(crypto, *tx);
  ASSERT_TRUE(hash.ok()) << hash.error().message;
  auto sender = fisco::transaction_signer(crypto, *hash, tx->signature);
  ASSERT_TRUE(sender.ok());
  EXPECT_EQ(*sender, issuer.address());

  auto block = chain.seal_block({*tx});
  ASSERT_TRUE(block.ok());
  EXPECT_TRUE(fisco::verify_transaction_in_header(crypto, block->transactions[0], block->header).ok());
  EXPECT_TRUE(fisco::verify_receipt_in_header(crypto, block->receipts[0], block->header).ok());
}

TEST_P(RegistryTransactionTest, EveryCallIsSignedByItsMaker) {
  const ChainCrypto crypto = GetParam();
  auto chain = seeded_chain(crypto);
  const auto kiosk = seeded_account(crypto, "kiosk 7");
  const fisco::RegistryCall calls[] = {
      fisco::RegistryConvert{"33010126", "0000000001", Digest{}, "P3301", "00000042", "refund", "kiosk 7",
                             1767225600, 1},
      fisco::RegistryVoid{"33010126", "0000000001", "P3301", "00000042", "jam", "kiosk 7", 1767225601, 2},
      fisco::RegistryPost{"33010126", "0000000001", 1767225602, "finance"},
      fisco::RegistryReverse{"33010126", "0000000001", 1767225603, "wrong amount"},
  };
  for (const auto& call : calls) {
    auto tx = sim::fisco::registry_transaction(chain, kiosk, registry(), call);
    ASSERT_TRUE(tx.ok()) << tx.error().message;
    auto decoded = fisco::decode_registry_call(crypto, tx->input);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, call) << fisco::registry_call_name(call);
    EXPECT_EQ(tx->from, kiosk.address());
    EXPECT_TRUE(fisco::check_transaction(crypto, *tx).ok());
  }
}

TEST_P(RegistryTransactionTest, TextThatIsNoUtf8IsRefused) {
  auto chain = seeded_chain(GetParam());
  const auto issuer = seeded_account(GetParam(), "issuer");
  EXPECT_EQ(sim::fisco::issue_transaction(chain, issuer, registry(), Digest{}, "\xff", "1").code(),
            ErrorCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(BothCryptos, RegistryTransactionTest, ::testing::ValuesIn(kBothChainCryptos),
                         crypto_test_name);

}  // namespace
}  // namespace chainslip::test

// The lies of sim/fisco/lies.h, each refused by core's FISCO verifier with
// the ErrorCode it names, for both chain cryptos.
#include "sim/fisco/lies.h"

#include <gtest/gtest.h>

#include "core/engine/fisco_bcos/header_verifier.h"
#include "core/engine/fisco_bcos/inclusion.h"
#include "core/engine/fisco_bcos/light_client.h"
#include "core/engine/fisco_bcos/parent_link.h"
#include "core/engine/fisco_bcos/transaction_check.h"
#include "tests/support/fisco_sim_chain.h"

namespace chainslip::test {
namespace {

using sim::fisco::ChainKey;

class FiscoLiesTest : public ::testing::TestWithParam<ChainCrypto> {
 protected:
  void SetUp() override {
    auto sealed = chain_.seal_block(some_transactions(chain_, sender_, 3));
    ASSERT_TRUE(sealed.ok()) << sealed.error().message;
    block_ = *sealed;
    ASSERT_TRUE(fisco::verify_sealed_header(crypto(), block_.header).ok());
  }
  ChainCrypto crypto() const { return GetParam(); }
  std::vector<ChainKey> outsiders(std::size_t count) const {
    std::vector<ChainKey> keys;
    for (const auto& sealer : seeded_sealers(crypto(), count, "outsider")) keys.push_back(sealer.key);
    return keys;
  }

  const sim::fisco::FiscoAccount sender_ = seeded_account(GetParam(), "sender");
  sim::fisco::FiscoChain chain_ = seeded_chain(GetParam());
  sim::fisco::FiscoBlock block_;
};

TEST_P(FiscoLiesTest, ACorruptedSignatureIsRefused) {
  for (std::size_t i = 0; i < block_.header.signatures.size(); ++i) {
    EXPECT_EQ(
        fisco::verify_sealed_header(crypto(), sim::fisco::with_corrupted_signature(block_.header, i)).code(),
        ErrorCode::kValidatorSignatureInvalid);
  }
}

TEST_P(FiscoLiesTest, SignaturesByOutsidersUnderTheTrustedListAreRefused) {
  auto lie = sim::fisco::signed_by_outsiders(crypto(), block_.header, outsiders(3));
  ASSERT_TRUE(lie.ok()) << lie.error().message;
  EXPECT_EQ(lie->sealer_list, block_.header.sealer_list);
  EXPECT_EQ(fisco::verify_sealed_header(crypto(), *lie).code(), ErrorCode::kValidatorSignatureInvalid);
  EXPECT_EQ(sim::fisco::signed_by_outsiders(crypto(), block_.header, outsiders(2)).code(),
            ErrorCode::kInvalidArgument);
}

// Self-consistent, so only the trusted sealer list (the light client's) or
// the chain it breaks off from can refuse it.
TEST_P(FiscoLiesTest, AForgedSealerListIsAnotherBlockTheChainDoesNotFollow) {
  auto lie = sim::fisco::with_forged_sealer_list(crypto(), block_.header, outsiders(4));
  ASSERT_TRUE(lie.ok()) << lie.error().message;
  EXPECT_NE(lie->sealer_list, block_.header.sealer_list);
  EXPECT_TRUE(fisco::verify_sealed_header(crypto(), *lie).ok());
  EXPECT_TRUE(fisco::check_parent_link(crypto(), chain_.blocks()[0].header, *lie).ok());
  auto next = chain_.seal_block(some_transactions(chain_, sender_, 1));
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE(fisco::check_parent_link(crypto(), block_.header, next->header).ok());
  EXPECT_EQ(fisco::check_parent_link(crypto(), *lie, next->header).code(), ErrorCode::kParentMismatch);

  fisco::TrustAnchor anchor;
  anchor.crypto = crypto();
  anchor.sealers = fisco::sealer_list_of(block_.header);
  fisco::LightClient client(anchor);
  const HeaderCheckOptions now{.now_ms = static_cast<std::uint64_t>(lie->timestamp) + 1000};
  EXPECT_TRUE(client.verify_header(block_.header, now).ok());
  EXPECT_EQ(client.verify_header(*lie, now).code(), ErrorCode::kValidatorSetMismatch);
  auto change = client.accept(fisco::SealerListChange{{*lie}});
  EXPECT_EQ(change.code(), ErrorCode::kValidatorSetChangeInvalid);
  EXPECT_NE(change.error().message.find("weight 0 of the list in force"), std::string::npos) << change.error().message;
}

TEST_P(FiscoLiesTest, AProofToAnotherRootIsRefused) {
  fisco::Transaction tx = block_.transactions[1];
  tx.proof = sim::fisco::proof_to_another_root(crypto(), tx.stated_hash);
  EXPECT_EQ(fisco::verify_transaction_in_header(crypto(), tx, block_.header).code(),
            ErrorCode::kInclusionProofInvalid);
  fisco::TransactionReceipt rc = block_.receipts[2];
  rc.proof = sim::fisco::proof_to_another_root(crypto(), rc.stated_hash);
  EXPECT_EQ(fisco::verify_receipt_in_header(crypto(), rc, block_.header).code(),
            ErrorCode::kInclusionProofInvalid);
  // Another leaf's honest proof does not do either.
  rc.proof = block_.receipts[0].proof;
  EXPECT_EQ(fisco::verify_receipt_in_header(crypto(), rc, block_.header).code(),
            ErrorCode::kInclusionProofInvalid);
}

TEST_P(FiscoLiesTest, ATamperedTransactionIsRefused) {
  const fisco::Transaction lie = sim::fisco::with_tampered_input(block_.transactions[0]);
  EXPECT_EQ(fisco::check_transaction(crypto(), lie).code(), ErrorCode::kObjectHashMismatch);
  EXPECT_EQ(fisco::verify_transaction_in_header(crypto(), lie, block_.header).code(),
            ErrorCode::kObjectHashMismatch);
  EXPECT_EQ(fisco::check_receipt_of_transaction(crypto(), block_.receipts[1], block_.transactions[0]).code(),
            ErrorCode::kReceiptTransactionMismatch);
}

TEST_P(FiscoLiesTest, ARevertedTransactionsReceiptIsRefused) {
  auto reverted = sim::fisco::seal_reverted(chain_, some_transactions(chain_, sender_, 1).front());
  ASSERT_TRUE(reverted.ok()) << reverted.error().message;
  EXPECT_TRUE(fisco::verify_sealed_header(crypto(), reverted->header).ok());
  EXPECT_TRUE(fisco::check_receipt(crypto(), reverted->receipts[0]).ok());
  EXPECT_EQ(fisco::verify_receipt_in_header(crypto(), reverted->receipts[0], reverted->header).code(),
            ErrorCode::kTransactionFailed);
}

TEST_P(FiscoLiesTest, AnUnderSignedHeaderIsRefused) {
  sim::fisco::BlockPlan plan;
  plan.transactions = some_transactions(chain_, sender_, 1);
  plan.signers = std::vector<std::uint64_t>{0, 1};
  auto block = chain_.seal_block(plan);
  ASSERT_TRUE(block.ok());
  EXPECT_EQ(fisco::verify_sealed_header(crypto(), block->header).code(), ErrorCode::kInsufficientQuorum);
}

INSTANTIATE_TEST_SUITE_P(BothCryptos, FiscoLiesTest, ::testing::ValuesIn(kBothChainCryptos),
                         crypto_test_name);

}  // namespace
}  // namespace chainslip::test

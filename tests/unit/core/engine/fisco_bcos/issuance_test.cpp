// verify_issuance (PROTOCOL 11.9) on chains sim/fisco seals: the honest
// issuance verifies for both chain cryptos, and each way of lying about it
// is refused with its own code.
#include "core/engine/fisco_bcos/issuance.h"

#include <gtest/gtest.h>

#include "core/engine/fisco_bcos/object_hash.h"
#include "core/engine/fisco_bcos/registry_call.h"
#include "sim/fisco/lies.h"
#include "sim/fisco/registry_transaction.h"
#include "tests/support/fisco_issuance.h"

namespace chainslip::test {
namespace {

class FiscoIssuanceTest : public FiscoIssuanceFixture {
 protected:
  // The receipt's issuance as `block`'s only transaction, against the anchor.
  Result<fisco::VerifiedIssuance> verify_sole_transaction(const sim::fisco::FiscoBlock& block) const {
    fisco::LightClient client(anchor());
    return fisco::verify_issuance(
        receipt_, fisco::IssuanceProof{block.header, block.transactions[0], block.receipts[0], {}}, client,
        options_at(block.header));
  }
};

TEST_P(FiscoIssuanceTest, TheIssuersRegistryCallInASealedBlockVerifies) {
  fisco::LightClient client(anchor());
  auto verified = fisco::verify_issuance(receipt_, proof(), client, options());
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->receipt_hash, fisco::chain_hash(crypto(), canonical_receipt_bytes(receipt_)));
  EXPECT_EQ(verified->transaction_hash, block_.transactions[1].stated_hash);
  EXPECT_EQ(verified->header_hash, block_.header.stated_hash);
  EXPECT_EQ(verified->number, block_.header.number);
  EXPECT_EQ(verified->issuer_account, issuer_.address());
}

// Each case changes one thing of the honest issuance, or of what the kiosk
// trusts, and names the code it must fail with.
TEST_P(FiscoIssuanceTest, EachLieIsRefusedWithItsCode) {
  struct Case {
    const char* name;
    ErrorCode expected;
    std::function<void(Receipt&, fisco::IssuanceProof&, fisco::TrustAnchor&)> lie;
  };
  const fisco::Address elsewhere = *fisco::parse_address("0x00000000000000000000000000000000000000e1");
  const Case cases[] = {
      {"another payer: the receipt is not the one issued", ErrorCode::kIssuanceMismatch,
       [](Receipt& r, auto&, auto&) { r.payer.name = "李四"; }},
      {"the receipt's own rules", ErrorCode::kTotalMismatch, [](Receipt& r, auto&, auto&) { r.amount_fen += 1; }},
      {"another call of the block", ErrorCode::kIssuanceMismatch,
       [this](auto&, fisco::IssuanceProof& p, auto&) {
         p.transaction = block_.transactions[0];
         p.receipt = block_.receipts[0];
       }},
      {"the issuance with another's receipt", ErrorCode::kReceiptTransactionMismatch,
       [this](auto&, fisco::IssuanceProof& p, auto&) { p.receipt = block_.receipts[2]; }},
      // What a receipt repeats of its transaction is not hashed: a neighbour's
      // receipt relabelled as the issuance's is caught by its place.
      {"a neighbour's receipt relabelled", ErrorCode::kReceiptTransactionMismatch,
       [this](auto&, fisco::IssuanceProof& p, auto&) {
         fisco::TransactionReceipt relabelled = block_.receipts[2];
         relabelled.transaction_hash = p.receipt.transaction_hash;
         relabelled.from = p.receipt.from;
         relabelled.to = p.receipt.to;
         relabelled.input = p.receipt.input;
         p.receipt = relabelled;
       }},
      {"another registry", ErrorCode::kIssuanceMismatch,
       [&](auto&, auto&, fisco::TrustAnchor& a) { a.registry = elsewhere; }},
      {"the issuer's account named for another issuer", ErrorCode::kIssuerAccountMismatch,
       [](auto&, auto&, fisco::TrustAnchor& a) { a.issuers[0].issuer_id = "91330100MA2AXXXX0X"; }},
      {"no issuer accounts", ErrorCode::kIssuerAccountMismatch,
       [](auto&, auto&, fisco::TrustAnchor& a) { a.issuers.clear(); }},
      {"another group", ErrorCode::kWrongChainId, [](auto&, auto&, fisco::TrustAnchor& a) { a.group_id = "group1"; }},
      {"another chain", ErrorCode::kWrongChainId, [](auto&, auto&, fisco::TrustAnchor& a) { a.chain_id = "chain1"; }},
      {"another sealer list trusted", ErrorCode::kValidatorSetMismatch,
       [](auto&, auto&, fisco::TrustAnchor& a) { a.sealers.weights[0] = 2; }},
      {"a block before the anchor", ErrorCode::kValidatorSetMismatch,
       [this](auto&, auto&, fisco::TrustAnchor& a) { a.number = block_.header.number + 1; }},
      {"issued after its block, beyond the clock skew", ErrorCode::kHeaderBeforeIssue,
       [this](Receipt& r, auto&, auto&) {
         r.issued_at = (static_cast<std::uint64_t>(block_.header.timestamp) + 5 * 60 * 1000) / 1000 + 1;
       }},
      {"issued at the end of time (issued_at * 1000 would wrap)", ErrorCode::kHeaderBeforeIssue,
       [](Receipt& r, auto&, auto&) { r.issued_at = static_cast<std::uint64_t>(INT64_MAX); }},
      {"a corrupted sealer signature", ErrorCode::kValidatorSignatureInvalid,
       [](auto&, fisco::IssuanceProof& p, auto&) { p.header = sim::fisco::with_corrupted_signature(p.header, 0); }},
      {"a transaction proof to another root", ErrorCode::kInclusionProofInvalid,
       [this](auto&, fisco::IssuanceProof& p, auto&) {
         p.transaction.proof = sim::fisco::proof_to_another_root(crypto(), p.transaction.stated_hash);
       }},
      {"a receipt proof to another root", ErrorCode::kInclusionProofInvalid,
       [this](auto&, fisco::IssuanceProof& p, auto&) {
         p.receipt.proof = sim::fisco::proof_to_another_root(crypto(), p.receipt.stated_hash);
       }},
      {"a tampered input", ErrorCode::kObjectHashMismatch,
       [](auto&, fisco::IssuanceProof& p, auto&) { p.transaction = sim::fisco::with_tampered_input(p.transaction); }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Receipt receipt = receipt_;
    fisco::IssuanceProof p = proof();
    fisco::TrustAnchor a = anchor();
    c.lie(receipt, p, a);
    fisco::LightClient client(a);
    auto verified = fisco::verify_issuance(receipt, p, client, options());
    ASSERT_FALSE(verified.ok());
    EXPECT_EQ(error_code_name(verified.code()), error_code_name(c.expected)) << verified.error().message;
  }
}

TEST_P(FiscoIssuanceTest, AnIssuanceThatRevertedIsRefused) {
  auto tx = issuance_of(receipt_, issuer_);
  ASSERT_TRUE(tx.ok());
  auto reverted = sim::fisco::seal_reverted(chain_, *tx);
  ASSERT_TRUE(reverted.ok()) << reverted.error().message;
  auto verified = verify_sole_transaction(*reverted);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.code(), ErrorCode::kTransactionFailed);
}

TEST_P(FiscoIssuanceTest, AnIssuanceByAnAccountTheAnchorDoesNotNameIsRefused) {
  const auto impostor = seeded_account(crypto(), "impostor");
  auto tx = issuance_of(receipt_, impostor);
  ASSERT_TRUE(tx.ok());
  auto block = chain_.seal_block({*tx});
  ASSERT_TRUE(block.ok());
  auto verified = verify_sole_transaction(*block);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.code(), ErrorCode::kIssuerAccountMismatch);
  EXPECT_NE(verified.error().message.find(impostor.address_text()), std::string::npos) << verified.error().message;
}

TEST_P(FiscoIssuanceTest, TheIssuersOtherRegistryCallsAreNotAnIssuance) {
  const Digest receipt_hash = fisco::chain_hash(crypto(), canonical_receipt_bytes(receipt_));
  auto tx = sim::fisco::registry_transaction(
      chain_, issuer_, registry_,
      fisco::RegistryConvert{receipt_.code, receipt_.number, receipt_hash, "P3301", "00000042", "refund", "kiosk 7",
                             1767225700, 1});
  ASSERT_TRUE(tx.ok());
  auto block = chain_.seal_block({*tx});
  ASSERT_TRUE(block.ok());
  auto verified = verify_sole_transaction(*block);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.code(), ErrorCode::kIssuanceMismatch);
  EXPECT_NE(verified.error().message.find("convert"), std::string::npos) << verified.error().message;
}

// A sealer joins after the anchor: the issuance sealed under the new list
// verifies only with the change that shows how the list changed, and a
// client that holds the change refuses the retired list's header later.
TEST_P(FiscoIssuanceTest, AnIssuanceUnderAChangedSealerListNeedsTheChange) {
  const fisco::TrustAnchor old_anchor = anchor();
  auto sealers = chain_.sealers();
  sealers.push_back({seeded_key(crypto(), "sealer joining"), 1});
  ASSERT_TRUE(chain_.change_sealers(sealers).ok());
  auto tx = issuance_of(receipt_, issuer_);
  ASSERT_TRUE(tx.ok());
  auto block = chain_.seal_block({*tx});
  ASSERT_TRUE(block.ok()) << block.error().message;
  fisco::IssuanceProof p{block->header, block->transactions[0], block->receipts[0], {}};

  fisco::LightClient client(old_anchor);
  auto without = fisco::verify_issuance(receipt_, p, client, options_at(block->header));
  ASSERT_FALSE(without.ok());
  EXPECT_EQ(without.code(), ErrorCode::kValidatorSetMismatch);

  p.sealer_list_changes.push_back(fisco::SealerListChange{{block->header}});
  auto with = fisco::verify_issuance(receipt_, p, client, options_at(block->header));
  ASSERT_TRUE(with.ok()) << with.error().message;
  EXPECT_TRUE(client.changes().empty()) << "verify_issuance holds nothing";

  // The retired list signs a header at a later number: a client that holds
  // the change refuses it; one that was never shown the change cannot.
  fisco::BlockHeader retired = block->header;
  retired.sealer_list = old_anchor.sealers.node_ids;
  retired.consensus_weights = old_anchor.sealers.weights;
  retired.stated_hash = fisco::header_hash(crypto(), retired);
  auto signatures = chain_.sign_header(retired, {0, 1, 2});
  ASSERT_TRUE(signatures.ok()) << signatures.error().message;
  retired.signatures = *signatures;
  ASSERT_TRUE(client.verify_header(retired, options_at(retired)).ok());
  ASSERT_TRUE(client.accept(p.sealer_list_changes[0]).ok());
  auto held = client.verify_header(retired, options_at(retired));
  ASSERT_FALSE(held.ok());
  EXPECT_EQ(held.code(), ErrorCode::kValidatorSetMismatch);
}

// Three sealers take in a fourth: the new list's quorum is 3 of 4, so its
// first block, signed by the newcomer and two old sealers, carries only 2 of
// the old list's 3. The change runs on to the next header, which the old
// sealers signed, and vouches for the first through its parent link.
TEST_P(FiscoIssuanceTest, AChangeRunsOnToTheFirstHeaderTheOldQuorumSigned) {
  auto chain = seeded_chain(crypto(), 3);
  fisco::TrustAnchor old_anchor = anchor();
  old_anchor.sealers = fisco::SealerList{chain.sealer_node_ids(), {1, 1, 1}};
  old_anchor.number = 0;
  auto sealers = chain.sealers();
  sealers.push_back({seeded_key(crypto(), "sealer joining"), 1});
  ASSERT_TRUE(chain.change_sealers(sealers).ok());
  sim::fisco::BlockPlan first;
  first.transactions = some_transactions(chain, issuer_, 1);
  first.signers = std::vector<std::uint64_t>{3, 0, 1};
  auto b1 = chain.seal_block(first);
  ASSERT_TRUE(b1.ok()) << b1.error().message;
  sim::fisco::BlockPlan next;
  next.transactions = some_transactions(chain, issuer_, 1);
  next.signers = std::vector<std::uint64_t>{0, 1, 2};
  auto b2 = chain.seal_block(next);
  ASSERT_TRUE(b2.ok()) << b2.error().message;

  fisco::LightClient alone(old_anchor);
  auto refused = alone.accept(fisco::SealerListChange{{b1->header}});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.code(), ErrorCode::kValidatorSetChangeInvalid);
  EXPECT_NE(refused.error().message.find("weight 2 of the list in force, which needs 3"), std::string::npos)
      << refused.error().message;

  fisco::LightClient run(old_anchor);
  ASSERT_TRUE(run.accept(fisco::SealerListChange{{b1->header, b2->header}}).ok());
  EXPECT_EQ(**run.list_at(b1->header.number), fisco::sealer_list_of(b1->header));
  EXPECT_EQ(**run.list_at(b1->header.number - 1), old_anchor.sealers);

  auto reversed = fisco::LightClient(old_anchor).accept(fisco::SealerListChange{{b2->header, b1->header}});
  ASSERT_FALSE(reversed.ok());
  EXPECT_NE(reversed.error().message.find("parent_mismatch"), std::string::npos) << reversed.error().message;
}

INSTANTIATE_TEST_SUITE_P(BothCryptos, FiscoIssuanceTest, ::testing::ValuesIn(kBothChainCryptos), crypto_test_name);

}  // namespace
}  // namespace chainslip::test

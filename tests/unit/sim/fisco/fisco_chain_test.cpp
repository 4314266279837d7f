// The simulated FISCO BCOS chain (sim/fisco/fisco_chain.h): everything it
// seals passes core's verifier, for both chain cryptos, blocks of 1, 2, 3,
// 5 and 8 transactions, and sealer lists that change.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/engine/fisco_bcos/header_verifier.h"
#include "core/engine/fisco_bcos/inclusion.h"
#include "core/engine/fisco_bcos/object_hash.h"
#include "core/engine/fisco_bcos/parent_link.h"
#include "core/engine/fisco_bcos/transaction_check.h"
#include "tests/support/fisco_sim_chain.h"

namespace chainslip::test {
namespace {

using sim::fisco::BlockPlan;
using sim::fisco::FiscoBlock;
using sim::fisco::FiscoChain;
using sim::fisco::FiscoSealer;

class FiscoChainTest : public ::testing::TestWithParam<ChainCrypto> {
 protected:
  ChainCrypto crypto() const { return GetParam(); }

  FiscoBlock seal(FiscoChain& chain, std::size_t tx_count) {
    auto block = chain.seal_block(some_transactions(chain, sender_, tx_count));
    EXPECT_TRUE(block.ok()) << (block.ok() ? "" : block.error().message);
    return block.ok() ? *block : FiscoBlock{};
  }

  // The header verifies and follows its parent; each transaction and receipt
  // is in it at its index, and each receipt is its transaction's.
  void expect_verifies(const FiscoBlock& block, const fisco::BlockHeader& parent) {
    auto sealed = fisco::verify_sealed_header(crypto(), block.header);
    ASSERT_TRUE(sealed.ok()) << sealed.error().message;
    EXPECT_EQ(sealed->hash, block.header.stated_hash);
    EXPECT_TRUE(fisco::check_parent_link(crypto(), parent, block.header).ok());
    ASSERT_EQ(block.transactions.size(), block.receipts.size());
    std::uint64_t gas = 0;
    for (const auto& rc : block.receipts) gas += std::stoull(rc.gas_used);
    EXPECT_EQ(block.header.gas_used, std::to_string(gas));
    for (std::size_t i = 0; i < block.transactions.size(); ++i) {
      const fisco::Transaction& tx = block.transactions[i];
      const fisco::TransactionReceipt& rc = block.receipts[i];
      EXPECT_TRUE(fisco::check_transaction(crypto(), tx).ok());
      auto tx_index = fisco::verify_transaction_in_header(crypto(), tx, block.header);
      ASSERT_TRUE(tx_index.ok()) << "transaction " << i << ": " << tx_index.error().message;
      EXPECT_EQ(*tx_index, i);
      EXPECT_TRUE(fisco::check_receipt(crypto(), rc).ok());
      EXPECT_TRUE(fisco::check_receipt_of_transaction(crypto(), rc, tx).ok());
      auto rc_index = fisco::verify_receipt_in_header(crypto(), rc, block.header);
      ASSERT_TRUE(rc_index.ok()) << "receipt " << i << ": " << rc_index.error().message;
      EXPECT_EQ(*rc_index, i);
      EXPECT_EQ(rc.block_number, block.header.number);
      EXPECT_EQ(rc.from, tx.from);
      EXPECT_EQ(rc.to, tx.to);
      EXPECT_EQ(rc.input, tx.input);
    }
  }

  const sim::fisco::FiscoAccount sender_ = seeded_account(GetParam(), "sender");
};

TEST_P(FiscoChainTest, EveryBlockOfOneToEightTransactionsVerifies) {
  FiscoChain chain = seeded_chain(crypto());
  for (std::size_t count : {1, 2, 3, 5, 8}) {
    const fisco::BlockHeader parent = chain.last_block().header;
    const FiscoBlock block = seal(chain, count);
    EXPECT_EQ(block.transactions.size(), count);
    expect_verifies(block, parent);
  }
  EXPECT_EQ(chain.blocks().size(), 6u);
  EXPECT_EQ(chain.last_block().header.number, 5);
}

TEST_P(FiscoChainTest, TheGenesisBlockHasNoSealersAndIsTheFirstParent) {
  FiscoChain chain = seeded_chain(crypto());
  const fisco::BlockHeader genesis = chain.genesis();  // a copy: sealing moves the chain's blocks
  EXPECT_EQ(genesis.number, 0);
  EXPECT_TRUE(genesis.sealer_list.empty());
  EXPECT_EQ(genesis.stated_hash, fisco::header_hash(crypto(), genesis));
  // Trusted through the trust anchor, never by signatures.
  EXPECT_EQ(fisco::verify_sealed_header(crypto(), genesis).code(), ErrorCode::kInsufficientQuorum);
  const FiscoBlock first = seal(chain, 1);
  EXPECT_TRUE(fisco::check_parent_link(crypto(), genesis, first.header).ok());
}

TEST_P(FiscoChainTest, AQuorumSignsByDefault) {
  FiscoChain chain = seeded_chain(crypto(), 4);
  const FiscoBlock block = seal(chain, 2);
  auto sealed = fisco::verify_sealed_header(crypto(), block.header);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->signers, (std::vector<std::uint64_t>{0, 1, 2}));  // 3 of 4, as real block 2 is signed
  EXPECT_EQ(sealed->required_weight, 3u);
  EXPECT_EQ(block.header.sealer_list, chain.sealer_node_ids());
  EXPECT_EQ(block.header.consensus_weights, (std::vector<std::uint64_t>{1, 1, 1, 1}));
}

TEST_P(FiscoChainTest, ChosenSignersSignAndTooFewAreRefused) {
  FiscoChain chain = seeded_chain(crypto(), 4);
  BlockPlan plan;
  plan.transactions = some_transactions(chain, sender_, 1);
  plan.signers = std::vector<std::uint64_t>{3, 1, 0, 2};
  auto all = chain.seal_block(plan);
  ASSERT_TRUE(all.ok()) << all.error().message;
  auto sealed = fisco::verify_sealed_header(crypto(), all->header);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->signers, (std::vector<std::uint64_t>{3, 1, 0, 2}));

  plan.transactions = some_transactions(chain, sender_, 1);
  plan.signers = std::vector<std::uint64_t>{2, 3};
  auto two = chain.seal_block(plan);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(fisco::verify_sealed_header(crypto(), two->header).code(), ErrorCode::kInsufficientQuorum);

  plan.signers = std::vector<std::uint64_t>{4};
  EXPECT_EQ(chain.seal_block(plan).code(), ErrorCode::kInvalidArgument);
}

TEST_P(FiscoChainTest, AnAddedSealerIsListedAndTheOldOnesSignTheFirstBlock) {
  FiscoChain chain = seeded_chain(crypto(), 4);
  seal(chain, 1);
  std::vector<FiscoSealer> grown = chain.sealers();
  grown.push_back({seeded_key(crypto(), "newcomer"), 1});
  ASSERT_TRUE(chain.change_sealers(grown).ok());
  const fisco::BlockHeader parent = chain.last_block().header;
  const FiscoBlock first = seal(chain, 2);
  expect_verifies(first, parent);
  EXPECT_EQ(first.header.sealer_list.size(), 5u);
  auto sealed = fisco::verify_sealed_header(crypto(), first.header);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->signers,
            (std::vector<std::uint64_t>{0, 1, 2, 3}));  // 4 of 5: the newcomer has not sealed yet
  // From the next block on, the new list signs in order.
  const FiscoBlock second = seal(chain, 1);
  expect_verifies(second, first.header);
}

TEST_P(FiscoChainTest, ARemovedSealerIsNoLongerListed) {
  FiscoChain chain = seeded_chain(crypto(), 5);
  seal(chain, 1);
  std::vector<FiscoSealer> shrunk = chain.sealers();
  const Bytes removed = shrunk[1].key.public_key();
  shrunk.erase(shrunk.begin() + 1);
  ASSERT_TRUE(chain.change_sealers(shrunk).ok());
  const fisco::BlockHeader parent = chain.last_block().header;
  const FiscoBlock block = seal(chain, 3);
  expect_verifies(block, parent);
  EXPECT_EQ(block.header.sealer_list.size(), 4u);
  EXPECT_EQ(std::find(block.header.sealer_list.begin(), block.header.sealer_list.end(), removed),
            block.header.sealer_list.end());
}

TEST_P(FiscoChainTest, ChangedWeightsAreListedAndDecideTheQuorum) {
  FiscoChain chain = seeded_chain(crypto(), 4);
  seal(chain, 1);
  std::vector<FiscoSealer> weighted = chain.sealers();
  weighted[3].weight = 7;  // total 10: the quorum is 10 - 3 = 7, which sealer 3 reaches alone
  ASSERT_TRUE(chain.change_sealers(weighted).ok());
  const fisco::BlockHeader parent = chain.last_block().header;
  BlockPlan plan;
  plan.transactions = some_transactions(chain, sender_, 2);
  plan.signers = std::vector<std::uint64_t>{3};
  auto block = chain.seal_block(plan);
  ASSERT_TRUE(block.ok());
  expect_verifies(*block, parent);
  EXPECT_EQ(block->header.consensus_weights, (std::vector<std::uint64_t>{1, 1, 1, 7}));
  auto sealed = fisco::verify_sealed_header(crypto(), block->header);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->required_weight, 7u);
  EXPECT_EQ(sealed->signed_weight, 7u);
}

TEST_P(FiscoChainTest, ANewListTheOldSealersCannotCarryIsNotSealed) {
  FiscoChain chain = seeded_chain(crypto(), 4);
  seal(chain, 1);
  // Three newcomers and one old sealer: the overlap weighs 1 of a quorum of 3.
  std::vector<FiscoSealer> replaced = seeded_sealers(crypto(), 3, "newcomer");
  replaced.push_back(chain.sealers()[0]);
  ASSERT_TRUE(chain.change_sealers(replaced).ok());
  EXPECT_EQ(chain.seal_block(some_transactions(chain, sender_, 1)).code(), ErrorCode::kFailedPrecondition);
}

TEST_P(FiscoChainTest, BadSealerListsAndBlocksAreRefused) {
  EXPECT_EQ(FiscoChain::create(crypto(), {}).code(), ErrorCode::kInvalidArgument);
  std::vector<FiscoSealer> twice = seeded_sealers(crypto(), 2);
  twice.push_back(twice[0]);
  EXPECT_EQ(FiscoChain::create(crypto(), twice).code(), ErrorCode::kInvalidArgument);
  const ChainCrypto other =
      crypto() == ChainCrypto::kSm3Sm2 ? ChainCrypto::kKeccak256Secp256k1 : ChainCrypto::kSm3Sm2;
  EXPECT_EQ(FiscoChain::create(crypto(), seeded_sealers(other, 2)).code(), ErrorCode::kInvalidArgument);
  std::vector<FiscoSealer> weightless = seeded_sealers(crypto(), 2);
  weightless[0].weight = weightless[1].weight = 0;
  EXPECT_EQ(FiscoChain::create(crypto(), weightless).code(), ErrorCode::kInvalidArgument);

  FiscoChain chain = seeded_chain(crypto());
  EXPECT_EQ(chain.seal_block(std::vector<fisco::Transaction>{}).code(), ErrorCode::kInvalidArgument);
  std::vector<fisco::Transaction> txs = some_transactions(chain, sender_, 2);
  txs.push_back(txs[0]);
  EXPECT_EQ(chain.seal_block(txs).code(), ErrorCode::kInvalidArgument);
  txs.pop_back();
  txs[1].input.push_back(0);  // its signature no longer covers it
  EXPECT_EQ(chain.seal_block(txs).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(chain.blocks().size(), 1u);  // nothing was sealed
}

TEST_P(FiscoChainTest, AFailedTransactionsReceiptCarriesItsStatus) {
  FiscoChain chain = seeded_chain(crypto());
  BlockPlan plan;
  plan.transactions = some_transactions(chain, sender_, 3);
  plan.failed[1] = 16;
  auto block = chain.seal_block(plan);
  ASSERT_TRUE(block.ok());
  EXPECT_EQ(block->receipts[0].status, 0);
  EXPECT_EQ(block->receipts[1].status, 16);
  EXPECT_TRUE(fisco::verify_receipt_in_header(crypto(), block->receipts[0], block->header).ok());
  EXPECT_EQ(fisco::verify_receipt_in_header(crypto(), block->receipts[1], block->header).code(),
            ErrorCode::kTransactionFailed);
  plan.failed = {{3, 16}};
  EXPECT_EQ(chain.seal_block(plan).code(), ErrorCode::kInvalidArgument);
  plan.failed = {{0, 0}};
  EXPECT_EQ(chain.seal_block(plan).code(), ErrorCode::kInvalidArgument);
}

// A receipt's hash covers neither its transaction nor its sender: the same
// call made twice in one block gives identical receipts, on a real node too.
// Side by side in the tree, each group holds the running hash at both
// places; core accepts that (only equal members may both be it), and the
// receipt's place is its transaction's, which either place satisfies.
TEST_P(FiscoChainTest, TwinReceiptsAsSiblingsVerifyAtEitherPlace) {
  FiscoChain chain = seeded_chain(crypto());
  const std::string to = "0x41a1281dba209614f2ada8ecc75fd957ad179d7b";
  auto first = chain.transaction(sender_, to, Bytes{1, 2, 3});
  auto second = chain.transaction(sender_, to, Bytes{1, 2, 3});
  auto third = chain.transaction(sender_, to, Bytes{4, 5, 6});
  ASSERT_TRUE(first.ok() && second.ok() && third.ok());
  auto block = chain.seal_block({*first, *second, *third});
  ASSERT_TRUE(block.ok());
  EXPECT_NE(block->transactions[0].stated_hash, block->transactions[1].stated_hash);
  EXPECT_EQ(block->receipts[0].stated_hash, block->receipts[1].stated_hash);
  for (std::uint64_t place : {0u, 1u}) {
    auto rc = fisco::verify_receipt_in_header(crypto(), block->receipts[place], block->header, place);
    ASSERT_TRUE(rc.ok()) << rc.error().message;
    EXPECT_EQ(*rc, place);
    EXPECT_TRUE(fisco::verify_receipt_in_header(crypto(), block->receipts[place], block->header, 1 - place).ok())
        << "the twin's place holds it too";
  }
  EXPECT_EQ(fisco::verify_receipt_in_header(crypto(), block->receipts[0], block->header, 2).code(),
            ErrorCode::kInclusionProofInvalid)
      << "but not the third transaction's place";
  EXPECT_EQ(fisco::verify_receipt_in_header(crypto(), block->receipts[2], block->header, 0).code(),
            ErrorCode::kInclusionProofInvalid);
}

TEST_P(FiscoChainTest, ACallsReceiptLogsItsInputAndCaller) {
  FiscoChain chain = seeded_chain(crypto());
  const FiscoBlock block = seal(chain, 1);
  const fisco::TransactionReceipt& rc = block.receipts[0];
  ASSERT_EQ(rc.logs.size(), 1u);
  EXPECT_EQ(rc.logs[0].address, "41a1281dba209614f2ada8ecc75fd957ad179d7b");
  EXPECT_EQ(rc.logs[0].topics, std::vector<Digest>{fisco::chain_hash(crypto(), block.transactions[0].input)});
  EXPECT_EQ(Bytes(rc.logs[0].data.begin() + 12, rc.logs[0].data.end()),
            Bytes(sender_.address().begin(), sender_.address().end()));
}

TEST_P(FiscoChainTest, TransactionsAreFilledAsAnSdkFillsThem) {
  FiscoChain chain = seeded_chain(crypto());
  seal(chain, 1);
  const auto txs = some_transactions(chain, sender_, 2);
  EXPECT_EQ(txs[0].chain_id, "chain0");
  EXPECT_EQ(txs[0].group_id, "group0");
  EXPECT_EQ(txs[0].block_limit, 501);
  EXPECT_NE(txs[0].nonce, txs[1].nonce);
  EXPECT_EQ(txs[0].from, sender_.address());
}

INSTANTIATE_TEST_SUITE_P(BothCryptos, FiscoChainTest, ::testing::ValuesIn(kBothChainCryptos),
                         crypto_test_name);

}  // namespace
}  // namespace chainslip::test

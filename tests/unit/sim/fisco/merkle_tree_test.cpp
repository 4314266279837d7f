// The simulator's width-2 Merkle tree (sim/fisco/merkle_tree.h): its roots
// by hand for small trees, every proof of trees of 1 to 17 leaves accepted
// by core's verify_merkle_proof() at its index, and the roots of a real
// one-transaction block (tests/data/fisco-bcos).
#include "sim/fisco/merkle_tree.h"

#include <gtest/gtest.h>

#include "core/engine/fisco_bcos/merkle_proof.h"
#include "core/engine/fisco_bcos/object_hash.h"
#include "tests/support/fisco_bcos_node_data.h"
#include "tests/support/fisco_sim_chain.h"

namespace chainslip::test {
namespace {

using sim::fisco::FiscoMerkleTree;

class FiscoMerkleTreeTest : public ::testing::TestWithParam<ChainCrypto> {
 protected:
  Digest leaf(std::size_t i) const {
    return fisco::chain_hash(GetParam(), as_bytes("leaf " + std::to_string(i)));
  }
  std::vector<Digest> leaves(std::size_t count) const {
    std::vector<Digest> out;
    for (std::size_t i = 0; i < count; ++i) out.push_back(leaf(i));
    return out;
  }
  Digest h(const Digest& a) const { return fisco::chain_hash(GetParam(), a); }
  Digest h(const Digest& a, const Digest& b) const {
    Bytes both(a.begin(), a.end());
    both.insert(both.end(), b.begin(), b.end());
    return fisco::chain_hash(GetParam(), both);
  }
  FiscoMerkleTree tree(std::size_t count) const {
    auto t = FiscoMerkleTree::build(GetParam(), leaves(count));
    EXPECT_TRUE(t.ok());
    return std::move(t).value();
  }
};

TEST_P(FiscoMerkleTreeTest, RootsOfSmallTreesAreTheNodesHashesTwoByTwo) {
  EXPECT_EQ(tree(1).root(), leaf(0));
  EXPECT_EQ(tree(2).root(), h(leaf(0), leaf(1)));
  // An odd level hashes its last node alone.
  EXPECT_EQ(tree(3).root(), h(h(leaf(0), leaf(1)), h(leaf(2))));
  EXPECT_EQ(tree(4).root(), h(h(leaf(0), leaf(1)), h(leaf(2), leaf(3))));
  EXPECT_EQ(tree(5).root(), h(h(h(leaf(0), leaf(1)), h(leaf(2), leaf(3))), h(h(leaf(4)))));
}

TEST_P(FiscoMerkleTreeTest, EveryProofLeadsToTheRootAtItsIndex) {
  for (std::size_t count = 1; count <= 17; ++count) {
    const FiscoMerkleTree t = tree(count);
    EXPECT_EQ(t.leaf_count(), count);
    for (std::size_t i = 0; i < count; ++i) {
      auto index = fisco::verify_merkle_proof(GetParam(), t.proof(i), leaf(i), t.root());
      ASSERT_TRUE(index.ok()) << count << " leaves, leaf " << i << ": " << index.error().message;
      EXPECT_EQ(*index, i);
      // A leaf outside the tree is refused, and so is the proof to another
      // tree's root. (The group holds both siblings: the proof of one proves
      // the other at its own index.)
      EXPECT_EQ(fisco::verify_merkle_proof(GetParam(), t.proof(i), leaf(count), t.root()).code(),
                ErrorCode::kInclusionProofInvalid);
      EXPECT_EQ(fisco::verify_merkle_proof(GetParam(), t.proof(i), leaf(i), tree(count + 1).root()).code(),
                ErrorCode::kInclusionProofInvalid);
    }
  }
}

TEST_P(FiscoMerkleTreeTest, AProofHasOneGroupPerLevel) {
  // 5 leaves: levels of 5, 3, 2, 1 nodes; leaf 4 is alone at the first two.
  const auto proof = tree(5).proof(4);
  ASSERT_EQ(proof.size(), 2u + 2u + 3u);
  EXPECT_EQ(proof[0][3], 1);
  EXPECT_EQ(proof[1], leaf(4));
  EXPECT_EQ(proof[2][3], 1);
  EXPECT_EQ(proof[3], h(leaf(4)));
  EXPECT_EQ(proof[4][3], 2);
  EXPECT_EQ(tree(1).proof(0), std::vector<Digest>{leaf(0)});
  EXPECT_TRUE(tree(3).proof(3).empty());  // no such leaf
}

TEST_P(FiscoMerkleTreeTest, NoLeavesMakeNoTree) {
  EXPECT_EQ(FiscoMerkleTree::build(GetParam(), {}).code(), ErrorCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(BothCryptos, FiscoMerkleTreeTest, ::testing::ValuesIn(kBothChainCryptos),
                         crypto_test_name);

// Block 2 of the real 国密 chain holds one transaction: both its roots are
// the trees of that one leaf, and its receipt's proof is the one the
// simulator gives.
TEST(FiscoMerkleTreeRealDataTest, ARealOneTransactionBlocksRootsAreRebuilt) {
  const auto header = header_of(load_node_data("doc-api-block2-sm"));
  const Json receipt_file = load_node_data("doc-api-receipt-block2-sm");
  const auto receipt = receipt_of(receipt_file);
  const ChainCrypto crypto = crypto_of(receipt_file);
  auto txs = FiscoMerkleTree::build(crypto, {receipt.transaction_hash});
  auto receipts = FiscoMerkleTree::build(crypto, {fisco::receipt_hash(crypto, receipt)});
  ASSERT_TRUE(txs.ok() && receipts.ok());
  EXPECT_EQ(txs->root(), header.txs_root);
  EXPECT_EQ(receipts->root(), header.receipts_root);
  EXPECT_EQ(receipts->proof(0), *receipt.proof);
}

}  // namespace
}  // namespace chainslip::test

// FISCO BCOS's width-2 Merkle proofs (core/engine/fisco_bcos/merkle_proof.h)
// on trees built here the way the node's Merkle.h builds them, for every
// leaf of trees of 1 to 9 leaves, and the proofs the node's own check
// would let through that ours refuses.
#include <gtest/gtest.h>

#include <vector>

#include "core/engine/fisco_bcos/merkle_proof.h"

namespace chainslip::fisco {
namespace {

constexpr ChainCrypto kCrypto = ChainCrypto::kKeccak256Secp256k1;

Digest leaf(std::size_t i) { return chain_hash(kCrypto, as_bytes("leaf " + std::to_string(i))); }

Digest count_word(std::uint32_t count) {
  Digest w{};
  w[0] = static_cast<std::uint8_t>(count >> 24);
  w[1] = static_cast<std::uint8_t>(count >> 16);
  w[2] = static_cast<std::uint8_t>(count >> 8);
  w[3] = static_cast<std::uint8_t>(count);
  return w;
}

Digest hash_group(const std::vector<Digest>& level, std::size_t first) {
  Bytes members;
  for (std::size_t j = first; j < first + 2 && j < level.size(); ++j) {
    members.insert(members.end(), level[j].begin(), level[j].end());
  }
  return chain_hash(kCrypto, members);
}

// The node's tree and proof (Merkle.h generateMerkle / generateMerkleProof).
struct Tree {
  std::vector<std::vector<Digest>> levels;

  explicit Tree(std::size_t leaves) {
    levels.emplace_back();
    for (std::size_t i = 0; i < leaves; ++i) levels[0].push_back(leaf(i));
    while (levels.back().size() > 1) {
      const auto& below = levels.back();
      std::vector<Digest> above;
      for (std::size_t i = 0; i < below.size(); i += 2) above.push_back(hash_group(below, i));
      levels.push_back(std::move(above));
    }
  }
  const Digest& root() const { return levels.back()[0]; }

  std::vector<Digest> proof(std::size_t index) const {
    if (levels[0].size() == 1) return {levels[0][0]};
    std::vector<Digest> words;
    for (std::size_t l = 0; l + 1 < levels.size(); ++l) {
      const std::size_t first = index - index % 2;
      const std::size_t count = std::min<std::size_t>(2, levels[l].size() - first);
      words.push_back(count_word(static_cast<std::uint32_t>(count)));
      for (std::size_t j = first; j < first + count; ++j) words.push_back(levels[l][j]);
      index /= 2;
    }
    return words;
  }
};

TEST(FiscoBcosMerkleProofTest, EveryLeafOfTreesOf1To9LeavesVerifiesAtItsIndex) {
  for (std::size_t n = 1; n <= 9; ++n) {
    const Tree tree(n);
    for (std::size_t i = 0; i < n; ++i) {
      auto index = verify_merkle_proof(kCrypto, tree.proof(i), leaf(i), tree.root());
      ASSERT_TRUE(index.ok()) << n << " leaves, leaf " << i << ": " << index.error().message;
      EXPECT_EQ(*index, i) << n << " leaves";
    }
  }
}

TEST(FiscoBcosMerkleProofTest, ALeafIsRefusedWithAnotherLeafsProofOrAnotherRoot) {
  const Tree tree(5);
  const Tree other(6);
  for (std::size_t i = 0; i < 5; ++i) {
    for (std::size_t j = 0; j < 5; ++j) {
      if (tree.proof(i) == tree.proof(j)) continue;  // siblings share their proof
      EXPECT_FALSE(verify_merkle_proof(kCrypto, tree.proof(j), leaf(i), tree.root()).ok()) << i << " " << j;
    }
    auto wrong_root = verify_merkle_proof(kCrypto, tree.proof(i), leaf(i), other.root());
    ASSERT_FALSE(wrong_root.ok());
    EXPECT_EQ(wrong_root.code(), ErrorCode::kInclusionProofInvalid);
  }
}

Status refusal(const std::vector<Digest>& proof, const Digest& leaf_hash, const Digest& root) {
  auto r = verify_merkle_proof(kCrypto, proof, leaf_hash, root);
  if (r.ok()) return {};
  return r.error();
}

TEST(FiscoBcosMerkleProofTest, MalformedProofsAreRefused) {
  const Tree tree(4);
  const std::vector<Digest> good = tree.proof(2);  // [2, l2, l3, 2, n0, n1]
  ASSERT_TRUE(refusal(good, leaf(2), tree.root()).ok());

  EXPECT_FALSE(refusal({}, leaf(2), tree.root()).ok());
  // Count words: 0, 3 (wider than the tree), a count that runs off the end,
  // and padding after the count.
  for (std::uint32_t count : {0u, 3u, 7u}) {
    auto bad = good;
    bad[3] = count_word(count);
    EXPECT_EQ(refusal(bad, leaf(2), tree.root()).code(), ErrorCode::kInclusionProofInvalid) << count;
  }
  auto padded = good;
  padded[0][31] = 1;
  EXPECT_EQ(refusal(padded, leaf(2), tree.root()).code(), ErrorCode::kInclusionProofInvalid);
  // A group that repeats the running hash where the tree has another member
  // leads to another root (twins are equal members: FiscoChainTest).
  auto twice = good;
  twice[2] = twice[1];
  EXPECT_EQ(refusal(twice, leaf(2), tree.root()).code(), ErrorCode::kInclusionProofInvalid);
  // A truncated proof, and one with an extra group on top.
  EXPECT_FALSE(refusal({good.begin(), good.begin() + 3}, leaf(2), tree.root()).ok());
  auto extra = good;
  extra.push_back(count_word(1));
  extra.push_back(tree.root());
  EXPECT_FALSE(refusal(extra, leaf(2), tree.root()).ok());
}

TEST(FiscoBcosMerkleProofTest, OneWordProofMustBeTheLeafAndTheRoot) {
  const Digest only = leaf(0);
  EXPECT_TRUE(refusal({only}, only, only).ok());
  // The node ignores a one-word proof's word; we do not.
  EXPECT_FALSE(refusal({leaf(1)}, only, only).ok());
  EXPECT_FALSE(refusal({only}, only, leaf(1)).ok());
}

}  // namespace
}  // namespace chainslip::fisco

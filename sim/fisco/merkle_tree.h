#pragma once

#include <cstddef>
#include <vector>

#include "sim/fisco/chain_key.h"

namespace chainslip::sim::fisco {

// FISCO BCOS's width-2 Merkle tree over a block's transaction or receipt
// hashes, built as the node builds it (bcos-crypto merkle/Merkle.h): each
// level hashes its nodes two by two with no prefix, the last one alone when
// the level is odd, up to one root; a tree of one leaf is that leaf. The
// proofs it gives are exactly what core's verify_merkle_proof() reads.
class FiscoMerkleTree {
 public:
  // kInvalidArgument for no leaves: the node builds no tree of nothing.
  static Result<FiscoMerkleTree> build(ChainCrypto crypto, std::vector<Digest> leaves);

  const Digest& root() const { return levels_.back().front(); }
  std::size_t leaf_count() const { return levels_.front().size(); }

  // The proof of leaf `index`: [leaf] for a one-leaf tree, otherwise per
  // level from the leaves up to the one below the root the count word (1 or
  // 2, big-endian in its first 4 bytes) and the members of the leaf's group.
  // Empty (which no verifier accepts) when there is no such leaf.
  std::vector<Digest> proof(std::size_t index) const;

 private:
  explicit FiscoMerkleTree(std::vector<std::vector<Digest>> levels) : levels_(std::move(levels)) {}
  std::vector<std::vector<Digest>> levels_;  // leaves first, the root's level ({root}) last
};

}  // namespace chainslip::sim::fisco

#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/engine/fisco_bcos/chain_crypto.h"
#include "core/util/result.h"

namespace chainslip::fisco {

// FISCO BCOS's width-2 Merkle tree (bcos-crypto merkle/Merkle.h): each level
// hashes its nodes two by two (the last one alone when the level is odd),
// with no leaf or node prefix, up to a single root. A tree of one leaf is
// that leaf.
//
// A proof (txProof, txReceiptProof) is a list of 32-byte words. A tree of
// one leaf has the one-word proof [leaf]. Otherwise it is one group per
// level, leaves first: a count word (the count, 1 or 2, big-endian in its
// first 4 bytes, the other 28 zero) and that many member hashes, one of
// which is the running hash; the group's hash is the next level's running
// hash, and the last group's hash is the root.
//
// Stricter than the node, which only looks for the running hash somewhere in
// a group: the count word's padding must be zero, a count must be 1 or 2 and
// its members present, the running hash must be among a group's members
// (at both places only when the two are equal: identical twin subtrees, as
// two identical receipts in one block make, which the node proves so too),
// and a one-word proof must be the leaf itself. On success the result is
// the leaf's index in the tree, read off its place at each level (the first
// place of twins). When `at` is given, the leaf must be at that index: the
// running hash must be at the place `at` names at each level, which twins
// satisfy at either. Failures are kInclusionProofInvalid.
Result<std::uint64_t> verify_merkle_proof(ChainCrypto crypto, const std::vector<Digest>& proof, const Digest& leaf,
                                          const Digest& root, std::optional<std::uint64_t> at = std::nullopt);

}  // namespace chainslip::fisco

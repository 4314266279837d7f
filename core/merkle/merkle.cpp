#include "core/merkle/merkle.h"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/crypto/hasher.h"

namespace chainslip {
namespace {

using Levels = std::vector<std::vector<Digest>>;

constexpr std::uint8_t kLeafPrefix = 0x00;
constexpr std::uint8_t kNodePrefix = 0x01;

// Takes the caller's Hasher so that building or walking a tree reuses one
// digest context instead of allocating one per node.
Digest node_hash(Hasher& hasher, const Digest& left, const Digest& right) {
  return hasher.update(kNodePrefix).update(left).update(right).finish();
}

// The RFC 9162 split point: the largest power of two smaller than n (n >= 2).
std::uint64_t split_point(std::uint64_t n) { return std::bit_floor(n - 1); }

// MTH(D[begin:end]) for a subtree met in the RFC recursion over a prefix of
// the stored leaves; such a range always starts at a multiple of
// bit_ceil(end - begin). It is a stored node when it is complete, or when it
// runs to the last stored leaf (the carried-up node covers exactly that
// tail). Otherwise it splits like MTH into a complete, stored left half and a
// right half handled the same way, so the cost is O(log n) hashes.
Digest subtree_hash(const Levels& levels, Hasher& hasher, std::uint64_t begin, std::uint64_t end) {
  const std::uint64_t width = std::bit_ceil(end - begin);
  if (end - begin == width || end == levels.front().size()) {
    const int level = std::countr_zero(width);
    return levels[static_cast<std::size_t>(level)][static_cast<std::size_t>(begin >> level)];
  }
  const std::uint64_t mid = begin + split_point(end - begin);
  return node_hash(hasher, subtree_hash(levels, hasher, begin, mid),
                   subtree_hash(levels, hasher, mid, end));
}

// Failure messages name the failed check and echo the claimed sizes and the
// proof length, which is what a reader needs to tell the cases apart.
Error inclusion_error(const char* what, std::uint64_t leaf_index, std::uint64_t tree_size,
                      std::size_t nodes) {
  return make_error(ErrorCode::kInclusionProofInvalid,
                    std::string("inclusion proof: ") + what + " (leaf index " +
                        std::to_string(leaf_index) + ", tree size " + std::to_string(tree_size) +
                        ", " + std::to_string(nodes) + " nodes)");
}

Error consistency_error(const char* what, std::uint64_t old_size, std::uint64_t new_size,
                        std::size_t nodes) {
  return make_error(ErrorCode::kConsistencyProofInvalid,
                    std::string("consistency proof: ") + what + " (tree sizes " +
                        std::to_string(old_size) + " -> " + std::to_string(new_size) + ", " +
                        std::to_string(nodes) + " nodes)");
}

}  // namespace

Digest merkle_leaf_hash(Suite suite, ByteView leaf_data) {
  return Hasher(suite).update(kLeafPrefix).update(leaf_data).finish();
}

Digest merkle_node_hash(Suite suite, const Digest& left, const Digest& right) {
  Hasher hasher(suite);
  return node_hash(hasher, left, right);
}

Digest merkle_empty_root(Suite suite) { return hash(suite, ByteView{}); }

MerkleTree::MerkleTree(Suite suite, std::vector<Digest> leaf_hashes) : suite_(suite) {
  levels_.push_back(std::move(leaf_hashes));
  Hasher hasher(suite);
  while (levels_.back().size() > 1) {
    const std::vector<Digest>& below = levels_.back();
    std::vector<Digest> level;
    level.reserve((below.size() + 1) / 2);
    for (std::size_t i = 0; i + 1 < below.size(); i += 2) {
      level.push_back(node_hash(hasher, below[i], below[i + 1]));
    }
    // An unpaired last node is carried up unchanged; with that rule every
    // stored node is the RFC 9162 MTH of the leaves it spans.
    if (below.size() % 2 == 1) level.push_back(below.back());
    levels_.push_back(std::move(level));
  }
}

std::uint64_t MerkleTree::size() const { return levels_.front().size(); }

Digest MerkleTree::root() const { return root_at(size()); }

Digest MerkleTree::root_at(std::uint64_t tree_size) const {
  // A plain Digest has no error channel; asking beyond the stored leaves is a
  // caller bug, not bad input.
  if (tree_size > size()) throw std::out_of_range("MerkleTree::root_at: tree size beyond leaves");
  if (tree_size == 0) return merkle_empty_root(suite_);
  Hasher hasher(suite_);
  return subtree_hash(levels_, hasher, 0, tree_size);
}

// RFC 9162 §2.1.3.1 PATH(m, D[n]), walked from the root down; PATH lists the
// siblings from the leaf up, hence the final reverse.
Result<std::vector<Digest>> MerkleTree::inclusion_proof(std::uint64_t leaf_index,
                                                        std::uint64_t tree_size) const {
  if (tree_size > size() || leaf_index >= tree_size) {
    return make_error(ErrorCode::kInvalidArgument,
                      "inclusion proof: need leaf index < tree size <= " + std::to_string(size()) +
                          ", got " + std::to_string(leaf_index) + ", " + std::to_string(tree_size));
  }
  Hasher hasher(suite_);
  std::vector<Digest> proof;
  std::uint64_t begin = 0;
  std::uint64_t end = tree_size;
  while (end - begin > 1) {
    const std::uint64_t mid = begin + split_point(end - begin);
    if (leaf_index < mid) {
      proof.push_back(subtree_hash(levels_, hasher, mid, end));
      end = mid;
    } else {
      proof.push_back(subtree_hash(levels_, hasher, begin, mid));
      begin = mid;
    }
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

// RFC 9162 §2.1.4.1 SUBPROOF(m, D[n], b) unrolled from the root down, again
// reversed at the end. `whole` is the flag b: true while the current subtree
// starts at leaf 0, so that if the old tree turns out to be exactly this
// subtree, the verifier already holds its hash (the old root) and it is not
// sent.
Result<std::vector<Digest>> MerkleTree::consistency_proof(std::uint64_t old_size,
                                                          std::uint64_t new_size) const {
  if (old_size == 0 || old_size > new_size || new_size > size()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "consistency proof: need 0 < old size <= new size <= " +
                          std::to_string(size()) + ", got " + std::to_string(old_size) + ", " +
                          std::to_string(new_size));
  }
  Hasher hasher(suite_);
  std::vector<Digest> proof;
  std::uint64_t begin = 0;
  std::uint64_t end = new_size;
  bool whole = true;
  while (end != old_size) {
    const std::uint64_t mid = begin + split_point(end - begin);
    if (old_size <= mid) {
      proof.push_back(subtree_hash(levels_, hasher, mid, end));
      end = mid;
    } else {
      proof.push_back(subtree_hash(levels_, hasher, begin, mid));
      begin = mid;
      whole = false;
    }
  }
  if (!whole) proof.push_back(subtree_hash(levels_, hasher, begin, end));
  std::reverse(proof.begin(), proof.end());
  return proof;
}

// RFC 9162 §2.1.3.2 steps 1-4 and the sn == 0 half of step 5. The proof
// length is implied by (leaf_index, tree_size): sn reaches 0 exactly at the
// last node of a proof of the right length.
Result<Digest> root_from_inclusion_proof(Suite suite, std::uint64_t leaf_index,
                                         std::uint64_t tree_size, const Digest& leaf_hash,
                                         const std::vector<Digest>& proof) {
  if (leaf_index >= tree_size) {
    return inclusion_error("leaf index out of range", leaf_index, tree_size, proof.size());
  }
  std::uint64_t fn = leaf_index;
  std::uint64_t sn = tree_size - 1;
  Digest r = leaf_hash;
  Hasher hasher(suite);
  for (const Digest& p : proof) {
    if (sn == 0) {
      return inclusion_error("proof too long", leaf_index, tree_size, proof.size());
    }
    if ((fn & 1) == 1 || fn == sn) {
      r = node_hash(hasher, p, r);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = node_hash(hasher, r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) {
    return inclusion_error("proof too short", leaf_index, tree_size, proof.size());
  }
  return r;
}

Status verify_inclusion(Suite suite, std::uint64_t leaf_index, std::uint64_t tree_size,
                        const Digest& leaf_hash, const std::vector<Digest>& proof,
                        const Digest& root) {
  CS_ASSIGN_OR_RETURN(const Digest computed,
                      root_from_inclusion_proof(suite, leaf_index, tree_size, leaf_hash, proof));
  if (computed != root) {
    return inclusion_error("root mismatch", leaf_index, tree_size, proof.size());
  }
  return {};
}

Status verify_consistency(Suite suite, std::uint64_t old_size, std::uint64_t new_size,
                          const Digest& old_root, const Digest& new_root,
                          const std::vector<Digest>& proof) {
  const auto fail = [&](const char* what) {
    return consistency_error(what, old_size, new_size, proof.size());
  };
  // RFC 9162 defines the check for 0 < first < second only. An empty old tree
  // is rejected rather than treated as consistent with everything: no caller
  // ever holds a signed empty tree head, so size 0 can only be a bad input.
  if (old_size == 0) return fail("old tree size is 0");
  if (old_size > new_size) return fail("old size exceeds new size");
  if (old_size == new_size) {
    if (!proof.empty()) return fail("must be empty for equal tree sizes");
    if (old_root != new_root) return fail("roots differ for equal tree sizes");
    return {};
  }
  // Step 1.
  if (proof.empty()) return fail("empty proof for different tree sizes");
  // Step 2: a power-of-two old tree is a node of the new tree; its root is
  // the implicit first path entry.
  const bool seeded_by_old_root = std::has_single_bit(old_size);
  // Steps 3-5.
  std::uint64_t fn = old_size - 1;
  std::uint64_t sn = new_size - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Digest fr = seeded_by_old_root ? old_root : proof.front();
  Digest sr = fr;
  // Step 6, over the path entries after the first.
  Hasher hasher(suite);
  for (std::size_t i = seeded_by_old_root ? 0 : 1; i < proof.size(); ++i) {
    const Digest& c = proof[i];
    if (sn == 0) return fail("proof too long");
    if ((fn & 1) == 1 || fn == sn) {
      fr = node_hash(hasher, c, fr);
      sr = node_hash(hasher, c, sr);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = node_hash(hasher, sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  // Step 7.
  if (sn != 0) return fail("proof too short");
  if (fr != old_root) return fail("old root mismatch");
  if (sr != new_root) return fail("new root mismatch");
  return {};
}

}  // namespace chainslip

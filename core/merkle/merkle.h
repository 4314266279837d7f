#pragma once

#include <cstdint>
#include <vector>

#include "core/crypto/suite.h"
#include "core/util/bytes.h"

namespace chainslip {

// RFC 9162 §2.1 Merkle trees, parameterised by the suite's hash H:
//   leaf hash  = H(0x00 || data)
//   node hash  = H(0x01 || left || right)
//   empty tree = H("")

Digest merkle_leaf_hash(Suite suite, ByteView leaf_data);
Digest merkle_node_hash(Suite suite, const Digest& left, const Digest& right);
Digest merkle_empty_root(Suite suite);

// A tree over a fixed list of leaf hashes. Stores every level (about 2n
// digests) so that roots of any prefix, inclusion proofs and consistency
// proofs come out in O(log n) hashes.
class MerkleTree {
 public:
  MerkleTree(Suite suite, std::vector<Digest> leaf_hashes);

  std::uint64_t size() const;
  Digest root() const;                       // MTH of all leaves
  Digest root_at(std::uint64_t tree_size) const;  // MTH of the first tree_size leaves
  Result<std::vector<Digest>> inclusion_proof(std::uint64_t leaf_index, std::uint64_t tree_size) const;
  Result<std::vector<Digest>> consistency_proof(std::uint64_t old_size, std::uint64_t new_size) const;

 private:
  Suite suite_;
  std::vector<std::vector<Digest>> levels_;  // levels_[0] = leaf hashes
};

// RFC 9162 §2.1.3.2: the proof binds leaf_index and tree_size: a proof for
// another index, another size, or with extra/missing nodes fails.
// Errors carry ErrorCode::kInclusionProofInvalid.
Status verify_inclusion(Suite suite, std::uint64_t leaf_index, std::uint64_t tree_size,
                        const Digest& leaf_hash, const std::vector<Digest>& proof,
                        const Digest& root);

// The root the proof leads to (RFC 9162 §2.1.3.2 without the final compare);
// used by verify_inclusion and by benches/generators that need a matching root.
Result<Digest> root_from_inclusion_proof(Suite suite, std::uint64_t leaf_index,
                                         std::uint64_t tree_size, const Digest& leaf_hash,
                                         const std::vector<Digest>& proof);

// RFC 9162 §2.1.4.2. Errors carry ErrorCode::kConsistencyProofInvalid.
Status verify_consistency(Suite suite, std::uint64_t old_size, std::uint64_t new_size,
                          const Digest& old_root, const Digest& new_root,
                          const std::vector<Digest>& proof);

}  // namespace chainslip

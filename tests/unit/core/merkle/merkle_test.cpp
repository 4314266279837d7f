#include "core/merkle/merkle.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/crypto/hasher.h"
#include "core/util/bytes.h"

namespace chainslip {
namespace {

constexpr Suite kSha256 = Suite::kP256Sha256;
using Proof = std::vector<Digest>;

Digest dh(std::string_view hex) {
  Result<Digest> d = digest_from_hex(hex);
  if (!d.ok()) throw std::invalid_argument("bad digest literal");
  return *d;
}

// ---------------------------------------------------------------------------
// Reference model: RFC 9162 §2.1 written as literally as possible, sharing
// nothing with merkle.cpp but the raw hash function.

Digest ref_leaf(Suite s, ByteView data) {
  Bytes buf{0x00};
  buf.insert(buf.end(), data.begin(), data.end());
  return hash(s, buf);
}

Digest ref_node(Suite s, const Digest& l, const Digest& r) {
  Bytes buf{0x01};
  buf.insert(buf.end(), l.begin(), l.end());
  buf.insert(buf.end(), r.begin(), r.end());
  return hash(s, buf);
}

std::uint64_t ref_split(std::uint64_t n) {  // largest power of two < n
  std::uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// MTH(D[begin:end]).
Digest ref_mth(Suite s, const std::vector<Digest>& d, std::uint64_t begin, std::uint64_t end) {
  if (begin == end) return hash(s, ByteView{});
  if (end - begin == 1) return d[begin];
  const std::uint64_t k = ref_split(end - begin);
  return ref_node(s, ref_mth(s, d, begin, begin + k), ref_mth(s, d, begin + k, end));
}

// PATH(m, D[begin:end]), m relative to begin.
Proof ref_path(Suite s, const std::vector<Digest>& d, std::uint64_t m, std::uint64_t begin,
               std::uint64_t end) {
  if (end - begin == 1) return {};
  const std::uint64_t k = ref_split(end - begin);
  Proof p;
  if (m < k) {
    p = ref_path(s, d, m, begin, begin + k);
    p.push_back(ref_mth(s, d, begin + k, end));
  } else {
    p = ref_path(s, d, m - k, begin + k, end);
    p.push_back(ref_mth(s, d, begin, begin + k));
  }
  return p;
}

// SUBPROOF(m, D[begin:end], b), m relative to begin.
Proof ref_subproof(Suite s, const std::vector<Digest>& d, std::uint64_t m, std::uint64_t begin,
                   std::uint64_t end, bool b) {
  if (m == end - begin) return b ? Proof{} : Proof{ref_mth(s, d, begin, end)};
  const std::uint64_t k = ref_split(end - begin);
  Proof p;
  if (m <= k) {
    p = ref_subproof(s, d, m, begin, begin + k, b);
    p.push_back(ref_mth(s, d, begin + k, end));
  } else {
    p = ref_subproof(s, d, m - k, begin + k, end, false);
    p.push_back(ref_mth(s, d, begin, begin + k));
  }
  return p;
}

// Reference verifiers: rebuild the roots from a proof by following the shape
// of PATH / SUBPROOF for the claimed sizes (not the RFC's bit arithmetic), so
// they say independently whether a (possibly tampered) input must verify.
struct ProofReader {
  const Proof& proof;
  std::size_t used = 0;
  bool overrun = false;
  Digest next() {
    if (used == proof.size()) {
      overrun = true;
      return Digest{};
    }
    return proof[used++];
  }
  bool exhausted() const { return !overrun && used == proof.size(); }
};

Digest ref_walk_path(Suite s, ProofReader& in, const Digest& leaf, std::uint64_t m,
                     std::uint64_t size) {
  if (size == 1) return leaf;
  const std::uint64_t k = ref_split(size);
  if (m < k) {
    const Digest below = ref_walk_path(s, in, leaf, m, k);
    return ref_node(s, below, in.next());
  }
  const Digest below = ref_walk_path(s, in, leaf, m - k, size - k);
  return ref_node(s, in.next(), below);
}

bool ref_verify_inclusion(Suite s, std::uint64_t m, std::uint64_t n, const Digest& leaf,
                          const Proof& proof, const Digest& root) {
  if (m >= n) return false;
  ProofReader in{proof};
  const Digest r = ref_walk_path(s, in, leaf, m, n);
  return in.exhausted() && r == root;
}

// Returns {old root, new root} of the subtree as rebuilt from the proof.
std::pair<Digest, Digest> ref_walk_subproof(Suite s, ProofReader& in, const Digest& old_root,
                                            std::uint64_t m, std::uint64_t size, bool b) {
  if (m == size) {
    const Digest h = b ? old_root : in.next();
    return {h, h};
  }
  const std::uint64_t k = ref_split(size);
  if (m <= k) {
    const auto [o, w] = ref_walk_subproof(s, in, old_root, m, k, b);
    return {o, ref_node(s, w, in.next())};
  }
  const auto [o, w] = ref_walk_subproof(s, in, old_root, m - k, size - k, false);
  const Digest left = in.next();
  return {ref_node(s, left, o), ref_node(s, left, w)};
}

bool ref_verify_consistency(Suite s, std::uint64_t m, std::uint64_t n, const Digest& r1,
                            const Digest& r2, const Proof& proof) {
  if (m == 0 || m > n) return false;
  ProofReader in{proof};
  const auto [o, w] = ref_walk_subproof(s, in, r1, m, n, true);
  return in.exhausted() && o == r1 && w == r2;
}

// ---------------------------------------------------------------------------

// The RFC 6962 / certificate-transparency test leaves.
const std::vector<std::string_view> kRfcLeafHex = {
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
    "606162636465666768696a6b6c6d6e6f"};

std::vector<Digest> rfc_leaf_hashes(Suite s) {
  std::vector<Digest> out;
  for (std::string_view hex : kRfcLeafHex) {
    out.push_back(merkle_leaf_hash(s, from_hex(hex).value()));
  }
  return out;
}

// Distinct leaves: identical siblings would make left/right swaps invisible.
std::vector<Digest> generated_leaf_hashes(Suite s, std::uint64_t n) {
  std::vector<Digest> out;
  for (std::uint64_t i = 0; i < n; ++i) {
    out.push_back(merkle_leaf_hash(s, as_bytes("leaf " + std::to_string(i))));
  }
  return out;
}

bool inclusion_ok(Suite s, std::uint64_t m, std::uint64_t n, const Digest& leaf, const Proof& p,
                  const Digest& root) {
  const Status st = verify_inclusion(s, m, n, leaf, p, root);
  if (!st.ok()) {
    EXPECT_EQ(st.code(), ErrorCode::kInclusionProofInvalid);
  }
  return st.ok();
}

bool consistency_ok(Suite s, std::uint64_t m, std::uint64_t n, const Digest& r1, const Digest& r2,
                    const Proof& p) {
  const Status st = verify_consistency(s, m, n, r1, r2, p);
  if (!st.ok()) {
    EXPECT_EQ(st.code(), ErrorCode::kConsistencyProofInvalid);
  }
  return st.ok();
}

// The error code of a failed Result, or nullopt: a test must not assert-crash
// on an unexpected success.
template <typename T>
std::optional<ErrorCode> error_code(const Result<T>& r) {
  if (r.ok()) return std::nullopt;
  return r.code();
}

void flip_bit(Digest& d, std::size_t bit) {
  d[bit / 8] = static_cast<std::uint8_t>(d[bit / 8] ^ (1u << (bit % 8)));
}

constexpr std::size_t kDigestBits = 8 * sizeof(Digest);
constexpr std::uint64_t kMaxGenerated = 70;
const std::vector<std::uint64_t> kSampleSizes = {1, 2, 3, 5, 7, 8, 13, 31, 64, 70};

// Which indices (or old sizes) of a sampled size get the expensive checks:
// all of them in small trees, both edges and a spread in between otherwise.
bool sampled(std::uint64_t i, std::uint64_t n) {
  return n <= 16 || i < 4 || i + 4 > n || i % 9 == 0;
}

// ---------------------------------------------------------------------------
// Known answers (SHA-256). Roots and proofs are the certificate-transparency
// vectors as used in google/trillian merkle/log_verifier_test.go.

const std::vector<std::string_view> kRfcRoots = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",  // empty
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

TEST(MerkleKnownAnswer, HashingPrimitives) {
  EXPECT_EQ(to_hex(merkle_empty_root(kSha256)),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(to_hex(merkle_leaf_hash(kSha256, ByteView{})),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  EXPECT_EQ(to_hex(merkle_leaf_hash(kSha256, from_hex("00").value())),
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7");
}

TEST(MerkleKnownAnswer, PrimitivesMatchDefinitionInBothSuites) {
  for (Suite s : {Suite::kSm2Sm3, kSha256}) {
    const Bytes data = from_hex("40414243").value();
    const Digest a = hash(s, as_bytes("a"));
    const Digest b = hash(s, as_bytes("b"));
    EXPECT_EQ(merkle_leaf_hash(s, data), ref_leaf(s, data));
    EXPECT_EQ(merkle_node_hash(s, a, b), ref_node(s, a, b));
    EXPECT_NE(merkle_node_hash(s, a, b), merkle_node_hash(s, b, a));
    EXPECT_EQ(merkle_empty_root(s), hash(s, ByteView{}));
  }
}

TEST(MerkleKnownAnswer, RootsOfEveryPrefix) {
  const std::vector<Digest> leaves = rfc_leaf_hashes(kSha256);
  const MerkleTree full(kSha256, leaves);
  EXPECT_EQ(to_hex(full.root()), kRfcRoots[8]);
  for (std::uint64_t n = 0; n <= 8; ++n) {
    SCOPED_TRACE(n);
    EXPECT_EQ(to_hex(full.root_at(n)), kRfcRoots[n]);
    const MerkleTree prefix(kSha256, std::vector<Digest>(leaves.begin(), leaves.begin() + n));
    EXPECT_EQ(to_hex(prefix.root()), kRfcRoots[n]);
    EXPECT_EQ(to_hex(ref_mth(kSha256, leaves, 0, n)), kRfcRoots[n]);
  }
}

struct KnownInclusion {
  std::uint64_t index, size;
  std::vector<std::string_view> path;
};

TEST(MerkleKnownAnswer, InclusionProofs) {
  const std::vector<KnownInclusion> cases = {
      {0, 1, {}},
      {0, 8,
       {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
      {5, 8,
       {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
      {2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
      {1, 5,
       {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
  };
  const std::vector<Digest> leaves = rfc_leaf_hashes(kSha256);
  const MerkleTree tree(kSha256, leaves);
  for (const KnownInclusion& c : cases) {
    SCOPED_TRACE(std::to_string(c.index) + "/" + std::to_string(c.size));
    Proof want;
    for (std::string_view h : c.path) want.push_back(dh(h));
    Result<Proof> got = tree.inclusion_proof(c.index, c.size);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, want);
    EXPECT_TRUE(
        inclusion_ok(kSha256, c.index, c.size, leaves[c.index], want, dh(kRfcRoots[c.size])));
  }
}

struct KnownConsistency {
  std::uint64_t old_size, new_size;
  std::vector<std::string_view> path;
};

TEST(MerkleKnownAnswer, ConsistencyProofs) {
  const std::vector<KnownConsistency> cases = {
      {1, 1, {}},
      {1, 8,
       {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
      {6, 8,
       {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
      {2, 5,
       {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
  };
  const MerkleTree tree(kSha256, rfc_leaf_hashes(kSha256));
  for (const KnownConsistency& c : cases) {
    SCOPED_TRACE(std::to_string(c.old_size) + "->" + std::to_string(c.new_size));
    Proof want;
    for (std::string_view h : c.path) want.push_back(dh(h));
    Result<Proof> got = tree.consistency_proof(c.old_size, c.new_size);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, want);
    EXPECT_TRUE(consistency_ok(kSha256, c.old_size, c.new_size, dh(kRfcRoots[c.old_size]),
                               dh(kRfcRoots[c.new_size]), want));
  }
}

// ---------------------------------------------------------------------------
// Edge cases and error reporting.

TEST(MerkleTree, EmptyTree) {
  const MerkleTree tree(kSha256, {});
  EXPECT_EQ(tree.size(), 0u);
  EXPECT_EQ(tree.root(), merkle_empty_root(kSha256));
  EXPECT_EQ(tree.root_at(0), merkle_empty_root(kSha256));
  EXPECT_EQ(error_code(tree.inclusion_proof(0, 0)), ErrorCode::kInvalidArgument);
  EXPECT_EQ(error_code(tree.consistency_proof(0, 0)), ErrorCode::kInvalidArgument);
  EXPECT_THROW((void)tree.root_at(1), std::out_of_range);
}

// PROTOCOL 2.6: no inclusion proof verifies against an empty tree, not even
// an empty path to the empty tree's root H("") (RFC 9162 has no index < 0).
TEST(MerkleVerify, NothingIsIncludedInAnEmptyTree) {
  for (Suite s : {Suite::kSm2Sm3, Suite::kP256Sha256}) {
    const Digest empty_root = merkle_empty_root(s);
    const Digest leaf = merkle_leaf_hash(s, ByteView{});
    for (std::uint64_t index : {std::uint64_t{0}, std::uint64_t{1}}) {
      EXPECT_FALSE(inclusion_ok(s, index, 0, leaf, {}, empty_root)) << index;
      EXPECT_FALSE(inclusion_ok(s, index, 0, empty_root, {}, empty_root)) << index;
      EXPECT_FALSE(inclusion_ok(s, index, 0, leaf, {empty_root}, empty_root)) << index;
    }
    EXPECT_EQ(error_code(root_from_inclusion_proof(s, 0, 0, leaf, {})), ErrorCode::kInclusionProofInvalid);
  }
}

TEST(MerkleTree, OutOfRangeArguments) {
  const MerkleTree tree(kSha256, generated_leaf_hashes(kSha256, 10));
  EXPECT_EQ(error_code(tree.inclusion_proof(10, 10)), ErrorCode::kInvalidArgument);
  EXPECT_EQ(error_code(tree.inclusion_proof(5, 5)), ErrorCode::kInvalidArgument);
  EXPECT_EQ(error_code(tree.inclusion_proof(0, 11)), ErrorCode::kInvalidArgument);
  EXPECT_EQ(error_code(tree.inclusion_proof(0, 0)), ErrorCode::kInvalidArgument);
  EXPECT_EQ(error_code(tree.consistency_proof(0, 5)), ErrorCode::kInvalidArgument);
  EXPECT_EQ(error_code(tree.consistency_proof(6, 5)), ErrorCode::kInvalidArgument);
  EXPECT_EQ(error_code(tree.consistency_proof(3, 11)), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(tree.consistency_proof(10, 10).ok());
  EXPECT_TRUE(tree.consistency_proof(10, 10)->empty());
  EXPECT_THROW((void)tree.root_at(11), std::out_of_range);
}

TEST(MerkleVerify, InclusionErrorsNameTheCheck) {
  const std::vector<Digest> leaves = generated_leaf_hashes(kSha256, 6);
  const MerkleTree tree(kSha256, leaves);
  const Proof proof = tree.inclusion_proof(1, 6).value();  // 3 nodes
  const auto message = [&](std::uint64_t m, std::uint64_t n, const Proof& p, const Digest& root) {
    const Status st = verify_inclusion(kSha256, m, n, leaves[1], p, root);
    EXPECT_FALSE(st.ok());
    return st.ok() ? std::string() : st.error().message;
  };
  EXPECT_NE(message(6, 6, proof, tree.root()).find("out of range"), std::string::npos);
  EXPECT_NE(message(1, 0, proof, tree.root()).find("out of range"), std::string::npos);
  EXPECT_NE(message(1, 6, Proof(proof.begin(), proof.end() - 1), tree.root()).find("too short"),
            std::string::npos);
  Proof longer = proof;
  longer.push_back(tree.root());
  EXPECT_NE(message(1, 6, longer, tree.root()).find("too long"), std::string::npos);
  EXPECT_NE(message(1, 6, proof, leaves[0]).find("root mismatch"), std::string::npos);
  EXPECT_EQ(root_from_inclusion_proof(kSha256, 1, 6, leaves[1], proof).value(), tree.root());
  EXPECT_EQ(error_code(root_from_inclusion_proof(kSha256, 1, 6, leaves[1], longer)),
            ErrorCode::kInclusionProofInvalid);
}

TEST(MerkleVerify, ConsistencyEdgeCases) {
  const MerkleTree tree(kSha256, generated_leaf_hashes(kSha256, 8));
  const Digest r3 = tree.root_at(3);
  const Digest r8 = tree.root_at(8);
  const Proof p = tree.consistency_proof(3, 8).value();
  // Equal sizes: empty proof and equal roots, nothing else.
  EXPECT_TRUE(consistency_ok(kSha256, 3, 3, r3, r3, {}));
  EXPECT_FALSE(consistency_ok(kSha256, 3, 3, r3, r8, {}));
  EXPECT_FALSE(consistency_ok(kSha256, 3, 3, r3, r3, {r3}));
  // Size 0 is not a valid old tree, whatever the roots.
  const Digest empty = merkle_empty_root(kSha256);
  EXPECT_FALSE(consistency_ok(kSha256, 0, 0, empty, empty, {}));
  EXPECT_FALSE(consistency_ok(kSha256, 0, 8, empty, r8, {}));
  EXPECT_FALSE(consistency_ok(kSha256, 0, 8, empty, r8, p));
  // Time travel and empty proofs.
  EXPECT_FALSE(consistency_ok(kSha256, 8, 3, r8, r3, p));
  EXPECT_FALSE(consistency_ok(kSha256, 3, 8, r3, r8, {}));
  // Swapped roots.
  EXPECT_TRUE(consistency_ok(kSha256, 3, 8, r3, r8, p));
  EXPECT_FALSE(consistency_ok(kSha256, 3, 8, r8, r3, p));
}

// The proof binds the leaf index; the tree size is bound only as far as it
// fixes the proof's shape. Two sizes whose paths have the same shape accept
// the same proof against the same root (here: index 0 of 3 and of 4), so the
// root must come from a tree head signed together with its size.
TEST(MerkleVerify, TreeSizeBoundByShapeAndRoot) {
  const std::vector<Digest> leaves = generated_leaf_hashes(kSha256, 4);
  const MerkleTree tree(kSha256, leaves);
  const Proof p = tree.inclusion_proof(0, 3).value();
  EXPECT_TRUE(inclusion_ok(kSha256, 0, 4, leaves[0], p, tree.root_at(3)));
  EXPECT_FALSE(inclusion_ok(kSha256, 0, 4, leaves[0], p, tree.root_at(4)));
}

// ---------------------------------------------------------------------------
// Generated trees, both suites.

class MerkleGenerated : public ::testing::TestWithParam<Suite> {};

INSTANTIATE_TEST_SUITE_P(BothSuites, MerkleGenerated,
                         ::testing::Values(Suite::kSm2Sm3, Suite::kP256Sha256),
                         [](const ::testing::TestParamInfo<Suite>& param_info) {
                           return param_info.param == Suite::kSm2Sm3 ? std::string("Sm3")
                                                                     : std::string("Sha256");
                         });

TEST_P(MerkleGenerated, RootsMatchReference) {
  const Suite s = GetParam();
  const std::vector<Digest> leaves = generated_leaf_hashes(s, kMaxGenerated);
  const MerkleTree full(s, leaves);
  for (std::uint64_t n = 0; n <= kMaxGenerated; ++n) {
    SCOPED_TRACE(n);
    const Digest want = ref_mth(s, leaves, 0, n);
    EXPECT_EQ(full.root_at(n), want);
    EXPECT_EQ(MerkleTree(s, std::vector<Digest>(leaves.begin(), leaves.begin() + n)).root(), want);
  }
}

TEST_P(MerkleGenerated, InclusionProofsMatchReferenceAndVerify) {
  const Suite s = GetParam();
  const std::vector<Digest> leaves = generated_leaf_hashes(s, kMaxGenerated);
  const MerkleTree full(s, leaves);
  for (std::uint64_t n = 1; n <= kMaxGenerated; ++n) {
    const MerkleTree exact(s, std::vector<Digest>(leaves.begin(), leaves.begin() + n));
    const Digest root = ref_mth(s, leaves, 0, n);
    for (std::uint64_t i = 0; i < n; ++i) {
      SCOPED_TRACE(std::to_string(i) + "/" + std::to_string(n));
      const Proof p = full.inclusion_proof(i, n).value();
      ASSERT_EQ(p, ref_path(s, leaves, i, 0, n));
      ASSERT_EQ(exact.inclusion_proof(i, n).value(), p);
      ASSERT_TRUE(inclusion_ok(s, i, n, leaves[i], p, root));
      ASSERT_EQ(root_from_inclusion_proof(s, i, n, leaves[i], p).value(), root);
    }
  }
}

TEST_P(MerkleGenerated, ConsistencyProofsMatchReferenceAndVerify) {
  const Suite s = GetParam();
  const std::vector<Digest> leaves = generated_leaf_hashes(s, kMaxGenerated);
  const MerkleTree full(s, leaves);
  std::vector<Digest> roots;
  for (std::uint64_t n = 0; n <= kMaxGenerated; ++n) roots.push_back(full.root_at(n));
  for (std::uint64_t n = 1; n <= kMaxGenerated; ++n) {
    const MerkleTree exact(s, std::vector<Digest>(leaves.begin(), leaves.begin() + n));
    for (std::uint64_t m = 1; m <= n; ++m) {
      SCOPED_TRACE(std::to_string(m) + "->" + std::to_string(n));
      const Proof p = full.consistency_proof(m, n).value();
      ASSERT_EQ(p, ref_subproof(s, leaves, m, 0, n, true));
      ASSERT_EQ(exact.consistency_proof(m, n).value(), p);
      ASSERT_TRUE(consistency_ok(s, m, n, roots[m], roots[n], p));
    }
  }
}

// Any other index, and any tree size of a different proof shape, fails; the
// reference verifier decides which sizes share the shape.
TEST_P(MerkleGenerated, InclusionBindsIndexAndSize) {
  const Suite s = GetParam();
  const std::vector<Digest> leaves = generated_leaf_hashes(s, kMaxGenerated);
  const MerkleTree tree(s, leaves);
  for (std::uint64_t n : kSampleSizes) {
    const Digest root = tree.root_at(n);
    for (std::uint64_t i = 0; i < n; ++i) {
      SCOPED_TRACE(std::to_string(i) + "/" + std::to_string(n));
      const Proof p = tree.inclusion_proof(i, n).value();
      for (std::uint64_t j = 0; j <= n + 2; ++j) {
        if (j != i) {
          ASSERT_FALSE(inclusion_ok(s, j, n, leaves[i], p, root)) << "index " << j;
        }
      }
      for (std::uint64_t size = 0; size <= 2 * n + 2; ++size) {
        if (size == n) continue;
        ASSERT_EQ(inclusion_ok(s, i, size, leaves[i], p, root),
                  ref_verify_inclusion(s, i, size, leaves[i], p, root))
            << "size " << size;
      }
      ASSERT_FALSE(inclusion_ok(s, i, 2 * n, leaves[i], p, root));
      ASSERT_FALSE(inclusion_ok(s, i, n / 2, leaves[i], p, root));
    }
  }
}

// Any other pair of sizes fails unless the reference verifier, following
// SUBPROOF for those sizes, accepts the same proof and roots.
TEST_P(MerkleGenerated, ConsistencyBindsSizes) {
  const Suite s = GetParam();
  const std::vector<Digest> leaves = generated_leaf_hashes(s, 2 * kMaxGenerated);
  const MerkleTree tree(s, leaves);
  for (std::uint64_t n : kSampleSizes) {
    for (std::uint64_t m : kSampleSizes) {
      if (m > n) continue;
      SCOPED_TRACE(std::to_string(m) + "->" + std::to_string(n));
      const Digest r1 = tree.root_at(m);
      const Digest r2 = tree.root_at(n);
      const Proof p = tree.consistency_proof(m, n).value();
      for (std::uint64_t m2 = 0; m2 <= n + 2; ++m2) {
        for (std::uint64_t n2 : {n - 1, n, n + 1, 2 * n, n / 2}) {
          if (m2 == m && n2 == n) continue;
          ASSERT_EQ(consistency_ok(s, m2, n2, r1, r2, p),
                    ref_verify_consistency(s, m2, n2, r1, r2, p))
              << m2 << "->" << n2;
        }
      }
      for (std::uint64_t n2 = 0; n2 <= 2 * n + 2; ++n2) {
        if (n2 != n) {
          ASSERT_EQ(consistency_ok(s, m, n2, r1, r2, p),
                    ref_verify_consistency(s, m, n2, r1, r2, p))
              << m << "->" << n2;
        }
      }
      if (m < n) {
        ASSERT_FALSE(consistency_ok(s, m, 2 * n, r1, r2, p));
        ASSERT_FALSE(consistency_ok(s, m, n, r2, r1, p));
      }
    }
  }
}

TEST_P(MerkleGenerated, InclusionRejectsEverySingleBitFlip) {
  const Suite s = GetParam();
  const std::vector<Digest> leaves = generated_leaf_hashes(s, kMaxGenerated);
  const MerkleTree tree(s, leaves);
  for (std::uint64_t n : kSampleSizes) {
    const Digest root = tree.root_at(n);
    for (std::uint64_t i = 0; i < n; ++i) {
      if (!sampled(i, n)) continue;
      SCOPED_TRACE(std::to_string(i) + "/" + std::to_string(n));
      Proof p = tree.inclusion_proof(i, n).value();
      Digest leaf = leaves[i];
      Digest bad_root = root;
      for (std::size_t bit = 0; bit < kDigestBits; ++bit) {
        for (Digest& node : p) {
          flip_bit(node, bit);
          ASSERT_FALSE(inclusion_ok(s, i, n, leaf, p, root)) << "proof bit " << bit;
          flip_bit(node, bit);
        }
        flip_bit(leaf, bit);
        ASSERT_FALSE(inclusion_ok(s, i, n, leaf, p, root)) << "leaf bit " << bit;
        flip_bit(leaf, bit);
        flip_bit(bad_root, bit);
        ASSERT_FALSE(inclusion_ok(s, i, n, leaf, p, bad_root)) << "root bit " << bit;
        flip_bit(bad_root, bit);
      }
      ASSERT_TRUE(inclusion_ok(s, i, n, leaf, p, root));
    }
  }
}

TEST_P(MerkleGenerated, ConsistencyRejectsEverySingleBitFlip) {
  const Suite s = GetParam();
  const MerkleTree tree(s, generated_leaf_hashes(s, kMaxGenerated));
  for (std::uint64_t n : kSampleSizes) {
    for (std::uint64_t m = 1; m <= n; ++m) {
      if (!sampled(m, n)) continue;
      SCOPED_TRACE(std::to_string(m) + "->" + std::to_string(n));
      Proof p = tree.consistency_proof(m, n).value();
      Digest r1 = tree.root_at(m);
      Digest r2 = tree.root_at(n);
      for (std::size_t bit = 0; bit < kDigestBits; ++bit) {
        for (Digest& node : p) {
          flip_bit(node, bit);
          ASSERT_FALSE(consistency_ok(s, m, n, r1, r2, p)) << "proof bit " << bit;
          flip_bit(node, bit);
        }
        flip_bit(r1, bit);
        ASSERT_FALSE(consistency_ok(s, m, n, r1, r2, p)) << "old root bit " << bit;
        flip_bit(r1, bit);
        flip_bit(r2, bit);
        ASSERT_FALSE(consistency_ok(s, m, n, r1, r2, p)) << "new root bit " << bit;
        flip_bit(r2, bit);
      }
      ASSERT_TRUE(consistency_ok(s, m, n, r1, r2, p));
    }
  }
}

// Proofs with a node missing or added, at either end or in the middle.
std::vector<Proof> length_tampered(const Proof& p, const Digest& extra) {
  std::vector<Proof> out;
  const auto with = [&](std::size_t at) {
    Proof q = p;
    q.insert(q.begin() + static_cast<std::ptrdiff_t>(at), extra);
    out.push_back(q);
  };
  const auto without = [&](std::size_t at) {
    Proof q = p;
    q.erase(q.begin() + static_cast<std::ptrdiff_t>(at));
    out.push_back(q);
  };
  with(0);
  with(p.size());
  if (!p.empty()) {
    with(p.size() / 2);
    without(0);
    without(p.size() - 1);
    without(p.size() / 2);
  }
  return out;
}

TEST_P(MerkleGenerated, RejectsTruncatedAndExtendedProofs) {
  const Suite s = GetParam();
  const std::vector<Digest> leaves = generated_leaf_hashes(s, kMaxGenerated);
  const MerkleTree tree(s, leaves);
  for (std::uint64_t n = 1; n <= kMaxGenerated; ++n) {
    const Digest root = tree.root_at(n);
    for (std::uint64_t i = 0; i < n; ++i) {
      SCOPED_TRACE(std::to_string(i) + "/" + std::to_string(n));
      const Proof p = tree.inclusion_proof(i, n).value();
      for (const Digest& extra : {Digest{}, root, leaves[i]}) {
        for (const Proof& q : length_tampered(p, extra)) {
          ASSERT_FALSE(inclusion_ok(s, i, n, leaves[i], q, root));
        }
      }
    }
    for (std::uint64_t m = 1; m <= n; ++m) {
      SCOPED_TRACE(std::to_string(m) + "->" + std::to_string(n));
      const Proof p = tree.consistency_proof(m, n).value();
      const Digest r1 = tree.root_at(m);
      for (const Digest& extra : {Digest{}, root, r1}) {
        for (const Proof& q : length_tampered(p, extra)) {
          ASSERT_FALSE(consistency_ok(s, m, n, r1, root, q));
        }
      }
    }
  }
}

// A larger tree: random prefixes exercise the mix of stored complete nodes
// and recomputed right edges far from the last leaf.
TEST_P(MerkleGenerated, LargerTreePrefixes) {
  const Suite s = GetParam();
  const std::uint64_t size = 5000;
  const std::vector<Digest> leaves = generated_leaf_hashes(s, size);
  const MerkleTree tree(s, leaves);
  EXPECT_EQ(tree.root(), ref_mth(s, leaves, 0, size));
  std::uint64_t x = 12345;  // fixed LCG so failures reproduce
  const auto next = [&x](std::uint64_t bound) {
    x = x * 6364136223846793005u + 1442695040888963407u;
    return (x >> 33) % bound;
  };
  for (int round = 0; round < 40; ++round) {
    const std::uint64_t n = 1 + next(size);
    const std::uint64_t m = 1 + next(n);
    const std::uint64_t i = next(n);
    SCOPED_TRACE(std::to_string(i) + " " + std::to_string(m) + " " + std::to_string(n));
    const Digest root = ref_mth(s, leaves, 0, n);
    ASSERT_EQ(tree.root_at(n), root);
    const Proof inc = tree.inclusion_proof(i, n).value();
    ASSERT_EQ(inc, ref_path(s, leaves, i, 0, n));
    ASSERT_TRUE(inclusion_ok(s, i, n, leaves[i], inc, root));
    const Proof con = tree.consistency_proof(m, n).value();
    ASSERT_EQ(con, ref_subproof(s, leaves, m, 0, n, true));
    ASSERT_TRUE(consistency_ok(s, m, n, tree.root_at(m), root, con));
  }
}

TEST(MerkleSuites, Sm3RootsDifferFromSha256) {
  const MerkleTree sha(kSha256, rfc_leaf_hashes(kSha256));
  const std::vector<Digest> sm3_leaves = rfc_leaf_hashes(Suite::kSm2Sm3);
  const MerkleTree sm3(Suite::kSm2Sm3, sm3_leaves);
  EXPECT_NE(merkle_empty_root(Suite::kSm2Sm3), merkle_empty_root(kSha256));
  for (std::uint64_t n = 0; n <= 8; ++n) EXPECT_NE(sm3.root_at(n), sha.root_at(n)) << n;
  // Even over identical leaf hashes the node hash differs.
  const MerkleTree sm3_over_sha_leaves(Suite::kSm2Sm3, rfc_leaf_hashes(kSha256));
  for (std::uint64_t n = 2; n <= 8; ++n) {
    EXPECT_NE(sm3_over_sha_leaves.root_at(n), sha.root_at(n)) << n;
  }
  // A proof only verifies under the suite that built it.
  const Proof p = sm3.inclusion_proof(5, 8).value();
  EXPECT_TRUE(inclusion_ok(Suite::kSm2Sm3, 5, 8, sm3_leaves[5], p, sm3.root()));
  EXPECT_FALSE(inclusion_ok(kSha256, 5, 8, sm3_leaves[5], p, sm3.root()));
  const Proof c = sm3.consistency_proof(3, 8).value();
  EXPECT_TRUE(consistency_ok(Suite::kSm2Sm3, 3, 8, sm3.root_at(3), sm3.root(), c));
  EXPECT_FALSE(consistency_ok(kSha256, 3, 8, sm3.root_at(3), sm3.root(), c));
}

}  // namespace
}  // namespace chainslip

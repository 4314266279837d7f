// RFC 9162 inclusion proofs: verification at tree sizes 2^10 .. 2^24, proof
// generation from a real tree, and tree construction.
//
// Verifying a proof costs one node hash per path entry and nothing that
// depends on the rest of the tree, so the verification benchmarks never build
// a tree: they draw a random leaf hash and a random path of exactly the
// length (leaf_index, tree_size) implies, and take the root that path leads
// to as the expected root. verify_inclusion then does precisely the work it
// does on a real proof and succeeds.
// Results and the machine they were measured on: docs/PERFORMANCE.md.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/crypto/suite.h"
#include "core/merkle/merkle.h"
#include "core/util/bytes.h"

namespace chainslip {
namespace {

Digest random_digest(std::mt19937_64& rng) {
  Digest d;
  for (std::size_t i = 0; i < d.size(); i += 8) {
    std::uint64_t v = rng();
    for (std::size_t j = 0; j < 8; ++j) d[i + j] = static_cast<std::uint8_t>(v >> (8 * j));
  }
  return d;
}

std::vector<Digest> random_digests(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Digest> out(n);
  for (auto& d : out) d = random_digest(rng);
  return out;
}

// The RFC 9162 §2.1.3.2 walk with the hashing left out: the number of proof
// nodes it consumes before sn reaches 0 is the proof length for
// (leaf_index, tree_size).
std::size_t inclusion_path_length(std::uint64_t leaf_index, std::uint64_t tree_size) {
  std::uint64_t fn = leaf_index;
  std::uint64_t sn = tree_size - 1;
  std::size_t length = 0;
  while (sn != 0) {
    if ((fn & 1) == 1 || fn == sn) {
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    }
    fn >>= 1;
    sn >>= 1;
    ++length;
  }
  return length;
}

// Arg: tree size.
void BM_VerifyInclusion(benchmark::State& state, Suite suite) {
  const auto tree_size = static_cast<std::uint64_t>(state.range(0));
  std::mt19937_64 rng(tree_size);
  const std::uint64_t leaf_index = std::uniform_int_distribution<std::uint64_t>(0, tree_size - 1)(rng);
  const Digest leaf = random_digest(rng);
  std::vector<Digest> path(inclusion_path_length(leaf_index, tree_size));
  for (auto& d : path) d = random_digest(rng);
  const auto root = root_from_inclusion_proof(suite, leaf_index, tree_size, leaf, path);
  if (!root.ok()) {
    state.SkipWithError(("root_from_inclusion_proof: " + root.error().message).c_str());
    return;
  }
  // Guard against a silently failing benchmark: the fixture must verify, and
  // a one-node-shorter path must not.
  if (!verify_inclusion(suite, leaf_index, tree_size, leaf, path, *root).ok() ||
      verify_inclusion(suite, leaf_index, tree_size, leaf,
                       std::vector<Digest>(path.begin(), path.end() - 1), *root).ok()) {
    state.SkipWithError("fixture proof does not behave like a real proof");
    return;
  }
  for (auto _ : state) {
    Status status = verify_inclusion(suite, leaf_index, tree_size, leaf, path, *root);
    benchmark::DoNotOptimize(status);
  }
  state.counters["path_len"] = static_cast<double>(path.size());
}

constexpr std::int64_t kMinTreeSize = std::int64_t{1} << 10;
constexpr std::int64_t kMaxTreeSize = std::int64_t{1} << 24;

BENCHMARK_CAPTURE(BM_VerifyInclusion, sm2_sm3, Suite::kSm2Sm3)
    ->RangeMultiplier(4)
    ->Range(kMinTreeSize, kMaxTreeSize);
BENCHMARK_CAPTURE(BM_VerifyInclusion, p256_sha256, Suite::kP256Sha256)
    ->RangeMultiplier(4)
    ->Range(kMinTreeSize, kMaxTreeSize);

constexpr std::size_t kRealTreeLeaves = std::size_t{1} << 16;

// Building a MerkleTree over 2^16 leaf hashes (the leaf hashes themselves are
// given). Counter per_leaf: time per leaf.
void BM_MerkleTreeBuild(benchmark::State& state, Suite suite) {
  const auto leaves = random_digests(kRealTreeLeaves, 16);
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<Digest> copy = leaves;  // the constructor takes its leaves by value
    state.ResumeTiming();
    MerkleTree tree(suite, std::move(copy));
    benchmark::DoNotOptimize(tree);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kRealTreeLeaves));
  state.counters["per_leaf"] = benchmark::Counter(
      static_cast<double>(kRealTreeLeaves),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

BENCHMARK_CAPTURE(BM_MerkleTreeBuild, sm2_sm3, Suite::kSm2Sm3)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MerkleTreeBuild, p256_sha256, Suite::kP256Sha256)->Unit(benchmark::kMillisecond);

// Generating inclusion proofs from a real 2^16-leaf tree, for random leaves.
// Arg: the tree size the proof is for. At the full size every sibling is a
// stored node; at 2^16 - 1 the right edge is recomputed (O(log n) hashes).
void BM_InclusionProofGen(benchmark::State& state, Suite suite) {
  const std::vector<Digest> leaves = random_digests(kRealTreeLeaves, 16);
  const MerkleTree tree(suite, leaves);
  const auto tree_size = static_cast<std::uint64_t>(state.range(0));
  std::mt19937_64 rng(7);
  std::vector<std::uint64_t> indices(1024);
  for (auto& i : indices) i = std::uniform_int_distribution<std::uint64_t>(0, tree_size - 1)(rng);
  {
    // The generated proofs must verify against the tree's root.
    const Digest root = tree.root_at(tree_size);
    auto proof = tree.inclusion_proof(indices[0], tree_size);
    if (!proof.ok() ||
        !verify_inclusion(suite, indices[0], tree_size, leaves[indices[0]], *proof, root).ok()) {
      state.SkipWithError("generated proof does not verify");
      return;
    }
  }
  std::size_t next = 0;
  for (auto _ : state) {
    auto proof = tree.inclusion_proof(indices[next], tree_size);
    benchmark::DoNotOptimize(proof);
    next = (next + 1) % indices.size();
  }
}

BENCHMARK_CAPTURE(BM_InclusionProofGen, sm2_sm3, Suite::kSm2Sm3)
    ->Arg(static_cast<std::int64_t>(kRealTreeLeaves))
    ->Arg(static_cast<std::int64_t>(kRealTreeLeaves) - 1);
BENCHMARK_CAPTURE(BM_InclusionProofGen, p256_sha256, Suite::kP256Sha256)
    ->Arg(static_cast<std::int64_t>(kRealTreeLeaves))
    ->Arg(static_cast<std::int64_t>(kRealTreeLeaves) - 1);

}  // namespace
}  // namespace chainslip

BENCHMARK_MAIN();

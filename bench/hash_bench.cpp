// Merkle leaf and node hashing under both suites (SM3, SHA-256).
//
// merkle_leaf_hash(H(0x00 || data)) is what a kiosk computes once per
// verified transaction; merkle_node_hash is the unit cost of every step of an
// inclusion proof. Both go through the public API, so the figures include the
// EVP_MD_CTX set-up each call makes, not just the compression function.
// Results and the machine they were measured on: docs/PERFORMANCE.md.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>

#include "core/crypto/suite.h"
#include "core/merkle/merkle.h"
#include "core/util/bytes.h"

namespace chainslip {
namespace {

Bytes random_bytes(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Bytes out(n);
  for (auto& b : out) b = static_cast<std::uint8_t>(rng());
  return out;
}

Digest random_digest(std::uint64_t seed) {
  const Bytes b = random_bytes(32, seed);
  Digest d;
  for (std::size_t i = 0; i < d.size(); ++i) d[i] = b[i];
  return d;
}

// Arg: leaf size in bytes.
void BM_LeafHash(benchmark::State& state, Suite suite) {
  const auto size = static_cast<std::size_t>(state.range(0));
  const Bytes leaf = random_bytes(size, 0x1eaf + size);
  for (auto _ : state) {
    Digest d = merkle_leaf_hash(suite, leaf);
    benchmark::DoNotOptimize(d);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(size));
}

// Two 32-byte children: the step an inclusion proof repeats per level.
void BM_NodeHash(benchmark::State& state, Suite suite) {
  Digest left = random_digest(1);
  const Digest right = random_digest(2);
  for (auto _ : state) {
    // Chain the output into the next input, as a proof walk does.
    left = merkle_node_hash(suite, left, right);
    benchmark::DoNotOptimize(left);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * 65);
}

BENCHMARK_CAPTURE(BM_LeafHash, sm2_sm3, Suite::kSm2Sm3)->Arg(64)->Arg(256)->Arg(1024);
BENCHMARK_CAPTURE(BM_LeafHash, p256_sha256, Suite::kP256Sha256)->Arg(64)->Arg(256)->Arg(1024);
BENCHMARK_CAPTURE(BM_NodeHash, sm2_sm3, Suite::kSm2Sm3);
BENCHMARK_CAPTURE(BM_NodeHash, p256_sha256, Suite::kP256Sha256);

}  // namespace
}  // namespace chainslip

BENCHMARK_MAIN();

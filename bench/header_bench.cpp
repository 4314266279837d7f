// Block header verification by the BFT light client with 4, 7 and 21
// validators, one signature verification through PublicKey::verify, and a
// receipt bundle verified end to end, under both suites.
//
// The chains come from sim::ChainBuilder: N validators of weight 1 seal one
// block, and every validator signs it. LightClient::verify_header checks every
// signature a header carries (it does not stop once 2/3 is reached), so a
// sealed header costs N signature checks. BM_VerifyHeaderQuorum runs the same
// header cut down to the smallest quorum, floor(2N/3) + 1 signatures, which
// is the least work any accepted header can cost.
//
// Counters: sig_verifies is the number of signature checks per iteration;
// per_sig is the iteration time divided by it (signature math plus the share
// of hashing, look-ups and context set-up that goes with each).
// Results and the machine they were measured on: docs/PERFORMANCE.md.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "core/bundle/bundle_verifier.h"
#include "core/chain/light_client.h"
#include "sim/chain/chain_builder.h"
#include "sim/chain/receipt_factory.h"

namespace chainslip {
namespace {

constexpr std::uint64_t kHourMs = 3600 * 1000;

struct Fixture {
  TrustAnchor anchor;
  std::vector<ReceiptBundle> bundles;  // one per transaction of the sealed block
  HeaderCheckOptions options;
};

Result<std::unique_ptr<Fixture>> make_fixture(Suite suite, std::size_t validators,
                                              std::size_t block_txs) {
  sim::ChainBuilder::Options chain_options;
  chain_options.suite = suite;
  chain_options.validator_count = validators;
  CS_ASSIGN_OR_RETURN(sim::ChainBuilder chain, sim::ChainBuilder::create(chain_options));
  const std::uint64_t t0 = chain_options.genesis_time_ms;
  CS_ASSIGN_OR_RETURN(const std::size_t issuer,
                      chain.add_issuer("12330000470000000X", "浙江省人民医院",
                                       t0 / 1000 - 365 * 86400, t0 / 1000 + 2 * 365 * 86400));
  sim::ReceiptFactory factory(20260101);
  std::vector<sim::ChainBuilder::Issue> issues;
  const auto& who = chain.issuers()[issuer];
  for (std::size_t i = 0; i < block_txs; ++i) {
    issues.push_back({issuer, factory.make(who.id, who.name, "33010126", i + 1, (t0 + kHourMs) / 1000 - 600)});
  }
  CS_ASSIGN_OR_RETURN(auto bundles, chain.seal_block(issues, t0 + kHourMs));
  HeaderCheckOptions options;
  options.now_ms = t0 + kHourMs + 60 * 1000;
  return std::make_unique<Fixture>(Fixture{chain.anchor(), std::move(bundles), options});
}

// Key generation and sealing are not what is measured, and the same chain
// serves several benchmarks: build each (suite, validators, txs) once.
const Fixture* fixture(benchmark::State& state, Suite suite, std::size_t validators,
                       std::size_t block_txs) {
  static std::map<std::tuple<Suite, std::size_t, std::size_t>, std::unique_ptr<Fixture>> cache;
  auto& slot = cache[{suite, validators, block_txs}];
  if (slot == nullptr) {
    auto made = make_fixture(suite, validators, block_txs);
    if (!made.ok()) {
      state.SkipWithError(("building the chain: " + made.error().message).c_str());
      return nullptr;
    }
    slot = std::move(made).value();
  }
  return slot.get();
}

void set_signature_counters(benchmark::State& state, std::size_t sig_verifies) {
  state.counters["sig_verifies"] = static_cast<double>(sig_verifies);
  state.counters["per_sig"] =
      benchmark::Counter(static_cast<double>(sig_verifies),
                         benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void run_verify_header(benchmark::State& state, Suite suite, bool minimal_quorum) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Fixture* f = fixture(state, suite, n, 1);
  if (f == nullptr) return;
  const LightClient client(f->anchor);
  BlockHeader header = f->bundles.front().header;
  // Signatures are not part of the signed header hash, so dropping some
  // leaves the others valid.
  if (minimal_quorum) {
    const auto quorum = static_cast<std::ptrdiff_t>(2 * n / 3 + 1);
    header.signatures.erase(header.signatures.begin() + quorum, header.signatures.end());
  }
  if (!client.verify_header(header, f->options).ok()) {
    state.SkipWithError("the fixture header does not verify");
    return;
  }
  for (auto _ : state) {
    auto digest = client.verify_header(header, f->options);
    benchmark::DoNotOptimize(digest);
  }
  set_signature_counters(state, header.signatures.size());
}

// Arg: validator count. The header carries all N signatures.
void BM_VerifyHeader(benchmark::State& state, Suite suite) { run_verify_header(state, suite, false); }

// Arg: validator count. The header carries floor(2N/3) + 1 signatures.
void BM_VerifyHeaderQuorum(benchmark::State& state, Suite suite) { run_verify_header(state, suite, true); }

BENCHMARK_CAPTURE(BM_VerifyHeader, sm2_sm3, Suite::kSm2Sm3)->Arg(4)->Arg(7)->Arg(21)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_VerifyHeader, p256_sha256, Suite::kP256Sha256)->Arg(4)->Arg(7)->Arg(21)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_VerifyHeaderQuorum, sm2_sm3, Suite::kSm2Sm3)->Arg(4)->Arg(7)->Arg(21)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_VerifyHeaderQuorum, p256_sha256, Suite::kP256Sha256)->Arg(4)->Arg(7)->Arg(21)->Unit(benchmark::kMicrosecond);

// One validator's signature over a 32-byte header hash, through the project's
// own wrapper (DER encoding, EVP context and, for SM2, the Z value), for
// comparison with `openssl speed`.
void BM_PublicKeyVerify(benchmark::State& state, Suite suite) {
  const Fixture* f = fixture(state, suite, 4, 1);
  if (f == nullptr) return;
  const BlockHeader& header = f->bundles.front().header;
  const Digest message = header_hash(suite, header);
  const ValidatorSignature& sig = header.signatures.front();
  const auto index = f->anchor.validators.find(sig.validator_id);
  if (!index) {
    state.SkipWithError("signer not in the validator set");
    return;
  }
  const PublicKey& key = f->anchor.validators.validators()[*index].key;
  if (!key.verify(message, sig.signature)) {
    state.SkipWithError("the fixture signature does not verify");
    return;
  }
  for (auto _ : state) {
    bool ok = key.verify(message, sig.signature);
    benchmark::DoNotOptimize(ok);
  }
  set_signature_counters(state, 1);
}

BENCHMARK_CAPTURE(BM_PublicKeyVerify, sm2_sm3, Suite::kSm2Sm3)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_PublicKeyVerify, p256_sha256, Suite::kP256Sha256)->Unit(benchmark::kMicrosecond);

// Importing a 65-byte SEC1 point (decode, on-curve check, EVP_PKEY): what
// verify_bundle pays, besides signatures, to use the key in an issuer
// certificate.
void BM_PublicKeyFromBytes(benchmark::State& state, Suite suite) {
  const Fixture* f = fixture(state, suite, 4, 1);
  if (f == nullptr) return;
  const Bytes point = f->anchor.authority_key.bytes();
  if (!PublicKey::from_bytes(suite, point).ok()) {
    state.SkipWithError("the fixture key does not import");
    return;
  }
  for (auto _ : state) {
    auto key = PublicKey::from_bytes(suite, point);
    benchmark::DoNotOptimize(key);
  }
}

BENCHMARK_CAPTURE(BM_PublicKeyFromBytes, sm2_sm3, Suite::kSm2Sm3)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_PublicKeyFromBytes, p256_sha256, Suite::kP256Sha256)->Unit(benchmark::kMicrosecond);

constexpr std::size_t kBundleBlockTxs = 64;

// Arg: validator count. A full receipt check: issuer certificate (authority
// signature), issuer signature over the receipt, header quorum (N signatures)
// and the transaction's inclusion in a block of 64 transactions.
void BM_VerifyBundle(benchmark::State& state, Suite suite) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Fixture* f = fixture(state, suite, n, kBundleBlockTxs);
  if (f == nullptr) return;
  const ReceiptBundle& bundle = f->bundles[kBundleBlockTxs / 2 + 5];
  if (!verify_bundle(bundle, f->anchor, f->options).ok()) {
    state.SkipWithError("the fixture bundle does not verify");
    return;
  }
  for (auto _ : state) {
    auto verified = verify_bundle(bundle, f->anchor, f->options);
    benchmark::DoNotOptimize(verified);
  }
  set_signature_counters(state, 2 + bundle.header.signatures.size());
  state.counters["path_len"] = static_cast<double>(bundle.proof.path.size());
}

BENCHMARK_CAPTURE(BM_VerifyBundle, sm2_sm3, Suite::kSm2Sm3)->Arg(4)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_VerifyBundle, p256_sha256, Suite::kP256Sha256)->Arg(4)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace chainslip

BENCHMARK_MAIN();

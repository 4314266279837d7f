// FISCO BCOS header verification (core/engine/fisco_bcos/header_verifier.h)
// against the bare sealer-signature checks it needs, on block 2 of the 国密
// chain in tests/data/fisco-bcos (4 sealers, 3 SM2 signatures).
//
// BM_FiscoVerifySealedHeader: the whole check: hash recomputed, structure,
// 3 signatures, quorum.
// BM_FiscoSealerSignatures: only the 3 SM2 verifications, the hash given.
// BM_FiscoHeaderHash: only the SM3 header hash.
// BM_FiscoLightClientVerifyHeader: what a kiosk runs (fisco::LightClient):
// the whole check plus the sealer list compared with the trusted one and the
// header's time with the clock.
// The target: the whole check within 1.1x of the signature checks
// it needs, as `openssl speed sm2` times them (bench/run_benchmarks.sh).

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/engine/fisco_bcos/header_verifier.h"
#include "core/engine/fisco_bcos/light_client.h"
#include "core/engine/fisco_bcos/node_json.h"
#include "core/engine/fisco_bcos/object_hash.h"
#include "core/engine/fisco_bcos/sealer_signature.h"
#include "core/util/file_io.h"

namespace chainslip::fisco {
namespace {

constexpr ChainCrypto kCrypto = ChainCrypto::kSm3Sm2;

const BlockHeader& block2() {
  static const BlockHeader header = [] {
    auto text = read_file(std::string(CHAINSLIP_TESTDATA_DIR) + "/fisco-bcos/doc-api-block2-sm.json", 1 << 20);
    auto doc = text.ok() ? parse_strict_json(*text) : Result<Json>(text.error());
    auto h = doc.ok() ? read_block_header(doc->at("node_output")) : Result<BlockHeader>(doc.error());
    if (!h.ok()) {
      std::fprintf(stderr, "block 2: %s\n", h.error().message.c_str());
      std::abort();
    }
    return *h;
  }();
  return header;
}

void BM_FiscoVerifySealedHeader(benchmark::State& state) {
  const BlockHeader& header = block2();
  for (auto _ : state) {
    auto sealed = verify_sealed_header(kCrypto, header);
    if (!sealed.ok()) state.SkipWithError(sealed.error().message.c_str());
    benchmark::DoNotOptimize(sealed);
  }
}
BENCHMARK(BM_FiscoVerifySealedHeader);

void BM_FiscoSealerSignatures(benchmark::State& state) {
  const BlockHeader& header = block2();
  const Digest hash = header.stated_hash;
  for (auto _ : state) {
    for (const SealerSignature& sig : header.signatures) {
      const Status ok = verify_sealer_signature(kCrypto, header.sealer_list[sig.sealer_index], hash, sig.signature);
      if (!ok.ok()) state.SkipWithError(ok.error().message.c_str());
      benchmark::DoNotOptimize(ok);
    }
  }
}
BENCHMARK(BM_FiscoSealerSignatures);

void BM_FiscoHeaderHash(benchmark::State& state) {
  const BlockHeader& header = block2();
  for (auto _ : state) benchmark::DoNotOptimize(header_hash(kCrypto, header));
}
BENCHMARK(BM_FiscoHeaderHash);

void BM_FiscoLightClientVerifyHeader(benchmark::State& state) {
  const BlockHeader& header = block2();
  TrustAnchor anchor;
  anchor.crypto = kCrypto;
  anchor.number = header.number;
  anchor.sealers = sealer_list_of(header);
  const LightClient client(anchor);
  const HeaderCheckOptions now{.now_ms = static_cast<std::uint64_t>(header.timestamp) + 1000};
  for (auto _ : state) {
    auto sealed = client.verify_header(header, now);
    if (!sealed.ok()) state.SkipWithError(sealed.error().message.c_str());
    benchmark::DoNotOptimize(sealed);
  }
}
BENCHMARK(BM_FiscoLightClientVerifyHeader);

}  // namespace
}  // namespace chainslip::fisco

BENCHMARK_MAIN();

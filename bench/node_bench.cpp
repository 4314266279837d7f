// The simulated chain node (sim/node): how fast a chain of receipts is built
// (issuer signatures on 2 worker threads, leaf hashes, Merkle trees, headers)
// and how fast the node serves a receipt's bundle (regenerate the receipt,
// inclusion proof from the stored tree levels, JSON), in process and over
// HTTP on loopback.
//
// The serving benchmarks use one chain per suite built once per process, of
// CHAINSLIP_NODE_BENCH_RECEIPTS receipts (default 200,000 for p256-sha256 and
// 20,000 for sm2-sm3, whose signatures cost ~10x more; set it to 10000000 to
// serve from a 10M chain). Build time, receipts/s and max RSS are printed to
// stderr. Results: docs/PERFORMANCE.md, "Simulated node".

#include <benchmark/benchmark.h>
#include <httplib.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/receipt/receipt_code_match.h"
#include "sim/node/chain_node.h"
#include "sim/node/node_server.h"

namespace chainslip {
namespace {

constexpr std::uint64_t kT0 = 1'767'225'600'000;

long max_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

std::unique_ptr<sim::ChainNode> build(Suite suite, std::uint64_t receipts, double* seconds) {
  sim::ChainNode::Options o;
  o.suite = suite;
  o.signing_threads = 2;
  auto node = sim::ChainNode::create(o);
  if (!node.ok()) std::abort();
  const auto t0 = std::chrono::steady_clock::now();
  for (std::uint64_t left = receipts; left > 0;) {
    const std::uint64_t n = std::min<std::uint64_t>(left, o.max_block_txs);
    if (!(*node)->issue_receipts(n, kT0).ok() || !(*node)->seal_block(kT0).ok()) std::abort();
    left -= n;
  }
  *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return std::move(node).value();
}

struct Served {
  std::unique_ptr<sim::ChainNode> node;
  std::unique_ptr<sim::NodeServer> server;
  std::vector<ReceiptCode> payloads;  // random receipts to ask for
};

Served& served(Suite suite) {
  static std::map<Suite, Served> chains;
  auto it = chains.find(suite);
  if (it != chains.end()) return it->second;
  std::uint64_t n = suite == Suite::kP256Sha256 ? 200'000 : 20'000;
  if (const char* env = std::getenv("CHAINSLIP_NODE_BENCH_RECEIPTS")) n = std::strtoull(env, nullptr, 10);
  Served s;
  double secs = 0;
  s.node = build(suite, n, &secs);
  std::fprintf(stderr,
               "node_bench: %s chain of %llu receipts built in %.1f s (%.0f receipts/s), max RSS %ld MiB\n",
               std::string(suite_name(suite)).c_str(), static_cast<unsigned long long>(n), secs,
               static_cast<double>(n) / secs, max_rss_mib());
  auto server = sim::NodeServer::start(*s.node, {});
  if (!server.ok()) std::abort();
  s.server = std::move(server).value();
  const auto issuers = s.node->issuers();
  std::mt19937_64 rng(7);
  const std::uint64_t per_issuer = n / issuers.size();
  for (int i = 0; i < 1000; ++i) {
    const auto& issuer = issuers[rng() % issuers.size()];
    char number[24];
    std::snprintf(number, sizeof number, "%010llu", static_cast<unsigned long long>(1 + rng() % per_issuer));
    auto r = s.node->receipt(issuer.code, number);
    if (!r.ok()) std::abort();
    s.payloads.push_back(receipt_code_for(*r, ReceiptCodeForm::kShort, {}));
  }
  return chains.emplace(suite, std::move(s)).first->second;
}

Suite suite_arg(const benchmark::State& state) {
  return state.range(0) == 0 ? Suite::kSm2Sm3 : Suite::kP256Sha256;
}

// Builds a fresh chain of range(1) receipts; one iteration.
void BM_BuildChain(benchmark::State& state) {
  const Suite suite = suite_arg(state);
  const auto n = static_cast<std::uint64_t>(state.range(1));
  double secs = 0;
  for (auto _ : state) {
    auto node = build(suite, n, &secs);
    benchmark::DoNotOptimize(node->height());
  }
  state.counters["receipts_per_s"] = static_cast<double>(n) / secs;
  state.counters["max_rss_mib"] = static_cast<double>(max_rss_mib());
  state.SetLabel(std::string(suite_name(suite)));
}
BENCHMARK(BM_BuildChain)
    ->Args({0, 20'000})
    ->Args({1, 200'000})
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

// node.bundle() + bundle_to_json().dump(): what GET /v1/receipts costs inside the node.
void BM_BundleInProcess(benchmark::State& state) {
  Served& s = served(suite_arg(state));
  std::size_t i = 0;
  for (auto _ : state) {
    const ReceiptCode& p = s.payloads[i++ % s.payloads.size()];
    auto b = s.node->bundle(p.code, p.number, p.check_code);
    if (!b.ok()) state.SkipWithError("lookup failed");
    benchmark::DoNotOptimize(bundle_to_json(*b).dump());
  }
  state.SetLabel(std::string(suite_name(suite_arg(state))) + ", " + std::to_string(s.node->receipt_count()) +
                 " receipts");
}
BENCHMARK(BM_BundleInProcess)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// GET /v1/receipts/{code}/{number}?check_code= over loopback HTTP (keep-alive).
void BM_BundleHttp(benchmark::State& state) {
  Served& s = served(suite_arg(state));
  httplib::Client client("127.0.0.1", s.server->port());
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  std::size_t i = 0;
  for (auto _ : state) {
    const ReceiptCode& p = s.payloads[i++ % s.payloads.size()];
    auto r = client.Get("/v1/receipts/" + p.code + "/" + p.number + "?check_code=" + p.check_code);
    if (!r || r->status != 200) state.SkipWithError("request failed");
    benchmark::DoNotOptimize(r->body.size());
  }
  state.SetLabel(std::string(suite_name(suite_arg(state))) + ", " + std::to_string(s.node->receipt_count()) +
                 " receipts");
}
BENCHMARK(BM_BundleHttp)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
}  // namespace chainslip

BENCHMARK_MAIN();

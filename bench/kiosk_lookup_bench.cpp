// What the kiosk service spends between a scan and a verified receipt, and
// the pieces of the path from "confirm" to the first byte at the printer,
// each measured alone. Everything runs as chainslipd runs it: ReceiptLookup
// (firmware/kiosk/receipt_lookup.h) on an EventLoop, with the real
// CurlNodeClient talking HTTP over loopback to the simulated node's server
// (sim/node/node_server.h, what `chainslip-sim node` serves), and the receipt
// cache in SQLite in a temporary directory.
//
// Peer of the lookups: verify_bundle of the same bundles, in the same run. So
// lookup / verify_bundle shows what the cache, the HTTP round trips and the
// JSON cost on top of the verification the kiosk cannot skip.
//
// One chain per suite, built once per process: 2,000 receipts in one sealed
// block (kReceipts), the lookups cycle over the first kCycled of them.
// Results: docs/PERFORMANCE.md, "The kiosk service (chainslipd)".

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/bundle/bundle_verifier.h"
#include "core/chain/transaction.h"
#include "core/event/event_loop.h"
#include "core/event/pollable_watch.h"
#include "core/hal/clock.h"
#include "core/node/node_api.h"
#include "core/receipt/paper_copy_code.h"
#include "core/receipt/receipt_code.h"
#include "core/store/receipt_store.h"
#include "drivers/printer/layout/receipt_layout.h"
#include "core/engine/chainslip_engine.h"
#include "firmware/kiosk/receipt_lookup.h"
#include "drivers/node/curl_node_client.h"
#include "sim/node/chain_node.h"
#include "sim/node/node_server.h"

namespace chainslip {
namespace {

constexpr std::uint64_t kReceipts = 2'000;
constexpr std::size_t kCycled = 100;
constexpr std::chrono::milliseconds kMaxWait{5'000};

std::uint64_t wall_ms() { return to_unix_ms(SteadyClock().wall_time()); }

[[noreturn]] void die(const char* what, const Error& e) {
  std::fprintf(stderr, "kiosk_lookup_bench: %s: %s\n", what, e.message.c_str());
  std::abort();
}

template <typename T>
T must(Result<T> r, const char* what) {
  if (!r.ok()) die(what, r.error());
  return std::move(r).value();
}

// A chain node served over HTTP, and the kiosk side of one suite: an event
// loop servicing a CurlNodeClient, a receipt cache, a ReceiptLookup.
struct Kiosk {
  std::unique_ptr<sim::ChainNode> node;
  std::unique_ptr<sim::NodeServer> server;
  std::optional<DeviceIdentity> device;
  std::vector<ReceiptCode> payloads;   // kCycled receipts, as scanned
  std::vector<ReceiptBundle> bundles;  // the same receipts' bundles, for the peer
  std::size_t next_convert = 0;        // receipts [kCycled, kReceipts) are converted one by one

  SteadyClock clock;
  std::unique_ptr<EventLoop> loop;
  std::unique_ptr<CurlNodeClient> client;
  std::unique_ptr<PollableWatch> watch;
  std::string cache_dir;
  std::optional<ReceiptStore> store;
  std::unique_ptr<ChainslipEngine> engine;
  std::unique_ptr<ReceiptLookup> lookup;

  // Runs the loop until `done` says so (or the wait limit: the benchmark fails).
  template <typename Pred>
  bool run_until(Pred done) {
    const auto deadline = std::chrono::steady_clock::now() + kMaxWait;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      if (!loop->run_once(std::chrono::milliseconds(100)).ok()) return false;
    }
    return true;
  }

  // One NodeClient call to completion.
  template <typename T, typename Call>
  Result<T> await(Call call) {
    std::optional<Result<T>> out;
    call([&out](Result<T> r) { out.emplace(std::move(r)); });
    if (!run_until([&out] { return out.has_value(); })) {
      return make_error(ErrorCode::kDeadlineExceeded, "no answer from the node client");
    }
    return std::move(*out);
  }

  // One scan through ReceiptLookup to its answer.
  std::optional<LookupAnswer> scan(const ReceiptCode& p) {
    std::optional<LookupAnswer> out;
    lookup->lookup(node->code_url(p), [&out](LookupAnswer a) { out.emplace(std::move(a)); });
    if (!run_until([&out] { return out.has_value(); })) return std::nullopt;
    return out;
  }

  ~Kiosk() {
    lookup.reset();
    store.reset();
    if (!cache_dir.empty()) std::filesystem::remove_all(cache_dir);
  }
};

Kiosk& kiosk(Suite suite) {
  static std::map<Suite, Kiosk> kiosks;
  auto it = kiosks.find(suite);
  if (it != kiosks.end()) return it->second;
  Kiosk& k = kiosks[suite];
  sim::ChainNode::Options o;
  o.suite = suite;
  o.signing_threads = 2;
  o.genesis_time_ms = wall_ms();
  k.node = must(sim::ChainNode::create(o), "chain node");
  if (Status s = k.node->issue_receipts(kReceipts, wall_ms()); !s.ok()) die("issuing", s.error());
  must(k.node->seal_block(wall_ms()), "sealing");
  k.server = must(sim::NodeServer::start(*k.node, {}), "node server");
  const std::uint64_t now_s = wall_ms() / 1000;
  k.device = must(k.node->make_device("KIOSK-BENCH-01", "bench", now_s - 86'400, now_s + 86'400), "device");
  for (const ReceiptCode& p : k.node->sample_codes(kReceipts)) {
    if (k.payloads.size() == kCycled) break;
    k.payloads.push_back(p);
    k.bundles.push_back(must(k.node->bundle(p.code, p.number, p.check_code), "bundle"));
  }

  k.loop = must(EventLoop::create(k.clock), "event loop");
  CurlNodeClientConfig config;
  config.node_urls = {"http://127.0.0.1:" + std::to_string(k.server->port())};
  config.suite = suite;
  k.client = must(CurlNodeClient::create(config, k.clock), "node client");
  k.watch = must(PollableWatch::create(*k.loop, *k.client, [](const Error& e) { die("node client fd", e); }),
                 "watch");
  k.loop->set_before_wait([&k] {
    if (Status s = k.watch->refresh(); !s.ok()) die("refresh", s.error());
  });
  k.cache_dir = (std::filesystem::temp_directory_path() /
                 ("kiosk_lookup_bench." + std::to_string(getpid()) + "." + std::string(suite_name(suite))))
                    .string();
  std::filesystem::create_directories(k.cache_dir);
  k.store.emplace(must(ReceiptStore::open(k.cache_dir + "/cache.db"), "receipt cache"));
  k.engine = std::make_unique<ChainslipEngine>(k.node->anchor());
  k.lookup = std::make_unique<ReceiptLookup>(
      *k.client, *k.store, *k.engine, default_receipt_code_platforms(), k.clock,
      [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); });
  return k;
}

Suite suite_arg(const benchmark::State& state) {
  return state.range(0) == 0 ? Suite::kSm2Sm3 : Suite::kP256Sha256;
}
std::string suite_label(const benchmark::State& state) { return std::string(suite_name(suite_arg(state))); }

bool verified(const std::optional<LookupAnswer>& a, bool from_cache) {
  return a && std::holds_alternative<VerifiedLookup>(*a) &&
         std::get<VerifiedLookup>(*a).from_cache == from_cache;
}

// -- the peer: verification alone ---------------------------------------------------------------

// verify_bundle of the bundles the lookups fetch: 6 signature checks (authority
// on the issuer certificate, issuer on the receipt, 4 validators).
void BM_VerifyBundlePeer(benchmark::State& state) {
  Kiosk& k = kiosk(suite_arg(state));
  HeaderCheckOptions checks;
  checks.now_ms = wall_ms();
  std::size_t i = 0;
  for (auto _ : state) {
    auto v = verify_bundle(k.bundles[i++ % kCycled], k.node->anchor(), checks);
    if (!v.ok()) state.SkipWithError("bundle does not verify");
  }
  state.SetLabel(suite_label(state));
}
BENCHMARK(BM_VerifyBundlePeer)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond)->UseRealTime();

// -- scan to verified --------------------------------------------------------------------------

// Every receipt already cached: SQLite read, verify_bundle again (cached is not
// trusted), and GET /v1/info over HTTP (is the node reachable: no conversion offline).
void BM_LookupCacheHit(benchmark::State& state) {
  Kiosk& k = kiosk(suite_arg(state));
  for (const ReceiptCode& p : k.payloads) {  // fill the cache, outside the timing
    if (!verified(k.scan(p), false) && !verified(k.scan(p), true))
      return state.SkipWithError("warm-up failed");
  }
  std::size_t i = 0;
  for (auto _ : state) {
    if (!verified(k.scan(k.payloads[i++ % kCycled]), true)) return state.SkipWithError("not a cache hit");
  }
  state.SetLabel(suite_label(state));
}
BENCHMARK(BM_LookupCacheHit)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond)->UseRealTime();

// Nothing cached: SQLite miss, GET /v1/receipts/... over HTTP, parse,
// verify_bundle, cache the receipt. The cache is emptied between iterations
// (untimed).
void BM_LookupCacheMiss(benchmark::State& state) {
  Kiosk& k = kiosk(suite_arg(state));
  const std::uint64_t future_s = wall_ms() / 1000 + 86'400;
  std::size_t i = 0;
  for (auto _ : state) {
    state.PauseTiming();
    if (!k.store->prune_verified_before(future_s).ok()) return state.SkipWithError("cannot empty the cache");
    state.ResumeTiming();
    if (!verified(k.scan(k.payloads[i++ % kCycled]), false))
      return state.SkipWithError("not a verified miss");
  }
  state.SetLabel(suite_label(state));
}
BENCHMARK(BM_LookupCacheMiss)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The lookups' HTTP round trips alone, through the same CurlNodeClient.
void BM_NodeInfoHttp(benchmark::State& state) {
  Kiosk& k = kiosk(suite_arg(state));
  for (auto _ : state) {
    auto info = k.await<NodeInfo>([&k](auto done) { k.client->get_info(std::move(done)); });
    if (!info.ok()) return state.SkipWithError("GET /v1/info failed");
  }
  state.SetLabel(suite_label(state));
}
BENCHMARK(BM_NodeInfoHttp)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_FetchBundleHttp(benchmark::State& state) {
  Kiosk& k = kiosk(suite_arg(state));
  std::size_t i = 0;
  for (auto _ : state) {
    const ReceiptCode& p = k.payloads[i++ % kCycled];
    auto b = k.await<ReceiptBundle>(
        [&](auto done) { k.client->get_receipt_bundle(p.code, p.number, p.check_code, std::move(done)); });
    if (!b.ok()) return state.SkipWithError("GET /v1/receipts failed");
  }
  state.SetLabel(suite_label(state));
}
BENCHMARK(BM_FetchBundleHttp)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond)->UseRealTime();

// -- the pieces of confirm -> first printed byte, each alone ----------------------------------

Transaction convert_tx(Kiosk& k, const ReceiptCode& p, std::uint64_t nonce) {
  const Receipt receipt = must(k.node->receipt(p.code, p.number), "receipt");
  char number[16];
  std::snprintf(number, sizeof number, "%010llu", static_cast<unsigned long long>(nonce));
  return must(make_convert_tx(k.node->chain_id(), receipt, {"33010199", number}, "refund", "self-service",
                              wall_ms() / 1000, nonce, k.device->certificate, k.device->key),
              "convert tx");
}

// Building and signing the conversion with the kiosk's device key.
void BM_SignConvert(benchmark::State& state) {
  Kiosk& k = kiosk(suite_arg(state));
  std::uint64_t nonce = 1;
  for (auto _ : state) {
    benchmark::DoNotOptimize(convert_tx(k, k.payloads[nonce % kCycled], nonce));
    ++nonce;
  }
  state.SetLabel(suite_label(state));
}
BENCHMARK(BM_SignConvert)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// POST /v1/transactions of a fresh conversion (a receipt never converted
// before, so the node checks it in full and queues it). The chain has
// kReceipts - kCycled receipts for it: a fixed iteration count.
void BM_SubmitConvertHttp(benchmark::State& state) {
  Kiosk& k = kiosk(suite_arg(state));
  const std::vector<ReceiptCode> all = k.node->sample_codes(kReceipts);
  for (auto _ : state) {
    state.PauseTiming();
    if (k.next_convert >= all.size() - kCycled) return state.SkipWithError("out of unconverted receipts");
    const std::size_t n = kCycled + k.next_convert++;
    const Transaction tx = convert_tx(k, all[n], n);
    state.ResumeTiming();
    auto answer =
        k.await<SubmitAnswer>([&](auto done) { k.client->submit_transaction(tx, std::move(done)); });
    if (!answer.ok() || !answer->accepted()) return state.SkipWithError("submit refused");
  }
  state.SetLabel(suite_label(state));
}
BENCHMARK(BM_SubmitConvertHttp)
    ->Arg(0)
    ->Arg(1)
    ->Iterations(200)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

// One conversion included in a sealed block, and its lookup answer.
struct Included {
  Transaction tx;
  TxLookup lookup;
};

Included& included(Kiosk& k, Suite suite) {
  static std::map<Suite, Included> done;
  auto it = done.find(suite);
  if (it != done.end()) return it->second;
  const Transaction tx = convert_tx(k, k.payloads[0], kReceipts + 1);
  if (!k.node->submit(tx).accepted()) std::abort();
  must(k.node->seal_block(wall_ms()), "sealing the conversion");
  const Digest hash = transaction_hash(suite, tx);
  TxLookup lookup =
      must(k.await<TxLookup>([&](auto cb) { k.client->lookup_transaction(hash, std::move(cb)); }), "lookup");
  if (lookup.state != TxLookupState::kIncluded) std::abort();
  return done.emplace(suite, Included{tx, std::move(lookup)}).first->second;
}

// GET /v1/transactions/{hash} of an included conversion (header + proof).
void BM_LookupTxHttp(benchmark::State& state) {
  Kiosk& k = kiosk(suite_arg(state));
  const Included& inc = included(k, suite_arg(state));
  const Digest hash = transaction_hash(suite_arg(state), inc.tx);
  for (auto _ : state) {
    auto l = k.await<TxLookup>([&](auto done) { k.client->lookup_transaction(hash, std::move(done)); });
    if (!l.ok() || l->state != TxLookupState::kIncluded) return state.SkipWithError("lookup failed");
  }
  state.SetLabel(suite_label(state));
}
BENCHMARK(BM_LookupTxHttp)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The kiosk proving its own conversion included (header quorum + proof).
void BM_VerifyTxInclusion(benchmark::State& state) {
  Kiosk& k = kiosk(suite_arg(state));
  const Included& inc = included(k, suite_arg(state));
  HeaderCheckOptions checks;
  checks.now_ms = wall_ms();
  for (auto _ : state) {
    auto v = verify_tx_inclusion(inc.tx, inc.lookup, k.node->anchor(), {}, checks);
    if (!v.ok()) return state.SkipWithError("inclusion does not verify");
  }
  state.SetLabel(suite_label(state));
}
BENCHMARK(BM_VerifyTxInclusion)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// The paper copy's layout for the default profile (generic-80mm, text mode).
void BM_LayoutPaperCopy(benchmark::State& state) {
  Kiosk& k = kiosk(suite_arg(state));
  const escpos::PrinterProfile profile = must(escpos::load_profile_by_id("generic-80mm"), "profile");
  PaperCopyContent doc;
  doc.receipt = k.bundles[0].receipt;
  doc.chain_id = k.node->chain_id();
  doc.block_height = 2;
  doc.block_hash_hex = std::string(64, 'a');
  doc.paper = {"33010199", "0000000001"};
  doc.qr_payload = format_paper_copy_code(paper_copy_code_for(doc.receipt));
  doc.printed_at = wall_ms() / 1000;
  doc.kiosk_id = "KIOSK-BENCH-01";
  for (auto _ : state) {
    auto job = escpos::layout_paper_copy(doc, profile, {});
    if (!job.ok()) return state.SkipWithError("layout failed");
  }
  state.SetLabel(suite_label(state));
}
BENCHMARK(BM_LayoutPaperCopy)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace chainslip

BENCHMARK_MAIN();

// The receipt cache (core/store) with 1,000,000 cached receipts: the lookup a
// kiosk makes when a receipt is scanned again, hit and miss (and, for
// comparison, parsing the same bundle from JSON text), one put as the kiosk
// makes it, opening the file, and a full PRAGMA quick_check.
//
// The cache is built once per process in a temporary file (removed at exit).
// Signing 1M receipts would take far longer than the measurements, so one
// real block of kBlockTxs receipts is sealed by sim::ChainBuilder, after a
// validator-set rotation so every bundle carries a change, and 1M copies are
// stored with their code and number rewritten. Those copies no longer verify
// (the issuer signed the original numbers); a lookup does not verify, it
// reads and rebuilds, so they cost what real rows cost. The build time and
// file size are printed to stderr and reported as counters.
//
// Lookups read a file that was just written, so it is in the OS page cache
// (1 GB < RAM): figures for a warm cache, not for the first lookup after a
// reboot. Results and the machine they were measured on: docs/PERFORMANCE.md.

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <system_error>
#include <unistd.h>
#include <vector>

#include "core/bundle/bundle_verifier.h"
#include "core/store/receipt_store.h"
#include "sim/chain/chain_builder.h"
#include "sim/chain/receipt_factory.h"

namespace chainslip {
namespace {

constexpr std::uint64_t kHourMs = 3600 * 1000;
constexpr std::uint64_t kRows = 1'000'000;
constexpr std::uint64_t kCodes = 4;         // a hospital has a few 票据代码, each with many numbers
constexpr std::size_t kBlockTxs = 64;       // a 6-node inclusion proof per receipt
constexpr std::uint64_t kBatch = 50'000;    // puts per transaction while building
constexpr std::size_t kKeys = 1 << 16;      // random keys drawn before timing

std::string code_of(std::uint64_t i) { return "3301012" + std::to_string(i % kCodes); }

// A 票据号码: exactly 10 digits.
std::string ten_digits(std::uint64_t n) {
  char text[24];
  std::snprintf(text, sizeof text, "%010llu", static_cast<unsigned long long>(n % 10'000'000'000ULL));
  return text;
}

std::string number_of(std::uint64_t i) { return ten_digits(i / kCodes); }

struct Cache {
  std::string dir;
  std::string path;
  std::optional<ReceiptStore> store;
  std::vector<ReceiptBundle> block;  // the real bundles, for puts
  std::vector<VerifiedReceipt> verified;
  double build_seconds = 0;
  double file_mb = 0;
  std::string error;

  ~Cache() {
    store.reset();
    std::error_code ignored;
    if (!dir.empty()) std::filesystem::remove_all(dir, ignored);
  }
};

Status fill(Cache& c) {
  sim::ChainBuilder::Options options;
  CS_ASSIGN_OR_RETURN(sim::ChainBuilder chain, sim::ChainBuilder::create(options));
  const std::uint64_t t0 = options.genesis_time_ms;
  CS_ASSIGN_OR_RETURN(const std::size_t issuer, chain.add_issuer("12330000470000000X", "浙江省人民医院",
                                                                 t0 / 1000 - 86400, t0 / 1000 + 365 * 86400));
  CS_RETURN_IF_ERROR(chain.rotate_validators(4));
  sim::ReceiptFactory factory(20260101);
  std::vector<sim::ChainBuilder::Issue> issues;
  const auto& who = chain.issuers()[issuer];
  for (std::size_t i = 0; i < kBlockTxs; ++i) {
    issues.push_back({issuer, factory.make(who.id, who.name, "33010126", i + 1, (t0 + kHourMs) / 1000 - 600)});
  }
  CS_ASSIGN_OR_RETURN(c.block, chain.seal_block(issues, t0 + kHourMs));
  HeaderCheckOptions check;
  check.now_ms = t0 + 2 * kHourMs;
  for (const auto& b : c.block) {
    CS_ASSIGN_OR_RETURN(VerifiedReceipt v, verify_bundle(b, chain.anchor(), check));
    c.verified.push_back(v);
  }

  std::string tmpl = (std::filesystem::temp_directory_path() / "chainslip_store_bench_XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) return make_error(ErrorCode::kUnavailable, "mkdtemp failed");
  c.dir = tmpl;
  c.path = c.dir + "/cache.db";
  CS_ASSIGN_OR_RETURN(ReceiptStore store, ReceiptStore::open(c.path));
  c.store.emplace(std::move(store));

  const auto start = std::chrono::steady_clock::now();
  std::vector<ReceiptBundle> copies = c.block;
  for (std::uint64_t first = 0; first < kRows; first += kBatch) {
    CS_ASSIGN_OR_RETURN(ReceiptStore::Transaction tx, c.store->begin_transaction());
    for (std::uint64_t i = first; i < first + kBatch && i < kRows; ++i) {
      ReceiptBundle& copy = copies[i % kBlockTxs];
      copy.receipt.code = code_of(i);
      copy.receipt.number = number_of(i);
      CS_RETURN_IF_ERROR(c.store->put(copy, c.verified[i % kBlockTxs], 1'767'240'000 + i));
    }
    CS_RETURN_IF_ERROR(tx.commit());
  }
  c.build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::uintmax_t bytes[2] = {0, 0};  // the database, its WAL (the last batch, not yet checkpointed)
  for (int i = 0; i < 2; ++i) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(c.path + (i == 0 ? "" : "-wal"), ec);
    if (!ec) bytes[i] = size;
  }
  c.file_mb = static_cast<double>(bytes[0]) / 1e6;
  std::fprintf(stderr,
               "store_bench: cached %llu receipts in %.1f s; database %.0f MB (%.0f bytes/receipt), WAL %.0f MB\n",
               static_cast<unsigned long long>(kRows), c.build_seconds, c.file_mb,
               static_cast<double>(bytes[0]) / static_cast<double>(kRows), static_cast<double>(bytes[1]) / 1e6);
  return {};
}

Cache* cache(benchmark::State& state) {
  static Cache c;
  static bool built = false;
  if (!built) {
    built = true;
    const Status s = fill(c);
    if (!s.ok()) c.error = "building the cache: " + s.error().message;
  }
  if (!c.error.empty()) {
    state.SkipWithError(c.error.c_str());
    return nullptr;
  }
  state.counters["rows"] = static_cast<double>(kRows);
  state.counters["build_s"] = c.build_seconds;
  state.counters["file_MB"] = c.file_mb;
  return &c;
}

struct Key {
  std::string code;
  std::string number;
};

std::vector<Key> random_keys(std::uint64_t from, std::uint64_t to) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::uint64_t> pick(from, to - 1);
  std::vector<Key> keys;
  for (std::size_t i = 0; i < kKeys; ++i) {
    const std::uint64_t k = pick(rng);
    keys.push_back({code_of(k), number_of(k)});
  }
  return keys;
}

// What the kiosk does on a scan: look up, parse, rebuild the whole bundle
// (header, certificate, validator-set change) ready for verify_bundle.
void BM_CacheLookupHit(benchmark::State& state) {
  Cache* c = cache(state);
  if (c == nullptr) return;
  const auto keys = random_keys(0, kRows);
  std::size_t i = 0;
  for (auto _ : state) {
    const Key& k = keys[i++ % keys.size()];
    auto got = c->store->get(k.code, k.number);
    if (!got.ok() || !got->has_value()) {
      state.SkipWithError(got.ok() ? "cached receipt not found" : got.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(got);
  }
}
BENCHMARK(BM_CacheLookupHit);

// The same bundle parsed from its JSON text, as when it arrives from the
// network: what a hit costs beyond this is the cache's own.
void BM_BundleParseBaseline(benchmark::State& state) {
  Cache* c = cache(state);
  if (c == nullptr) return;
  const std::string text = bundle_to_json(c->block.front()).dump();
  for (auto _ : state) {
    auto parsed = parse_bundle(text);
    if (!parsed.ok()) {
      state.SkipWithError(parsed.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(parsed);
  }
}
BENCHMARK(BM_BundleParseBaseline);

// Receipts of the same codes that were never cached: the index seek ends at a
// leaf without a match.
void BM_CacheLookupMiss(benchmark::State& state) {
  Cache* c = cache(state);
  if (c == nullptr) return;
  const auto keys = random_keys(kRows, 2 * kRows);
  std::size_t i = 0;
  for (auto _ : state) {
    const Key& k = keys[i++ % keys.size()];
    auto got = c->store->get(k.code, k.number);
    if (!got.ok() || got->has_value()) {
      state.SkipWithError(got.ok() ? "unexpected hit" : got.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(got);
  }
}
BENCHMARK(BM_CacheLookupMiss);

// One verified receipt cached in its own transaction, as the kiosk does after
// a verification (synchronous=NORMAL in WAL: the commit does not fsync). New
// keys under a code the lookups never ask for.
void BM_CachePut(benchmark::State& state) {
  Cache* c = cache(state);
  if (c == nullptr) return;
  static std::uint64_t next = 0;  // across repetitions: always a new receipt
  ReceiptBundle b = c->block.front();
  b.receipt.code = "55010126";
  for (auto _ : state) {
    b.receipt.number = ten_digits(next++);
    const Status s = c->store->put(b, c->verified.front(), 1'767'300'000);
    if (!s.ok()) {
      state.SkipWithError(s.error().message.c_str());
      break;
    }
  }
}
BENCHMARK(BM_CachePut);

// Opening the existing file: header and schema checks, WAL, migrations (none
// pending), preparing the statements.
void BM_CacheOpen(benchmark::State& state) {
  Cache* c = cache(state);
  if (c == nullptr) return;
  for (auto _ : state) {
    auto store = ReceiptStore::open(c->path);
    if (!store.ok()) {
      state.SkipWithError(store.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(store);
  }
}
BENCHMARK(BM_CacheOpen)->Unit(benchmark::kMicrosecond);

// PRAGMA quick_check over the whole file: why open() does not run it.
void BM_CacheQuickCheck(benchmark::State& state) {
  Cache* c = cache(state);
  if (c == nullptr) return;
  for (auto _ : state) {
    const Status s = c->store->check_integrity();
    if (!s.ok()) {
      state.SkipWithError(s.error().message.c_str());
      break;
    }
  }
}
BENCHMARK(BM_CacheQuickCheck)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace chainslip

BENCHMARK_MAIN();

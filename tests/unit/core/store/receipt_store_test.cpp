#include "core/store/receipt_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/bundle/bundle_verifier.h"
#include "core/store/schema.h"
#include "sim/chain/chain_builder.h"
#include "sim/chain/receipt_factory.h"

namespace chainslip {
namespace {

constexpr std::uint64_t kHourMs = 3600 * 1000;

template <typename T>
T must(Result<T> r) {
  if (!r.ok()) throw std::runtime_error(r.error().message);
  return std::move(r).value();
}
void must(const Status& s) {
  if (!s.ok()) throw std::runtime_error(s.error().message);
}

// A chain with two issuers: block 1 under the genesis validators, then a
// rotation, then block 2, whose bundles carry the signed change.
struct Demo {
  TrustAnchor anchor;
  HeaderCheckOptions options;
  std::vector<ReceiptBundle> block1;  // hospital 1, clinic 1, hospital 2
  std::vector<ReceiptBundle> block2;  // hospital 3, clinic 2
};

Demo make_demo() {
  sim::ChainBuilder::Options opts;
  sim::ChainBuilder chain = must(sim::ChainBuilder::create(opts));
  const std::uint64_t t0 = opts.genesis_time_ms;
  const std::size_t hospital = must(
      chain.add_issuer("12330000470000000X", "浙江省人民医院", t0 / 1000 - 86400, t0 / 1000 + 86400 * 365));
  const std::size_t clinic = must(chain.add_issuer("12110000400000000Y", "北京市第一中医医院",
                                                   t0 / 1000 - 86400, t0 / 1000 + 86400 * 365));
  sim::ReceiptFactory factory(42);
  auto issue = [&](std::size_t issuer, std::uint64_t seq, std::uint64_t at_ms) {
    const auto& i = chain.issuers()[issuer];
    return sim::ChainBuilder::Issue{
        issuer,
        factory.make(i.id, i.name, issuer == hospital ? "33010126" : "11010126", seq, at_ms / 1000 - 600)};
  };
  auto block1 = must(chain.seal_block(
      {issue(hospital, 1, t0 + kHourMs), issue(clinic, 1, t0 + kHourMs), issue(hospital, 2, t0 + kHourMs)},
      t0 + kHourMs));
  must(chain.rotate_validators(5));
  auto block2 = must(chain.seal_block(
      {issue(hospital, 3, t0 + 2 * kHourMs), issue(clinic, 2, t0 + 2 * kHourMs)}, t0 + 2 * kHourMs));
  HeaderCheckOptions options;
  options.now_ms = t0 + 3 * kHourMs;
  return Demo{chain.anchor(), options, std::move(block1), std::move(block2)};
}

const Demo& demo() {  // key generation and signing: build once
  static const Demo d = make_demo();
  return d;
}

VerifiedReceipt verified(const ReceiptBundle& b) {
  return must(verify_bundle(b, demo().anchor, demo().options));
}

// Another chain of the same id and history length: its block 1 and its own
// change at height 2 contradict the demo chain's.
struct Fork {
  ReceiptBundle block1;  // differs from the demo's block 1
  VerifiedReceipt verified1;
  ReceiptBundle block3;  // a new height, carrying a change at height 2 unlike the demo's
  VerifiedReceipt verified3;
};

Fork make_fork() {
  sim::ChainBuilder::Options opts;
  sim::ChainBuilder fork = must(sim::ChainBuilder::create(opts));
  const std::uint64_t t0 = opts.genesis_time_ms;
  const std::size_t issuer = must(
      fork.add_issuer("12330000470000000X", "浙江省人民医院", t0 / 1000 - 86400, t0 / 1000 + 86400 * 365));
  sim::ReceiptFactory factory(9);
  auto issue = [&](std::uint64_t seq, std::uint64_t at_ms) {
    return std::vector<sim::ChainBuilder::Issue>{
        {issuer,
         factory.make("12330000470000000X", "浙江省人民医院", "33010126", 100 + seq, at_ms / 1000 - 600)}};
  };
  auto block1 = must(fork.seal_block(issue(1, t0 + kHourMs), t0 + kHourMs));
  must(fork.rotate_validators(4));
  must(fork.seal_block(issue(2, t0 + 2 * kHourMs), t0 + 2 * kHourMs));
  auto block3 = must(fork.seal_block(issue(3, t0 + 2 * kHourMs), t0 + 2 * kHourMs));
  auto check = [&](const ReceiptBundle& b) { return must(verify_bundle(b, fork.anchor(), demo().options)); };
  return Fork{block1[0], check(block1[0]), block3[0], check(block3[0])};
}

// The cache file opened directly, as a tool (or anyone with the file) could.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
      throw std::runtime_error("cannot open " + path);
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  void exec(const std::string& sql) {
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    }
  }
  // Column `col` of each row, as text.
  std::vector<std::string> column(const std::string& sql, const std::vector<std::string>& params = {},
                                  int col = 0) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      sqlite3_bind_text(stmt, static_cast<int>(i + 1), params[i].c_str(), -1, nullptr);
    }
    std::vector<std::string> out;
    int rc = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(stmt, col);
      out.emplace_back(text == nullptr ? "" : reinterpret_cast<const char*>(text));
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    return out;
  }
  std::string text(const std::string& sql, const std::vector<std::string>& params = {}) {
    auto rows = column(sql, params);
    if (rows.empty()) throw std::runtime_error(sql + ": no row");
    return rows.front();
  }
  std::int64_t integer(const std::string& sql) { return std::stoll(text(sql)); }

 private:
  sqlite3* db_ = nullptr;
};

class ReceiptStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::path(::testing::TempDir()) / "receipt_store_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/cache.db";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  ReceiptStore open_store() { return must(ReceiptStore::open(path_)); }
  static void put(ReceiptStore& store, const ReceiptBundle& b, std::uint64_t at = 1'767'240'000) {
    must(store.put(b, verified(b), at));
  }
  static std::string key(const ReceiptBundle& b) { return b.receipt.code + "-" + b.receipt.number; }

  std::string dir_;
  std::string path_;
};

TEST_F(ReceiptStoreTest, RoundTripRebuildsTheBundleAndItVerifiesAgain) {
  const Demo& d = demo();
  ReceiptStore store = open_store();
  const std::vector<const ReceiptBundle*> stored{&d.block1[0], &d.block1[1], &d.block1[2], &d.block2[0]};
  for (const auto* b : stored) put(store, *b);
  EXPECT_EQ(*store.count(), stored.size());

  for (const auto* original : stored) {
    SCOPED_TRACE(key(*original));
    auto got = store.get(original->receipt.code, original->receipt.number);
    ASSERT_TRUE(got.ok()) << got.error().message;
    ASSERT_TRUE(got->has_value());
    const ReceiptBundle& rebuilt = **got;
    // Exactly the bundle that was put: a block-1 receipt gets no changes
    // although the chain's change (activation 2) is cached too.
    EXPECT_EQ(bundle_to_json(rebuilt), bundle_to_json(*original));
    EXPECT_EQ(rebuilt.validator_set_changes.size(), original->validator_set_changes.size());
    auto again = verify_bundle(rebuilt, d.anchor, d.options);
    ASSERT_TRUE(again.ok()) << again.error().message;
    const VerifiedReceipt first = verified(*original);
    EXPECT_EQ(again->receipt_hash, first.receipt_hash);
    EXPECT_EQ(again->tx_hash, first.tx_hash);
    EXPECT_EQ(again->header_hash, first.header_hash);
  }
  EXPECT_EQ(d.block2[0].validator_set_changes.size(), 1u);  // the rotation is exercised

  // Shared parts are stored once.
  RawDb raw(path_);
  EXPECT_EQ(raw.integer("SELECT count(*) FROM headers"), 2);
  EXPECT_EQ(raw.integer("SELECT count(*) FROM issuer_certificates"), 2);
  EXPECT_EQ(raw.integer("SELECT count(*) FROM validator_set_changes"), 1);
  EXPECT_TRUE(store.check_integrity().ok());
}

TEST_F(ReceiptStoreTest, MissingReceiptIsNullopt) {
  ReceiptStore store = open_store();
  auto empty = store.get("33010126", "0000000001");
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  EXPECT_FALSE(empty->has_value());

  const ReceiptBundle& b = demo().block1[0];
  put(store, b);
  auto other_number = store.get(b.receipt.code, "9999999999");
  ASSERT_TRUE(other_number.ok());
  EXPECT_FALSE(other_number->has_value());
  auto other_code = store.get("99999999", b.receipt.number);
  ASSERT_TRUE(other_code.ok());
  EXPECT_FALSE(other_code->has_value());
  EXPECT_TRUE(store.get(b.receipt.code, b.receipt.number)->has_value());
}

TEST_F(ReceiptStoreTest, RetentionDropsOnlyReceiptsVerifiedBeforeTheCutoff) {
  ReceiptStore store = open_store();
  const ReceiptBundle& old_one = demo().block1[0];
  const ReceiptBundle& new_one = demo().block1[1];
  put(store, old_one, 1'000);
  put(store, new_one, 2'000);

  EXPECT_EQ(must(store.prune_verified_before(1'000)), 0u);  // verified AT the cutoff stays
  EXPECT_EQ(must(store.prune_verified_before(1'500)), 1u);
  EXPECT_FALSE(must(store.get(old_one.receipt.code, old_one.receipt.number)).has_value());
  EXPECT_TRUE(must(store.get(new_one.receipt.code, new_one.receipt.number)).has_value());
  EXPECT_EQ(must(store.count()), 1u);

  put(store, old_one, 3'000);  // fetched again: cached again, header and certificate still there
  EXPECT_TRUE(must(store.get(old_one.receipt.code, old_one.receipt.number)).has_value());
  EXPECT_TRUE(store.check_integrity().ok());
}

TEST_F(ReceiptStoreTest, NewFileIsPrivateWhateverTheUmask) {
  for (mode_t mask : {mode_t{0}, mode_t{0277}}) {
    SCOPED_TRACE("umask " + std::to_string(mask));
    const std::string path = dir_ + "/private-" + std::to_string(mask) + ".db";
    const mode_t old = ::umask(mask);
    auto store = ReceiptStore::open(path);
    ::umask(old);
    ASSERT_TRUE(store.ok()) << store.error().message;
    put(*store, demo().block1[0]);  // the WAL and its index exist while open
    for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
      struct stat st {};
      ASSERT_EQ(::stat(file.c_str(), &st), 0) << file;
      EXPECT_EQ(st.st_mode & 0777, 0600u) << file;
    }
  }
}

TEST_F(ReceiptStoreTest, ReopenedCacheStillHasTheReceipt) {
  const ReceiptBundle& b = demo().block2[1];
  {
    ReceiptStore store = open_store();
    put(store, b);
  }
  ReceiptStore store = open_store();
  EXPECT_EQ(*store.count(), 1u);
  auto got = store.get(b.receipt.code, b.receipt.number);
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(bundle_to_json(**got), bundle_to_json(b));
}

TEST_F(ReceiptStoreTest, MovedStoreKeepsWorking) {
  ReceiptStore first = open_store();
  ReceiptStore second = std::move(first);
  put(second, demo().block1[0]);
  ReceiptStore third = open_store();
  third = std::move(second);
  EXPECT_EQ(*third.count(), 1u);
}

TEST_F(ReceiptStoreTest, GarbageFileIsDataLossAndLeftAlone) {
  std::string garbage(64 * 1024, '\0');
  std::mt19937 rng(1);
  for (char& c : garbage) c = static_cast<char>(rng());
  std::ofstream(path_, std::ios::binary) << garbage;

  auto store = ReceiptStore::open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.code(), ErrorCode::kDataLoss);
  EXPECT_NE(store.error().message.find(path_), std::string::npos) << store.error().message;
  EXPECT_NE(store.error().message.find("is not a chainslip receipt cache or is corrupt"), std::string::npos)
      << store.error().message;

  std::ifstream in(path_, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), garbage);
}

TEST_F(ReceiptStoreTest, OtherApplicationsDatabaseIsDataLoss) {
  RawDb(path_).exec("CREATE TABLE notes (body TEXT)");
  auto store = ReceiptStore::open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.code(), ErrorCode::kDataLoss);
  EXPECT_NE(store.error().message.find("another application"), std::string::npos) << store.error().message;
}

TEST_F(ReceiptStoreTest, NewerSchemaIsFailedPrecondition) {
  { ReceiptStore store = open_store(); }
  const int newer = receipt_cache_schema().latest_version() + 1;
  RawDb(path_).exec("PRAGMA user_version = " + std::to_string(newer));

  auto store = ReceiptStore::open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.code(), ErrorCode::kFailedPrecondition);
  const std::string expected = "cache schema version " + std::to_string(newer) +
                               " is newer than this build supports (" +
                               std::to_string(receipt_cache_schema().latest_version()) + ")";
  EXPECT_NE(store.error().message.find(expected), std::string::npos) << store.error().message;
  EXPECT_EQ(RawDb(path_).integer("PRAGMA user_version"), newer);  // not "migrated" back
}

TEST_F(ReceiptStoreTest, MigrationsAreOrderedAndRecorded) {
  int expected = 1;
  for (const Migration& m : receipt_cache_schema().migrations) EXPECT_EQ(m.version, expected++);
  EXPECT_EQ(receipt_cache_schema().latest_version(), expected - 1);

  { ReceiptStore store = open_store(); }
  { ReceiptStore store = open_store(); }  // reopening finds nothing to do
  RawDb raw(path_);
  EXPECT_EQ(raw.integer("PRAGMA user_version"), receipt_cache_schema().latest_version());
  EXPECT_EQ(raw.integer("PRAGMA application_id"), kCacheApplicationId);
  EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.integer("PRAGMA page_size"), kCachePageSize);
}

// A cache written by a build before receipts became v2: migration 1 only,
// with a header and a certificate kept by migration 2 and a v1 receipt row
// it drops (its bundle no longer parses; the node has it again).
TEST_F(ReceiptStoreTest, MigrationFromTheV1SchemaDropsV1ReceiptsAndKeepsTheRest) {
  {
    RawDb old(path_);
    old.exec("PRAGMA page_size = " + std::to_string(kCachePageSize));
    old.exec("PRAGMA journal_mode = WAL");
    old.exec(std::string(receipt_cache_schema().migrations[0].sql));
    old.exec("PRAGMA user_version = 1");
    old.exec("INSERT INTO headers VALUES (x'01', 'chain', 7, '{}')");
    old.exec("INSERT INTO issuer_certificates (id, hash, certificate_json) VALUES (1, x'02', '{}')");
    old.exec(
        "INSERT INTO receipts VALUES ('33010126', '0000000001', 'outpatient', 1767229200, 1250, "
        "'12330000470000000X', x'03', x'04', x'01', 1, '{\"version\":1}', 1767229300)");
  }
  ReceiptStore store = open_store();
  {
    RawDb raw(path_);
    EXPECT_EQ(raw.integer("PRAGMA user_version"), 2);
    EXPECT_EQ(raw.integer("SELECT count(*) FROM receipts"), 0);
    EXPECT_EQ(raw.integer("SELECT count(*) FROM headers"), 1);
    EXPECT_EQ(raw.integer("SELECT count(*) FROM issuer_certificates"), 1);
  }
  auto gone = store.get("33010126", "0000000001");
  ASSERT_TRUE(gone.ok()) << gone.error().message;
  EXPECT_FALSE(gone->has_value());

  // The migrated file takes v2 receipts, with the new listing columns.
  const Demo& d = demo();
  const ReceiptBundle* medical = nullptr;
  for (const auto& b : d.block1) {
    if (b.receipt.medical) medical = &b;
  }
  ASSERT_NE(medical, nullptr);
  put(store, *medical);
  auto got = store.get(medical->receipt.code, medical->receipt.number);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->receipt, medical->receipt);
  RawDb raw(path_);
  EXPECT_EQ(raw.text("SELECT business_serial FROM receipts"), medical->receipt.business_serial);
  EXPECT_EQ(raw.text("SELECT patient_number FROM receipts"), medical->receipt.medical->patient_number);
}

TEST_F(ReceiptStoreTest, LookupByCodeAndNumberIsAnIndexSeek) {
  { ReceiptStore store = open_store(); }
  // The store's lookup filters on exactly these columns.
  const auto plan = RawDb(path_).column(
      "EXPLAIN QUERY PLAN SELECT bundle_json FROM receipts WHERE code = ?1 AND number = ?2", {"1", "2"},
      /*col=*/3);
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_NE(plan[0].find("SEARCH receipts USING INDEX"), std::string::npos) << plan[0];
  EXPECT_NE(plan[0].find("(code=? AND number=?)"), std::string::npos) << plan[0];
}

TEST_F(ReceiptStoreTest, StoredJsonThatNoLongerParsesIsDataLoss) {
  const ReceiptBundle& b = demo().block2[0];
  const std::string where = "code = '" + b.receipt.code + "' AND number = '" + b.receipt.number + "'";
  struct Damage {
    const char* column;
    std::string sql;
  };
  const std::vector<Damage> damages{
      {"bundle_json", "UPDATE receipts SET bundle_json = '{\"version\": 1, \"suite\"' WHERE " + where},
      {"bundle_json", "UPDATE receipts SET bundle_json = '[]' WHERE " + where},
      {"inclusion_proof",
       "UPDATE receipts SET bundle_json = json_remove(bundle_json, '$.inclusion_proof') WHERE " + where},
      {"header_json", "UPDATE headers SET header_json = 'not json'"},
      // Parses, but bundle_from_json refuses it, naming the field.
      {"bundle.issuer_certificate.serial", "UPDATE issuer_certificates SET certificate_json = '{}'"},
      {"bundle.validator_set_changes[0].chain_id",
       "UPDATE validator_set_changes SET change_json = '{\"chain_id\": 7}'"},
      {"header_json is missing", "DELETE FROM headers"},  // foreign keys are off in this connection
  };
  for (const Damage& damage : damages) {
    SCOPED_TRACE(damage.sql);
    std::filesystem::remove(path_);
    ReceiptStore store = open_store();
    put(store, b);
    RawDb(path_).exec(damage.sql);
    auto got = store.get(b.receipt.code, b.receipt.number);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.code(), ErrorCode::kDataLoss);
    EXPECT_NE(got.error().message.find(key(b)), std::string::npos) << got.error().message;
    EXPECT_NE(got.error().message.find(damage.column), std::string::npos) << got.error().message;
  }
}

TEST_F(ReceiptStoreTest, TamperedRowIsReturnedButFailsVerification) {
  const ReceiptBundle& b = demo().block1[0];
  ReceiptStore store = open_store();
  put(store, b);

  // Change the payer: the receipt still parses, and only the issuer's
  // signature can tell.
  RawDb raw(path_);
  const std::vector<std::string> params{b.receipt.code, b.receipt.number};
  Json row =
      Json::parse(raw.text("SELECT bundle_json FROM receipts WHERE code = ?1 AND number = ?2", params));
  row["receipt"]["payer"]["name"] = "李四某";
  raw.column("UPDATE receipts SET bundle_json = ?3 WHERE code = ?1 AND number = ?2",
             {b.receipt.code, b.receipt.number, row.dump()});

  auto got = store.get(b.receipt.code, b.receipt.number);
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->receipt.payer.name, "李四某");
  auto verdict = verify_bundle(**got, demo().anchor, demo().options);
  ASSERT_FALSE(verdict.ok());
  EXPECT_EQ(verdict.code(), ErrorCode::kIssuerSignatureInvalid);
}

TEST_F(ReceiptStoreTest, RowHoldingAnotherReceiptIsDataLoss) {
  // Same issuer, same block: the other bundle would verify, as the other receipt.
  const ReceiptBundle& asked = demo().block1[0];
  const ReceiptBundle& other = demo().block1[2];
  ASSERT_EQ(asked.receipt.issuer_id, other.receipt.issuer_id);
  ReceiptStore store = open_store();
  put(store, asked);
  put(store, other);
  RawDb(path_).column(
      "UPDATE receipts SET bundle_json = (SELECT bundle_json FROM receipts WHERE number = ?3) "
      "WHERE code = ?1 AND number = ?2",
      {asked.receipt.code, asked.receipt.number, other.receipt.number});

  auto got = store.get(asked.receipt.code, asked.receipt.number);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.code(), ErrorCode::kDataLoss);
  EXPECT_NE(got.error().message.find("holds receipt " + key(other)), std::string::npos)
      << got.error().message;
}

TEST_F(ReceiptStoreTest, DamagedPagesAreDataLossNotACrash) {
  const ReceiptBundle& b = demo().block1[1];
  {
    ReceiptStore store = open_store();
    for (const auto& r : demo().block1) put(store, r);
    ASSERT_TRUE(store.check_integrity().ok());
  }  // the last close checkpoints the WAL into the file
  ASSERT_FALSE(std::filesystem::exists(path_ + "-wal"));
  // Keep page 1 (header and schema), overwrite every other page.
  const auto page = static_cast<std::uintmax_t>(RawDb(path_).integer("PRAGMA page_size"));
  const auto size = std::filesystem::file_size(path_);
  ASSERT_GT(size, page);
  std::string garbage(size - page, '\0');
  std::mt19937 rng(2);
  for (char& c : garbage) c = static_cast<char>(rng());
  {
    std::fstream f(path_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(page));
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }

  // open() reads page 1 only: it succeeds, and the damage shows where it is met.
  auto store = ReceiptStore::open(path_);
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto got = store->get(b.receipt.code, b.receipt.number);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.code(), ErrorCode::kDataLoss) << got.error().message;
  EXPECT_NE(got.error().message.find(path_), std::string::npos) << got.error().message;
  const Status check = store->check_integrity();
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.code(), ErrorCode::kDataLoss) << check.error().message;
}

TEST_F(ReceiptStoreTest, ForkedBlockOrChangeIsRefusedAndNothingOfThatPutStays) {
  const Demo& d = demo();
  ReceiptStore store = open_store();
  put(store, d.block1[0]);
  put(store, d.block2[0]);  // caches the change activating at height 2

  const Fork fork = make_fork();
  RawDb raw(path_);
  const auto certificates = raw.integer("SELECT count(*) FROM issuer_certificates");

  const Status block = store.put(fork.block1, fork.verified1, 1);
  ASSERT_FALSE(block.ok());
  EXPECT_EQ(block.code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(block.error().message.find("block 1 of chain chainslip-demo differs"), std::string::npos)
      << block.error().message;

  const Status change = store.put(fork.block3, fork.verified3, 1);
  ASSERT_FALSE(change.ok());
  EXPECT_EQ(change.code(), ErrorCode::kValidatorSetChangeInvalid);
  EXPECT_NE(change.error().message.find("at height 2 differs"), std::string::npos) << change.error().message;

  // Both puts were undone whole: not even their new header or certificate stayed.
  EXPECT_EQ(*store.count(), 2u);
  EXPECT_EQ(raw.integer("SELECT count(*) FROM headers"), 2);
  EXPECT_EQ(raw.integer("SELECT count(*) FROM issuer_certificates"), certificates);
  auto cached = store.get(d.block2[0].receipt.code, d.block2[0].receipt.number);
  ASSERT_TRUE(cached.ok() && cached->has_value());
  EXPECT_TRUE(verify_bundle(**cached, d.anchor, d.options).ok());
}

TEST_F(ReceiptStoreTest, PutRefusesAVerificationOfAnotherHeader) {
  ReceiptStore store = open_store();
  const Status s = store.put(demo().block2[0], verified(demo().block1[0]), 1);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(*store.count(), 0u);
}

TEST_F(ReceiptStoreTest, PutReplacesTheSameReceipt) {
  const ReceiptBundle& b = demo().block1[0];
  ReceiptStore store = open_store();
  put(store, b, 1000);
  put(store, b, 2000);
  EXPECT_EQ(*store.count(), 1u);
  EXPECT_EQ(RawDb(path_).integer("SELECT verified_at FROM receipts"), 2000);
}

TEST_F(ReceiptStoreTest, TransactionCommitsOrRollsBackItsPuts) {
  const Demo& d = demo();
  ReceiptStore store = open_store();
  {
    auto tx = store.begin_transaction();
    ASSERT_TRUE(tx.ok()) << tx.error().message;
    put(store, d.block1[0]);
    put(store, d.block1[1]);
  }  // not committed
  EXPECT_EQ(*store.count(), 0u);

  auto tx = store.begin_transaction();
  ASSERT_TRUE(tx.ok()) << tx.error().message;
  put(store, d.block1[0]);
  put(store, d.block2[1]);  // caches the change at height 2
  // Fails after storing its new header and certificate: undone alone.
  const Fork fork = make_fork();
  EXPECT_EQ(store.put(fork.block3, fork.verified3, 1).code(), ErrorCode::kValidatorSetChangeInvalid);
  put(store, d.block1[1]);
  ASSERT_TRUE(tx->commit().ok());
  EXPECT_FALSE(tx->commit().ok());  // once
  EXPECT_EQ(*store.count(), 3u);
  RawDb raw(path_);
  EXPECT_EQ(raw.integer("SELECT count(*) FROM headers"), 2);
  EXPECT_EQ(raw.integer("SELECT count(*) FROM issuer_certificates"), 2);
  EXPECT_TRUE(store.get(d.block2[1].receipt.code, d.block2[1].receipt.number)->has_value());
}

}  // namespace
}  // namespace chainslip

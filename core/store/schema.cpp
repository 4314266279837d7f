#include "core/store/schema.h"

#include "core/store/sqlite_util.h"
#include "core/util/c_handle.h"

#include <array>
#include <memory>

#include <sqlite3.h>

namespace chainslip {
namespace {

// Migration 1. What is shared is stored once: a block header is referenced by
// every receipt of its block, a certificate by every receipt of its issuer,
// and a validator-set change by every later bundle of its chain. A receipt
// row holds the rest of its bundle (receipt, issuer signature, inclusion
// proof) as the bundle's own JSON, so a cached receipt is rebuilt by the one
// bundle parser and can be verified again offline. The other receipt columns
// are for listing and reports; the JSON is what is verified.
constexpr std::string_view kMigration1 = R"sql(
PRAGMA application_id = 1668508784;  -- kCacheApplicationId, 0x63736c70 "cslp"

-- The block header JSON as verified, keyed by its locally computed hash. Its
-- validator signatures are not hashed: a header seen again keeps the first
-- verified quorum, which re-verifies as well as any other.
CREATE TABLE headers (
  hash        BLOB PRIMARY KEY NOT NULL,
  chain_id    TEXT NOT NULL,
  height      INTEGER NOT NULL,
  header_json TEXT NOT NULL,
  UNIQUE (chain_id, height)  -- two verified blocks at one height is a fork
);

-- Keyed, like headers, by the hash of what the signer signed
-- (H(canonical certificate bytes)); receipts refer to the short rowid.
CREATE TABLE issuer_certificates (
  id               INTEGER PRIMARY KEY,
  hash             BLOB NOT NULL UNIQUE,
  certificate_json TEXT NOT NULL
);

-- Every verified change, so a bundle is rebuilt with the changes of its
-- chain up to its header's height (docs/PROTOCOL.md 5.1: keep them).
-- change_hash excludes the signatures; it is what a conflicting change at
-- the same height would differ in.
CREATE TABLE validator_set_changes (
  chain_id          TEXT NOT NULL,
  activation_height INTEGER NOT NULL,
  change_hash       BLOB NOT NULL,
  change_json       TEXT NOT NULL,
  PRIMARY KEY (chain_id, activation_height)
);

-- Keyed by 票据代码 + 票据号码, the lookup a kiosk makes. A rowid table with
-- the key in its own index: the rows (about 1 KB) stay out of the index's
-- pages, so the index seek touches few pages.
CREATE TABLE receipts (
  code           TEXT NOT NULL,
  number         TEXT NOT NULL,
  kind           TEXT NOT NULL,
  issued_at      INTEGER NOT NULL,
  amount_fen     INTEGER NOT NULL,
  issuer_id      TEXT NOT NULL,
  receipt_hash   BLOB NOT NULL,
  tx_hash        BLOB NOT NULL,
  header_hash    BLOB NOT NULL REFERENCES headers (hash),
  certificate_id INTEGER NOT NULL REFERENCES issuer_certificates (id),
  bundle_json    TEXT NOT NULL,  -- the bundle without header, certificate, changes
  verified_at    INTEGER NOT NULL,  -- Unix seconds
  PRIMARY KEY (code, number)
);
-- No index on receipts(header_hash) or (certificate_id): parents are never
-- deleted. Pruning old receipts would add them in a later migration.
)sql";

// Migration 2: receipts became chainslip.receipt.v2 (bundle version 2, the
// data standard's fields; docs/PROTOCOL.md 2.1). A v1 receipt row can no
// longer be parsed or verified, so it is dropped: the cache is refilled from
// the node on the next scan, and nothing else refers to a receipt row.
// Headers, certificates and validator-set changes are unchanged and kept. The
// new columns list what the kiosk shows of a receipt without parsing it.
constexpr std::string_view kMigration2 = R"sql(
DELETE FROM receipts;
ALTER TABLE receipts ADD COLUMN business_serial TEXT NOT NULL DEFAULT '';
ALTER TABLE receipts ADD COLUMN patient_number TEXT NOT NULL DEFAULT '';  -- 门诊号/住院号; '' for other kinds
)sql";

constexpr std::array<Migration, 2> kCacheMigrations{{
    {1, kMigration1},
    {2, kMigration2},
}};

// The exchange journal (core/store/exchange_journal.h), migration 1. Each
// paper copy an exchange makes is a row of `papers` whose state moves
// forward only; `steps` is the append-only record of every step, written in
// the same transaction as the state it records, never updated or deleted.
constexpr std::string_view kJournalMigration1 = R"sql(
PRAGMA application_id = 1668508268;  -- kJournalApplicationId, 0x63736a6c "csjl"

-- Counters that must never repeat across restarts: the device nonce of
-- status transactions and the paper number of this kiosk's paper stock.
CREATE TABLE counters (
  name  TEXT PRIMARY KEY NOT NULL,
  value INTEGER NOT NULL
);

-- One patient request to exchange a receipt for paper.
CREATE TABLE exchanges (
  id           INTEGER PRIMARY KEY,
  chain_id     TEXT NOT NULL,
  code         TEXT NOT NULL,
  number       TEXT NOT NULL,
  receipt_hash BLOB NOT NULL,
  reason       TEXT NOT NULL,
  state        TEXT NOT NULL,  -- open, done, refused, abandoned
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX exchanges_open ON exchanges (state) WHERE state = 'open';

-- Each paper serial an exchange uses: the first, and one more after each
-- interrupted print (voided on chain first).
CREATE TABLE papers (
  id              INTEGER PRIMARY KEY,
  exchange_id     INTEGER NOT NULL REFERENCES exchanges (id),
  paper_code      TEXT NOT NULL,
  paper_number    TEXT NOT NULL,
  state           TEXT NOT NULL,
  convert_tx      TEXT,  -- the signed transaction JSON, resubmitted byte for byte
  convert_tx_hash BLOB,
  convert_proof   TEXT,  -- the inclusion proof that it was accepted
  refusal         TEXT,
  void_tx         TEXT,
  void_tx_hash    BLOB,
  void_proof      TEXT,
  void_reason     TEXT,
  UNIQUE (paper_code, paper_number)
);
CREATE INDEX papers_by_exchange ON papers (exchange_id);

CREATE TABLE steps (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  exchange_id INTEGER NOT NULL REFERENCES exchanges (id),
  paper_id    INTEGER REFERENCES papers (id),
  step        TEXT NOT NULL,
  at          INTEGER NOT NULL,  -- Unix seconds
  detail      TEXT NOT NULL
);
CREATE INDEX steps_by_exchange ON steps (exchange_id);
)sql";

// Journal migration 2: a paper the chain refused, or one abandoned before
// submission, was never issued, so its number goes back to the stock
// (ExchangeJournal::refused/abandoned) and the next paper carries it. A serial
// is unique among the papers that may be or have been on chain, not among
// those refused or abandoned: the table-wide UNIQUE becomes a partial unique
// index, which SQLite can only do by rebuilding the table. Foreign keys are on
// and cannot be switched off inside the migration's transaction, and dropping
// a parent table deletes its rows first: so steps, the only table that refers
// to papers, is set aside and rebuilt after papers, rows and seq unchanged.
constexpr std::string_view kJournalMigration2 = R"sql(
CREATE TABLE papers_v2 (
  id              INTEGER PRIMARY KEY,
  exchange_id     INTEGER NOT NULL REFERENCES exchanges (id),
  paper_code      TEXT NOT NULL,
  paper_number    TEXT NOT NULL,
  state           TEXT NOT NULL,
  convert_tx      TEXT,
  convert_tx_hash BLOB,
  convert_proof   TEXT,
  refusal         TEXT,
  void_tx         TEXT,
  void_tx_hash    BLOB,
  void_proof      TEXT,
  void_reason     TEXT
);
INSERT INTO papers_v2 SELECT id, exchange_id, paper_code, paper_number, state, convert_tx, convert_tx_hash,
  convert_proof, refusal, void_tx, void_tx_hash, void_proof, void_reason FROM papers;
CREATE TABLE steps_v1 AS SELECT seq, exchange_id, paper_id, step, at, detail FROM steps;
DROP TABLE steps;
DROP TABLE papers;
ALTER TABLE papers_v2 RENAME TO papers;
CREATE INDEX papers_by_exchange ON papers (exchange_id);
CREATE UNIQUE INDEX papers_issued_serial ON papers (paper_code, paper_number)
  WHERE state NOT IN ('refused', 'abandoned');
CREATE TABLE steps (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  exchange_id INTEGER NOT NULL REFERENCES exchanges (id),
  paper_id    INTEGER REFERENCES papers (id),
  step        TEXT NOT NULL,
  at          INTEGER NOT NULL,  -- Unix seconds
  detail      TEXT NOT NULL
);
INSERT INTO steps (seq, exchange_id, paper_id, step, at, detail)
  SELECT seq, exchange_id, paper_id, step, at, detail FROM steps_v1 ORDER BY seq;
DROP TABLE steps_v1;
CREATE INDEX steps_by_exchange ON steps (exchange_id);
)sql";

constexpr std::array<Migration, 2> kJournalMigrations{{
    {1, kJournalMigration1},
    {2, kJournalMigration2},
}};

constexpr DatabaseSchema kCacheSchema{"receipt cache", kCacheApplicationId, kCachePageSize, kCacheMigrations, false};
constexpr DatabaseSchema kJournalSchema{"exchange journal", kJournalApplicationId, 4096, kJournalMigrations, true};

using Stmt = CHandle<sqlite3_stmt, sqlite3_finalize>;

Result<std::int64_t> query_int(const DatabaseSchema& schema, sqlite3* db, const std::string& path,
                               const char* sql) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
  Stmt stmt(raw);
  if (rc != SQLITE_OK) return database_error(schema, db, rc, path, sql);
  rc = sqlite3_step(stmt.get());
  if (rc != SQLITE_ROW) return database_error(schema, db, rc == SQLITE_DONE ? SQLITE_INTERNAL : rc, path, sql);
  return sqlite3_column_int64(stmt.get(), 0);
}

Status migrate_to(const DatabaseSchema& schema, sqlite3* db, const std::string& path, const Migration& m) {
  CS_ASSIGN_OR_RETURN(int current, read_schema_version(schema, db, path));
  if (current >= m.version) return {};  // another process got here first
  const std::string what = "migration " + std::to_string(m.version);
  CS_RETURN_IF_ERROR(sqlite::exec(schema, db, path, std::string(m.sql).c_str(), what));
  const std::string set_version = "PRAGMA user_version = " + std::to_string(m.version);
  return sqlite::exec(schema, db, path, set_version.c_str(), what);
}

}  // namespace

const DatabaseSchema& receipt_cache_schema() { return kCacheSchema; }
const DatabaseSchema& exchange_journal_schema() { return kJournalSchema; }

Error database_error(const DatabaseSchema& schema, sqlite3* db, int rc, const std::string& path,
                     std::string_view what) {
  const std::string kind(schema.kind);
  const std::string detail = std::string(what) + ": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return make_error(ErrorCode::kDataLoss,
                        path + " is not a chainslip " + kind + " or is corrupt (" + detail + ")");
    // The disk failed a read, write, sync or lock: what was to be stored
    // may not be. Not kUnavailable, which callers take for "the network,
    // try again later".
    case SQLITE_IOERR:
      return make_error(ErrorCode::kDataLoss, kind + " " + path + ": " + detail);
    case SQLITE_FULL:
      return make_error(ErrorCode::kResourceExhausted, kind + " " + path + ": " + detail);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return make_error(ErrorCode::kBusy, kind + " " + path + ": " + detail);
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
      return make_error(ErrorCode::kUnavailable, kind + " " + path + ": " + detail);
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return make_error(ErrorCode::kFailedPrecondition, kind + " " + path + ": " + detail);
    default:
      return make_error(ErrorCode::kInternal, kind + " " + path + ": " + detail);
  }
}

Result<int> read_schema_version(const DatabaseSchema& schema, sqlite3* db, const std::string& path) {
  const std::string kind(schema.kind);
  // The first read of the file: a non-SQLite file fails here (SQLITE_NOTADB),
  // and reading the schema catches a damaged first page.
  CS_ASSIGN_OR_RETURN(std::int64_t app_id, query_int(schema, db, path, "PRAGMA application_id"));
  CS_ASSIGN_OR_RETURN(std::int64_t version, query_int(schema, db, path, "PRAGMA user_version"));
  CS_ASSIGN_OR_RETURN(std::int64_t objects, query_int(schema, db, path, "SELECT count(*) FROM sqlite_schema"));
  if (app_id == 0 && version == 0 && objects == 0) return 0;  // a new, empty file
  if (app_id != schema.application_id) {
    return make_error(ErrorCode::kDataLoss, path + " is not a chainslip " + kind +
                                                " or is corrupt (it is a SQLite database of another "
                                                "application, application_id " +
                                                std::to_string(app_id) + ")");
  }
  const int latest = schema.latest_version();
  if (version > latest) {
    return make_error(ErrorCode::kFailedPrecondition, path + ": " + kind + " schema version " +
                                                          std::to_string(version) +
                                                          " is newer than this build supports (" +
                                                          std::to_string(latest) + ")");
  }
  if (version < 1) {
    return make_error(ErrorCode::kDataLoss, path + " is not a chainslip " + kind +
                                                " or is corrupt (schema version " + std::to_string(version) + ")");
  }
  return static_cast<int>(version);
}

Status apply_migrations(const DatabaseSchema& schema, sqlite3* db, const std::string& path) {
  CS_ASSIGN_OR_RETURN(int current, read_schema_version(schema, db, path));
  for (const Migration& m : schema.migrations) {
    if (m.version <= current) continue;
    CS_ASSIGN_OR_RETURN(sqlite::WriteTransaction txn, sqlite::WriteTransaction::begin(schema, db, path));
    CS_RETURN_IF_ERROR(migrate_to(schema, db, path, m));
    CS_RETURN_IF_ERROR(txn.commit());
  }
  return {};
}

}  // namespace chainslip

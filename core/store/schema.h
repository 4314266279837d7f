#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/util/result.h"

struct sqlite3;

namespace chainslip {

// Every SQL schema chainslip keeps lives here (schema.cpp) and nowhere
// else: the receipt cache and the exchange journal. A schema changes only by
// appending a migration: a released migration is never edited, since kiosks
// in the field have already run it.
struct Migration {
  int version;           // 1, 2, 3, ... in order; stored as PRAGMA user_version
  std::string_view sql;  // one or more statements, run in one transaction
};

struct DatabaseSchema {
  std::string_view kind;        // how messages name the file: "receipt cache"
  std::int32_t application_id;  // PRAGMA application_id: tells our file from any other SQLite file
  int page_size;                // of a new file
  std::span<const Migration> migrations;
  // PRAGMA quick_check at every open: for the journal (small, and nothing
  // may be served from a damaged one), not the cache (large, and rebuilt
  // from the chain if lost).
  bool quick_check_at_open = false;

  int latest_version() const { return migrations.back().version; }
};

// "cslp". A receipt row is 1-2 KB: a 4 KB page often fits two and leaves a
// third empty; at 8 KB the file of 1M receipts is 12% smaller, and lookups
// cost the same (bench/store_bench.cpp).
inline constexpr std::int32_t kCacheApplicationId = 0x63736c70;
inline constexpr int kCachePageSize = 8192;
const DatabaseSchema& receipt_cache_schema();

// "csjl". Small rows, written one step at a time.
inline constexpr std::int32_t kJournalApplicationId = 0x63736a6c;
const DatabaseSchema& exchange_journal_schema();

// Reads the file's header and schema before anything writes to it. Returns
// the file's schema version (0 for an empty file). kDataLoss if the file is
// not SQLite, is corrupt, or is another application's database;
// kFailedPrecondition if a newer chainslip wrote it.
Result<int> read_schema_version(const DatabaseSchema& schema, sqlite3* db, const std::string& path);

// Applies every migration newer than the file's version, each in its own
// IMMEDIATE transaction that re-reads the version first (another process may
// have migrated meanwhile).
Status apply_migrations(const DatabaseSchema& schema, sqlite3* db, const std::string& path);

// The one mapping of a SQLite result code to an Error. The message names the
// file, what was being done, and sqlite3_errmsg. A disk that fails
// (SQLITE_IOERR_*) is kDataLoss, a full one (SQLITE_FULL) kResourceExhausted;
// a lock held elsewhere (SQLITE_BUSY, SQLITE_LOCKED) is kBusy.
Error database_error(const DatabaseSchema& schema, sqlite3* db, int rc, const std::string& path,
                     std::string_view what);

}  // namespace chainslip

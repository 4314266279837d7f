#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/util/result.h"

struct sqlite3;

namespace chainslip {

// The receipt cache's SQL schema lives here and nowhere else. It changes only
// by appending a migration: a released migration is never edited, since
// kiosks in the field have already run it.
struct CacheMigration {
  int version;           // 1, 2, 3, ... in order; stored as PRAGMA user_version
  std::string_view sql;  // one or more statements, run in one transaction
};

std::span<const CacheMigration> cache_migrations();
int latest_cache_schema_version();

// PRAGMA application_id of a chainslip cache ("cslp"): tells our file apart
// from any other SQLite database that happens to sit at the configured path.
inline constexpr std::int32_t kCacheApplicationId = 0x63736c70;

// The page size of a new cache file. A receipt row is 1-2 KB: a 4 KB page
// often fits two and leaves a third empty; at 8 KB the file of 1M receipts is
// 12% smaller, and lookups cost the same (bench/store_bench.cpp).
inline constexpr int kCachePageSize = 8192;

// Reads the file's header and schema before anything writes to it. Returns
// the file's schema version (0 for an empty file). kDataLoss if the file is
// not SQLite, is corrupt, or is another application's database;
// kFailedPrecondition if a newer chainslip wrote it.
Result<int> read_cache_schema_version(sqlite3* db, const std::string& path);

// Applies every migration newer than the file's version, each in its own
// IMMEDIATE transaction that re-reads the version first (another process may
// have migrated meanwhile).
Status apply_cache_migrations(sqlite3* db, const std::string& path);

// The store's one mapping of a SQLite result code to an Error. The message
// names the cache file, what was being done, and sqlite3_errmsg.
Error cache_sqlite_error(sqlite3* db, int rc, const std::string& path, std::string_view what);

}  // namespace chainslip

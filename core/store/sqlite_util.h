#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <sqlite3.h>

#include "core/store/schema.h"
#include "core/util/bytes.h"
#include "core/util/c_handle.h"
#include "core/util/result.h"

// The SQLite plumbing the receipt cache and the exchange journal share:
// opening a private file under its schema, statement scopes, binding.
namespace chainslip::sqlite {

using Stmt = CHandle<sqlite3_stmt, sqlite3_finalize>;

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;

// How hard a commit is made to survive a power cut (PRAGMA synchronous in
// WAL mode). kNormal: a crash of the process loses nothing, a power cut may
// lose the last commits but never corrupts — right for a cache. kFull: a
// commit that returned is on disk — what the exchange journal needs.
enum class Durability { kNormal, kFull };

// Opens the database at `path`, creating it whole if missing (mode 0600
// whatever the umask, schema and page size in place before it appears under
// its name); checks that it is this schema's file before writing anything;
// sets WAL, `durability`, foreign keys; applies the pending migrations; then
// checks that every table and index is there and, if the schema asks,
// PRAGMA quick_check. kDataLoss for an empty (0-byte) file — chainslip never
// leaves one — a missing table or a failed check; else errors as
// read_schema_version and database_error. `vfs_name` names the SQLite VFS
// that does the file's I/O (sqlite3_vfs_find); empty: SQLite's default. The
// tests name one that fails chosen writes and syncs.
Result<Db> open_database(const DatabaseSchema& schema, const std::string& path, Durability durability,
                         const std::string& vfs_name = {});

// Runs `sql`, which returns no rows. A failure is database_error(schema, ...,
// `what`, or the SQL itself when `what` is empty).
Status exec(const DatabaseSchema& schema, sqlite3* db, const std::string& path, const char* sql,
            std::string_view what = {});

// BEGIN IMMEDIATE ... COMMIT. IMMEDIATE takes the write lock at once (waiting
// up to the busy timeout) rather than failing at the first write when
// another process writes. Rolled back when it ends uncommitted, and when its
// COMMIT fails (SQLITE_BUSY may leave it open).
class WriteTransaction {
 public:
  static Result<WriteTransaction> begin(const DatabaseSchema& schema, sqlite3* db, const std::string& path);
  WriteTransaction(WriteTransaction&& other) noexcept;
  WriteTransaction& operator=(WriteTransaction&&) = delete;
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  ~WriteTransaction();
  // kFailedPrecondition when already committed.
  Status commit();

 private:
  WriteTransaction(const DatabaseSchema& schema, sqlite3* db, std::string path)
      : schema_(&schema), db_(db), path_(std::move(path)) {}
  const DatabaseSchema* schema_;
  sqlite3* db_;  // null once committed or moved from
  std::string path_;
};

// Prepares a statement kept for the connection's life.
Status prepare(const DatabaseSchema& schema, sqlite3* db, const std::string& path, Stmt& stmt, const char* sql);

// Resets a cached statement when the scope ends, so that it holds no read
// snapshot and no pointer into buffers it was bound to.
class Use {
 public:
  explicit Use(const Stmt& s) : s_(s.get()) {}
  ~Use() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  Use(const Use&) = delete;
  Use& operator=(const Use&) = delete;
  sqlite3_stmt* get() const { return s_; }

 private:
  sqlite3_stmt* s_;
};

// Binds parameters 1, 2, 3, ... in order, keeping the first failure. Text and
// blobs are bound without a copy (SQLITE_STATIC): they outlive the statement's
// Use.
class Binder {
 public:
  explicit Binder(const Use& use) : s_(use.get()) {}
  explicit Binder(sqlite3_stmt* stmt) : s_(stmt) {}
  Binder& text(std::string_view v);
  Binder& blob(ByteView v);
  Binder& i64(std::int64_t v);
  Binder& null();
  int rc() const { return rc_; }

 private:
  sqlite3_stmt* s_;
  int rc_ = SQLITE_OK;
  int i_ = 0;
};

std::string_view column_text(sqlite3_stmt* s, int col);
Bytes column_blob(sqlite3_stmt* s, int col);

// SQLite integers are signed: refuse what would wrap instead of storing it.
Result<std::int64_t> to_sql_int(std::uint64_t v, const char* what, std::string_view kind);

}  // namespace chainslip::sqlite

#include "core/store/sqlite_util.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <set>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util/file_io.h"

namespace chainslip::sqlite {
namespace {

constexpr int kBusyTimeoutMs = 5000;

// Creates the file 0600 before SQLite sees it: SQLite would create it 0644
// minus the umask. fchmod because the umask can clear owner bits too. An
// existing file keeps its mode. SQLite gives the -wal and -shm files the
// database's mode.
Status create_private_file(const DatabaseSchema& schema, const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  int err = errno;
  if (fd >= 0) {
    const int rc = ::fchmod(fd, 0600);
    err = errno;
    ::close(fd);
    if (rc == 0) return {};
    ::unlink(path.c_str());
  } else if (err == EEXIST) {
    return {};
  }
  ErrorCode code = ErrorCode::kUnavailable;
  if (err == ENOENT || err == ENOTDIR) code = ErrorCode::kNotFound;
  if (err == EACCES || err == EPERM || err == EROFS) code = ErrorCode::kFailedPrecondition;
  return make_error(code, "cannot create " + std::string(schema.kind) + " " + path + ": " + std::strerror(err));
}

Status use_wal(const DatabaseSchema& schema, sqlite3* db, const std::string& path) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &raw, nullptr);
  Stmt stmt(raw);
  if (rc == SQLITE_OK) rc = sqlite3_step(stmt.get());
  if (rc != SQLITE_ROW) return database_error(schema, db, rc, path, "PRAGMA journal_mode = WAL");
  const std::string_view mode = column_text(stmt.get(), 0);
  if (mode != "wal") {
    return make_error(ErrorCode::kFailedPrecondition, std::string(schema.kind) + " " + path +
                                                          ": cannot use WAL (journal mode stays " +
                                                          std::string(mode) + ")");
  }
  return {};
}

// A new database is born whole: made beside its name (NAME.new) with its
// schema in it, synced, then linked into place. A crash leaves no half-made
// file under the name, so an empty file there was never chainslip's: it was
// truncated or replaced, and open_database refuses it rather than start a
// new journal whose counters begin again at 1.
Status create_database(const DatabaseSchema& schema, const std::string& path, const char* vfs) {
  const std::string made = path + ".new";
  ::unlink(made.c_str());  // left by a crash while creating
  CS_RETURN_IF_ERROR(create_private_file(schema, made));
  Status built;
  {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(made.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, vfs);
    Db db(raw);
    const std::string page_size = "PRAGMA page_size = " + std::to_string(schema.page_size);
    if (rc != SQLITE_OK) built = database_error(schema, raw, rc, made, "open");
    if (built.ok()) built = exec(schema, raw, made, page_size.c_str());
    if (built.ok()) built = exec(schema, raw, made, "PRAGMA synchronous = FULL");
    if (built.ok()) built = apply_migrations(schema, raw, made);
  }
  if (built.ok()) {
    // SQLite synced each commit (synchronous = FULL), so the file is on
    // disk. link(), not rename(): never over a file another process made
    // meanwhile.
    if (::link(made.c_str(), path.c_str()) != 0 && errno != EEXIST) {
      built = make_error(ErrorCode::kUnavailable,
                         "cannot create " + std::string(schema.kind) + " " + path + ": " + std::strerror(errno));
    }
  }
  ::unlink(made.c_str());
  sync_parent_directory(path);
  return built;
}

Status refuse_empty_file(const DatabaseSchema& schema, const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0 || st.st_size != 0) return {};
  return make_error(ErrorCode::kDataLoss,
                    std::string(schema.kind) + " " + path +
                        " is empty (0 bytes), which chainslip never leaves it: it was truncated or replaced. "
                        "Restore it from a backup; only on a kiosk that never served may it be deleted");
}

// What every migration together makes, by type and name ("table steps"),
// read from a scratch in-memory copy: the one list of what a file must hold.
Result<std::set<std::string>> schema_objects(const DatabaseSchema& schema, sqlite3* db, const std::string& path) {
  std::set<std::string> names;
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(
      db, "SELECT type || ' ' || name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'", -1, &raw, nullptr);
  Stmt stmt(raw);
  if (rc != SQLITE_OK) return database_error(schema, db, rc, path, "reading the schema");
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) names.emplace(column_text(stmt.get(), 0));
  if (rc != SQLITE_DONE) return database_error(schema, db, rc, path, "reading the schema");
  return names;
}

// At every open, before anything is served: every table and index the
// migrations made is there, and (for the journal) PRAGMA quick_check finds
// the file sound. A dropped table or a damaged page is found now, at start,
// not when a patient confirms an exchange.
Status check_database(const DatabaseSchema& schema, sqlite3* db, const std::string& path) {
  sqlite3* scratch_raw = nullptr;
  const int rc = sqlite3_open_v2(":memory:", &scratch_raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  Db scratch(scratch_raw);
  if (rc != SQLITE_OK) return database_error(schema, scratch_raw, rc, ":memory:", "open");
  CS_RETURN_IF_ERROR(apply_migrations(schema, scratch_raw, ":memory:"));
  CS_ASSIGN_OR_RETURN(std::set<std::string> wanted, schema_objects(schema, scratch_raw, ":memory:"));
  CS_ASSIGN_OR_RETURN(std::set<std::string> present, schema_objects(schema, db, path));
  std::string missing[2];  // tables first: a dropped table takes its indexes along
  for (const std::string& object : wanted) {
    if (present.count(object) != 0) continue;
    std::string& list = missing[object.starts_with("table ") ? 0 : 1];
    list += (list.empty() ? "" : ", ") + object;
  }
  if (!missing[0].empty() || !missing[1].empty()) {
    const std::string all = missing[0] + (missing[0].empty() || missing[1].empty() ? "" : ", ") + missing[1];
    return make_error(ErrorCode::kDataLoss, std::string(schema.kind) + " " + path + " is damaged, missing: " + all +
                                                ". Restore it from a backup");
  }
  if (!schema.quick_check_at_open) return {};
  sqlite3_stmt* raw = nullptr;
  int step = sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &raw, nullptr);
  Stmt stmt(raw);
  if (step == SQLITE_OK) step = sqlite3_step(stmt.get());
  if (step != SQLITE_ROW) return database_error(schema, db, step, path, "PRAGMA quick_check");
  const std::string verdict(column_text(stmt.get(), 0));
  if (verdict == "ok") return {};
  return make_error(ErrorCode::kDataLoss, std::string(schema.kind) + " " + path +
                                              " failed its integrity check (" + verdict +
                                              "). Restore it from a backup");
}

}  // namespace

Status exec(const DatabaseSchema& schema, sqlite3* db, const std::string& path, const char* sql,
            std::string_view what) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return database_error(schema, db, rc, path, what.empty() ? std::string_view(sql) : what);
  return {};
}

Result<WriteTransaction> WriteTransaction::begin(const DatabaseSchema& schema, sqlite3* db,
                                                 const std::string& path) {
  CS_RETURN_IF_ERROR(exec(schema, db, path, "BEGIN IMMEDIATE"));
  return WriteTransaction(schema, db, path);
}

WriteTransaction::WriteTransaction(WriteTransaction&& other) noexcept
    : schema_(other.schema_), db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

WriteTransaction::~WriteTransaction() {
  if (db_ != nullptr) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

Status WriteTransaction::commit() {
  if (db_ == nullptr) {
    return make_error(ErrorCode::kFailedPrecondition, path_ + ": the " + std::string(schema_->kind) +
                                                          " transaction already ended");
  }
  sqlite3* db = db_;
  Status s = exec(*schema_, db, path_, "COMMIT", "commit");
  if (s.ok()) db_ = nullptr;  // else the destructor rolls back what COMMIT left open
  return s;
}

Result<Db> open_database(const DatabaseSchema& schema, const std::string& path, Durability durability,
                         const std::string& vfs_name) {
  const char* vfs = vfs_name.empty() ? nullptr : vfs_name.c_str();
  if (::access(path.c_str(), F_OK) != 0 && errno == ENOENT) {
    CS_RETURN_IF_ERROR(create_database(schema, path, vfs));
  }
  CS_RETURN_IF_ERROR(refuse_empty_file(schema, path));
  sqlite3* raw = nullptr;
  // No SQLITE_OPEN_CREATE: the file exists now, with the right mode.
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, vfs);
  Db db(raw);  // owns the handle even if opening failed
  if (rc != SQLITE_OK) return database_error(schema, raw, rc, path, "open");
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  // Check the file before anything writes to it (switching to WAL does): a
  // file we refuse is left as it was.
  CS_ASSIGN_OR_RETURN(int version, read_schema_version(schema, raw, path));
  if (version == 0) {
    // Only a new, empty file takes a page size (and before WAL is on).
    const std::string page_size = "PRAGMA page_size = " + std::to_string(schema.page_size);
    CS_RETURN_IF_ERROR(exec(schema, raw, path, page_size.c_str()));
  }
  CS_RETURN_IF_ERROR(use_wal(schema, raw, path));
  CS_RETURN_IF_ERROR(exec(schema, raw, path,
                          durability == Durability::kFull ? "PRAGMA synchronous = FULL"
                                                          : "PRAGMA synchronous = NORMAL"));
  CS_RETURN_IF_ERROR(exec(schema, raw, path, "PRAGMA foreign_keys = ON"));
  // After a bulk load the WAL file shrinks back to this at the next checkpoint.
  CS_RETURN_IF_ERROR(exec(schema, raw, path, "PRAGMA journal_size_limit = 67108864"));
  CS_RETURN_IF_ERROR(apply_migrations(schema, raw, path));
  CS_RETURN_IF_ERROR(check_database(schema, raw, path));
  return db;
}

Status prepare(const DatabaseSchema& schema, sqlite3* db, const std::string& path, Stmt& stmt, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  stmt.reset(raw);
  if (rc != SQLITE_OK) return database_error(schema, db, rc, path, sql);
  return {};
}

Binder& Binder::text(std::string_view v) {
  // A null pointer would bind SQL NULL, not an empty string.
  if (rc_ == SQLITE_OK) {
    rc_ = sqlite3_bind_text64(s_, ++i_, v.empty() ? "" : v.data(), v.size(), nullptr, SQLITE_UTF8);
  }
  return *this;
}

Binder& Binder::blob(ByteView v) {
  static constexpr std::uint8_t kEmpty = 0;
  if (rc_ == SQLITE_OK) rc_ = sqlite3_bind_blob64(s_, ++i_, v.empty() ? &kEmpty : v.data(), v.size(), nullptr);
  return *this;
}

Binder& Binder::i64(std::int64_t v) {
  if (rc_ == SQLITE_OK) rc_ = sqlite3_bind_int64(s_, ++i_, v);
  return *this;
}

Binder& Binder::null() {
  if (rc_ == SQLITE_OK) rc_ = sqlite3_bind_null(s_, ++i_);
  return *this;
}

std::string_view column_text(sqlite3_stmt* s, int col) {
  const unsigned char* p = sqlite3_column_text(s, col);  // before column_bytes: it may convert
  const int n = sqlite3_column_bytes(s, col);
  if (p == nullptr) return {};
  return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)};
}

Bytes column_blob(sqlite3_stmt* s, int col) {
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(s, col));
  const int n = sqlite3_column_bytes(s, col);
  if (p == nullptr) return {};
  return Bytes(p, p + n);
}

Result<std::int64_t> to_sql_int(std::uint64_t v, const char* what, std::string_view kind) {
  if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return make_error(ErrorCode::kInvalidArgument,
                      std::string(what) + " " + std::to_string(v) + " is too large for the " + std::string(kind));
  }
  return static_cast<std::int64_t>(v);
}

}  // namespace chainslip::sqlite

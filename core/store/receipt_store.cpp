#include "core/store/receipt_store.h"

#include <sqlite3.h>

#include <limits>
#include <utility>

#include "core/chain/validator_set_change.h"
#include "core/crypto/hasher.h"
#include "core/store/schema.h"
#include "core/store/sqlite_util.h"

namespace chainslip {
namespace {

using sqlite::Binder;
using sqlite::column_text;
using sqlite::Stmt;
using sqlite::Use;

const DatabaseSchema& kSchema = receipt_cache_schema();

Error cache_sqlite_error(sqlite3* db, int rc, const std::string& path, std::string_view what) {
  return database_error(kSchema, db, rc, path, what);
}

Result<std::int64_t> sql_int(std::uint64_t v, const char* what) {
  return sqlite::to_sql_int(v, what, kSchema.kind);
}

// A verified bundle's strings are valid UTF-8; should one not be, it is
// replaced rather than thrown on, and the rebuilt bundle fails verification.
std::string to_text(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace

struct ReceiptStore::Statements {
  Stmt begin, commit, rollback, savepoint, release, rollback_to;
  Stmt find_header, put_header, find_certificate, put_certificate, find_change, put_change, put_receipt;
  Stmt get_receipt, get_changes, count, prune;
};

namespace {

// Runs a statement to completion (no rows expected).
Status run(sqlite3* db, const std::string& path, const Stmt& stmt, std::string_view what) {
  Use use(stmt);
  const int rc = sqlite3_step(use.get());
  if (rc != SQLITE_DONE) return cache_sqlite_error(db, rc, path, what);
  return {};
}

// true on a row, false when done.
Result<bool> next_row(sqlite3* db, const std::string& path, const Use& use, std::string_view what) {
  const int rc = sqlite3_step(use.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return cache_sqlite_error(db, rc, path, what);
}

}  // namespace

ReceiptStore::ReceiptStore(sqlite::Db db, std::string path) : path_(std::move(path)), db_(std::move(db)) {}
ReceiptStore::ReceiptStore(ReceiptStore&&) noexcept = default;
ReceiptStore& ReceiptStore::operator=(ReceiptStore&&) noexcept = default;
ReceiptStore::~ReceiptStore() = default;

Result<ReceiptStore> ReceiptStore::open(const std::string& path) {
  CS_ASSIGN_OR_RETURN(sqlite::Db db, sqlite::open_database(kSchema, path, sqlite::Durability::kNormal));
  ReceiptStore store(std::move(db), path);
  CS_RETURN_IF_ERROR(store.prepare_statements());
  return store;
}

Status ReceiptStore::prepare_statements() {
  sqlite3* db = db_.get();
  stmts_ = std::make_unique<Statements>();
  const std::pair<Stmt*, const char*> sql[] = {
      {&stmts_->begin, "BEGIN IMMEDIATE"},
      {&stmts_->commit, "COMMIT"},
      {&stmts_->rollback, "ROLLBACK"},
      {&stmts_->savepoint, "SAVEPOINT receipt_put"},
      {&stmts_->release, "RELEASE receipt_put"},
      {&stmts_->rollback_to, "ROLLBACK TO receipt_put"},
      {&stmts_->find_header, "SELECT 1 FROM headers WHERE hash = ?1"},
      {&stmts_->put_header,
       "INSERT INTO headers (hash, chain_id, height, header_json) VALUES (?1, ?2, ?3, ?4)"},
      {&stmts_->find_certificate, "SELECT id FROM issuer_certificates WHERE hash = ?1"},
      {&stmts_->put_certificate, "INSERT INTO issuer_certificates (hash, certificate_json) VALUES (?1, ?2)"},
      {&stmts_->find_change,
       "SELECT change_hash FROM validator_set_changes WHERE chain_id = ?1 AND activation_height = ?2"},
      {&stmts_->put_change,
       "INSERT INTO validator_set_changes (chain_id, activation_height, change_hash, change_json) "
       "VALUES (?1, ?2, ?3, ?4)"},
      {&stmts_->put_receipt,
       "INSERT INTO receipts (code, number, kind, issued_at, amount_fen, issuer_id, receipt_hash, tx_hash, "
       "header_hash, certificate_id, bundle_json, verified_at, business_serial, patient_number) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
       "ON CONFLICT (code, number) DO UPDATE SET kind = excluded.kind, issued_at = excluded.issued_at, "
       "amount_fen = excluded.amount_fen, issuer_id = excluded.issuer_id, receipt_hash = "
       "excluded.receipt_hash, "
       "tx_hash = excluded.tx_hash, header_hash = excluded.header_hash, certificate_id = "
       "excluded.certificate_id, "
       "bundle_json = excluded.bundle_json, verified_at = excluded.verified_at, "
       "business_serial = excluded.business_serial, patient_number = excluded.patient_number"},
      // LEFT JOINs: a missing header or certificate row is damage to report,
      // not a receipt to hide.
      {&stmts_->get_receipt,
       "SELECT r.bundle_json, c.certificate_json, h.header_json, h.chain_id, h.height "
       "FROM receipts AS r "
       "LEFT JOIN headers AS h ON h.hash = r.header_hash "
       "LEFT JOIN issuer_certificates AS c ON c.id = r.certificate_id "
       "WHERE r.code = ?1 AND r.number = ?2"},
      {&stmts_->get_changes,
       "SELECT change_json FROM validator_set_changes WHERE chain_id = ?1 AND activation_height <= ?2 "
       "ORDER BY activation_height"},
      {&stmts_->count, "SELECT count(*) FROM receipts"},
      {&stmts_->prune, "DELETE FROM receipts WHERE verified_at < ?1"},
  };
  for (const auto& [stmt, text] : sql) CS_RETURN_IF_ERROR(sqlite::prepare(kSchema, db, path_, *stmt, text));
  return {};
}

Status ReceiptStore::put(const IssuedReceipt& issued, const VerifiedReceipt& verified, std::uint64_t verified_at) {
  if (const ReceiptBundle* bundle = issued.chainslip()) return put(*bundle, verified, verified_at);
  return make_error(ErrorCode::kUnimplemented, "the receipt cache does not keep " +
                                                   std::string(chain_engine_name(issued.engine())) + " bundles yet");
}

Status ReceiptStore::put(const ReceiptBundle& b, const VerifiedReceipt& verified, std::uint64_t verified_at) {
  const Receipt& r = b.receipt;
  const std::string name = r.code + "-" + r.number;
  // The header row is keyed by this hash and shared with other receipts: a
  // wrong key would hand them this header. The other hashes describe this
  // row only and are stored as given.
  if (verified.header_hash != header_hash(b.suite, b.header) || verified.height != b.header.height) {
    return make_error(
        ErrorCode::kInvalidArgument,
        "cannot cache receipt " + name + ": the verification result is for another block header");
  }
  CS_ASSIGN_OR_RETURN(std::int64_t height, sql_int(b.header.height, "block height"));
  CS_ASSIGN_OR_RETURN(std::int64_t issued_at, sql_int(r.issued_at, "issued_at"));
  CS_ASSIGN_OR_RETURN(std::int64_t amount, sql_int(r.amount_fen, "amount_fen"));
  CS_ASSIGN_OR_RETURN(std::int64_t verified_time, sql_int(verified_at, "verified_at"));
  std::vector<std::int64_t> activations;
  for (const auto& c : b.validator_set_changes) {
    CS_ASSIGN_OR_RETURN(std::int64_t at, sql_int(c.activation_height, "activation height"));
    activations.push_back(at);
  }
  // This receipt's row: the bundle's own JSON without the parts other
  // receipts share. Those are serialised below only when not yet stored, so
  // a put costs about one receipt's JSON, whatever the header and changes.
  ReceiptBundle unshared;
  unshared.suite = b.suite;
  unshared.receipt = r;
  unshared.issuer_signature = b.issuer_signature;
  unshared.proof = b.proof;
  Json own = bundle_to_json(unshared);
  for (const char* shared : {"header", "issuer_certificate", "validator_set_changes"}) own.erase(shared);
  const std::string row_json = to_text(own);
  const Digest certificate_hash = hash(b.suite, canonical_certificate_bytes(b.certificate));

  sqlite3* db = db_.get();
  Statements& s = *stmts_;
  auto write = [&]() -> Status {
    {
      Use find(s.find_header);
      const int rc = Binder(find).blob(verified.header_hash).rc();
      if (rc != SQLITE_OK) return cache_sqlite_error(db, rc, path_, "bind header");
      CS_ASSIGN_OR_RETURN(bool cached, next_row(db, path_, find, "find header"));
      if (!cached) {
        const std::string header_json = to_text(header_to_json(b.suite, b.header));
        Use use(s.put_header);
        const int brc =
            Binder(use).blob(verified.header_hash).text(b.header.chain_id).i64(height).text(header_json).rc();
        if (brc != SQLITE_OK) return cache_sqlite_error(db, brc, path_, "bind header");
        const int step = sqlite3_step(use.get());
        if (step == SQLITE_CONSTRAINT_UNIQUE) {
          return make_error(ErrorCode::kFailedPrecondition,
                            "cannot cache receipt " + name + ": block " + std::to_string(b.header.height) +
                                " of chain " + b.header.chain_id +
                                " differs from the cached block of that height");
        }
        if (step != SQLITE_DONE) return cache_sqlite_error(db, step, path_, "store header");
      }
    }

    std::int64_t certificate_id = 0;
    {
      Use find(s.find_certificate);
      const int rc = Binder(find).blob(certificate_hash).rc();
      if (rc != SQLITE_OK) return cache_sqlite_error(db, rc, path_, "bind certificate");
      CS_ASSIGN_OR_RETURN(bool cached, next_row(db, path_, find, "find certificate"));
      if (cached) {
        certificate_id = sqlite3_column_int64(find.get(), 0);
      } else {
        const std::string certificate_json = to_text(certificate_to_json(b.certificate));
        Use use(s.put_certificate);
        const int brc = Binder(use).blob(certificate_hash).text(certificate_json).rc();
        if (brc != SQLITE_OK) return cache_sqlite_error(db, brc, path_, "bind certificate");
        const int step = sqlite3_step(use.get());
        if (step != SQLITE_DONE) return cache_sqlite_error(db, step, path_, "store certificate");
        certificate_id = sqlite3_last_insert_rowid(db);
      }
    }

    for (std::size_t i = 0; i < b.validator_set_changes.size(); ++i) {
      const ValidatorSetChange& c = b.validator_set_changes[i];
      const Digest change_hash = validator_set_change_hash(b.suite, c);
      Use find(s.find_change);
      const int rc = Binder(find).text(c.chain_id).i64(activations[i]).rc();
      if (rc != SQLITE_OK) return cache_sqlite_error(db, rc, path_, "bind validator-set change");
      CS_ASSIGN_OR_RETURN(bool cached, next_row(db, path_, find, "find validator-set change"));
      if (cached) {
        // It must be the same change (its signatures may differ).
        const void* stored = sqlite3_column_blob(find.get(), 0);
        if (stored == nullptr ||
            sqlite3_column_bytes(find.get(), 0) != static_cast<int>(change_hash.size()) ||
            std::memcmp(stored, change_hash.data(), change_hash.size()) != 0) {
          return make_error(ErrorCode::kValidatorSetChangeInvalid,
                            "cannot cache receipt " + name + ": the validator-set change of chain " +
                                c.chain_id + " at height " + std::to_string(c.activation_height) +
                                " differs from the cached one");
        }
        continue;
      }
      const std::string change_json = to_text(validator_set_change_to_json(c));
      Use use(s.put_change);
      const int brc =
          Binder(use).text(c.chain_id).i64(activations[i]).blob(change_hash).text(change_json).rc();
      if (brc != SQLITE_OK) return cache_sqlite_error(db, brc, path_, "bind validator-set change");
      const int step = sqlite3_step(use.get());
      if (step != SQLITE_DONE) return cache_sqlite_error(db, step, path_, "store validator-set change");
    }

    // Bound without a copy (SQLITE_STATIC): it must outlive the step below.
    const std::string_view patient_number = r.medical ? std::string_view(r.medical->patient_number) : "";
    Use use(s.put_receipt);
    const int rc = Binder(use)
                       .text(r.code)
                       .text(r.number)
                       .text(receipt_kind_name(r.kind))
                       .i64(issued_at)
                       .i64(amount)
                       .text(r.issuer_id)
                       .blob(verified.receipt_hash)
                       .blob(verified.tx_hash)
                       .blob(verified.header_hash)
                       .i64(certificate_id)
                       .text(row_json)
                       .i64(verified_time)
                       .text(r.business_serial)
                       .text(patient_number)
                       .rc();
    if (rc != SQLITE_OK) return cache_sqlite_error(db, rc, path_, "bind receipt");
    const int step = sqlite3_step(use.get());
    if (step != SQLITE_DONE) return cache_sqlite_error(db, step, path_, "store receipt " + name);
    return {};
  };

  // Alone, a put is a transaction of its own, IMMEDIATE so that it holds the
  // write lock before its first read (in WAL a read-then-write transaction
  // fails outright if another process wrote in between). Inside a
  // Transaction it is a savepoint: a failed put is undone alone.
  const bool alone = sqlite3_get_autocommit(db) != 0;
  CS_RETURN_IF_ERROR(run(db, path_, alone ? s.begin : s.savepoint, "begin put"));
  Status status = write();
  if (status.ok()) status = run(db, path_, alone ? s.commit : s.release, "commit put");
  if (!status.ok()) {
    // Errors ignored: after some errors SQLite has already rolled back.
    if (alone) {
      sqlite3_step(Use(s.rollback).get());
    } else {
      sqlite3_step(Use(s.rollback_to).get());
      sqlite3_step(Use(s.release).get());
    }
  }
  return status;
}

Result<std::optional<ReceiptBundle>> ReceiptStore::get(std::string_view code, std::string_view number) const {
  sqlite3* db = db_.get();
  const std::string name = std::string(code) + "-" + std::string(number);
  // While `row` is unreset the connection keeps one read snapshot, so the
  // changes below are read from the same state of the file.
  Use row(stmts_->get_receipt);
  const int rc = Binder(row).text(code).text(number).rc();
  if (rc != SQLITE_OK) return cache_sqlite_error(db, rc, path_, "bind receipt key");
  CS_ASSIGN_OR_RETURN(bool found, next_row(db, path_, row, "look up receipt " + name));
  if (!found) return std::optional<ReceiptBundle>();

  auto damaged = [&](const std::string& detail) {
    return make_error(ErrorCode::kDataLoss,
                      "receipt cache " + path_ + ": cached receipt " + name + " is corrupt (" + detail + ")");
  };
  auto parse_column = [&](sqlite3_stmt* stmt, int col, const char* column) -> Result<Json> {
    if (sqlite3_column_type(stmt, col) == SQLITE_NULL) return damaged(std::string(column) + " is missing");
    auto parsed = parse_strict_json(column_text(stmt, col));
    if (!parsed.ok()) return damaged(std::string(column) + ": " + parsed.error().message);
    return std::move(parsed).value();
  };

  CS_ASSIGN_OR_RETURN(Json doc, parse_column(row.get(), 0, "bundle_json"));
  CS_ASSIGN_OR_RETURN(Json certificate, parse_column(row.get(), 1, "certificate_json"));
  CS_ASSIGN_OR_RETURN(Json header, parse_column(row.get(), 2, "header_json"));
  const std::string chain_id(column_text(row.get(), 3));
  const std::int64_t height = sqlite3_column_int64(row.get(), 4);

  CS_ASSIGN_OR_RETURN(Json changes, changes_json(chain_id, height));

  if (!doc.is_object()) return damaged("bundle_json is not an object");
  for (auto& [key, value] : {std::pair<const char*, Json*>{"header", &header},
                             {"issuer_certificate", &certificate},
                             {"validator_set_changes", &changes}}) {
    if (!doc.emplace(key, std::move(*value)).second)
      return damaged(std::string("bundle_json has its own ") + key);
  }
  auto bundle = bundle_from_json(doc);
  if (!bundle.ok()) return damaged(bundle.error().message);
  // A row holding another receipt's bundle would verify, as that receipt.
  if (bundle->receipt.code != code || bundle->receipt.number != number) {
    return damaged("it holds receipt " + bundle->receipt.code + "-" + bundle->receipt.number);
  }
  return std::optional<ReceiptBundle>(std::move(bundle).value());
}

Result<Json> ReceiptStore::changes_json(const std::string& chain_id, std::int64_t up_to_height) const {
  sqlite3* db = db_.get();
  Json changes = Json::array();
  Use use(stmts_->get_changes);
  const int brc = Binder(use).text(chain_id).i64(up_to_height).rc();
  if (brc != SQLITE_OK) return cache_sqlite_error(db, brc, path_, "bind chain");
  for (;;) {
    CS_ASSIGN_OR_RETURN(bool more, next_row(db, path_, use, "read validator-set changes"));
    if (!more) break;
    auto change = sqlite3_column_type(use.get(), 0) == SQLITE_NULL
                      ? Result<Json>(make_error(ErrorCode::kInvalidArgument, "it is missing"))
                      : parse_strict_json(column_text(use.get(), 0));
    if (!change.ok()) {
      return make_error(ErrorCode::kDataLoss,
                        "receipt cache " + path_ + ": a cached validator-set change of chain " + chain_id +
                            " is corrupt (change_json: " + change.error().message + ")");
    }
    changes.push_back(std::move(change).value());
  }
  return changes;
}

Result<std::vector<ValidatorSetChange>> ReceiptStore::validator_set_changes(const std::string& chain_id,
                                                                            Suite suite) const {
  CS_ASSIGN_OR_RETURN(Json stored, changes_json(chain_id, std::numeric_limits<std::int64_t>::max()));
  std::vector<ValidatorSetChange> out;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    auto change =
        validator_set_change_from_json(suite, stored[i], "validator_set_changes[" + std::to_string(i) + "]");
    if (!change.ok()) {
      return make_error(ErrorCode::kDataLoss, "receipt cache " + path_ +
                                                  ": a stored validator-set change of chain " + chain_id +
                                                  " no longer parses: " + change.error().message);
    }
    out.push_back(std::move(change).value());
  }
  return out;
}

Result<std::uint64_t> ReceiptStore::count() const {
  Use use(stmts_->count);
  CS_ASSIGN_OR_RETURN(bool found, next_row(db_.get(), path_, use, "count receipts"));
  if (!found) return make_error(ErrorCode::kInternal, "receipt cache " + path_ + ": count returned no row");
  return static_cast<std::uint64_t>(sqlite3_column_int64(use.get(), 0));
}

Result<std::uint64_t> ReceiptStore::prune_verified_before(std::uint64_t unix_seconds) {
  sqlite3* db = db_.get();
  if (const int rc = sqlite3_exec(db, "PRAGMA secure_delete = ON", nullptr, nullptr, nullptr);
      rc != SQLITE_OK) {
    return cache_sqlite_error(db, rc, path_, "secure_delete");
  }
  CS_ASSIGN_OR_RETURN(std::int64_t before,
                      sqlite::to_sql_int(unix_seconds, "retention cutoff", "receipt cache"));
  Use use(stmts_->prune);
  if (const int rc = Binder(use).i64(before).rc(); rc != SQLITE_OK) {
    return cache_sqlite_error(db, rc, path_, "bind prune");
  }
  const int rc = sqlite3_step(use.get());
  if (rc != SQLITE_DONE) return cache_sqlite_error(db, rc, path_, "prune expired receipts");
  return static_cast<std::uint64_t>(sqlite3_changes(db));
}

Status ReceiptStore::check_integrity() const {
  sqlite3* db = db_.get();
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &raw, nullptr);
  Stmt stmt(raw);
  if (rc != SQLITE_OK) return cache_sqlite_error(db, rc, path_, "quick_check");
  const int step = sqlite3_step(stmt.get());
  if (step != SQLITE_ROW) return cache_sqlite_error(db, step, path_, "quick_check");
  const std::string_view verdict = column_text(stmt.get(), 0);
  if (verdict != "ok") {
    return make_error(ErrorCode::kDataLoss,
                      path_ + " is not a chainslip receipt cache or is corrupt (quick_check: " +
                          std::string(verdict) + ")");
  }
  return {};
}

Result<ReceiptStore::Transaction> ReceiptStore::begin_transaction() {
  return sqlite::WriteTransaction::begin(kSchema, db_.get(), path_);
}

}  // namespace chainslip

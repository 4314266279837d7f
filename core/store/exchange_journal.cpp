#include "core/store/exchange_journal.h"

#include <array>
#include <cstdio>
#include <utility>

#include "core/store/schema.h"
#include "core/util/name_table.h"

namespace chainslip {
namespace {

using sqlite::Binder;
using sqlite::column_text;
using sqlite::Stmt;

const DatabaseSchema& schema() { return exchange_journal_schema(); }

constexpr NameTable<PaperState, 9> kPaperStateNames{{
    {PaperState::kRequested, "requested"},
    {PaperState::kSubmitted, "submitted"},
    {PaperState::kAccepted, "accepted"},
    {PaperState::kRefused, "refused"},
    {PaperState::kPrinting, "printing"},
    {PaperState::kPrinted, "printed"},
    {PaperState::kVoiding, "voiding"},
    {PaperState::kVoided, "voided"},
    {PaperState::kAbandoned, "abandoned"},
}};

constexpr NameTable<ExchangeState, 5> kExchangeStateNames{{
    {ExchangeState::kOpen, "open"},
    {ExchangeState::kDone, "done"},
    {ExchangeState::kRefused, "refused"},
    {ExchangeState::kAbandoned, "abandoned"},
    {ExchangeState::kGivenUp, "given_up"},
}};

// Steps that are not a paper state.
constexpr std::string_view kReissuedStep = "reissued";
constexpr std::string_view kGivenUpStep = "given_up";

constexpr std::uint64_t kMaxPaperNumber = 9'999'999'999;

// One statement, prepared for one use: journal steps are a handful per
// exchange, so caching statements would buy nothing.
class Query {
 public:
  Query(sqlite3* db, const std::string& path, const std::string& sql) : db_(db), path_(path), sql_(sql) {
    sqlite3_stmt* raw = nullptr;
    rc_ = sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr);
    stmt_.reset(raw);
  }
  sqlite3_stmt* get() const { return stmt_.get(); }
  Status prepared() const {
    if (rc_ != SQLITE_OK) return database_error(schema(), db_, rc_, path_, sql_);
    return {};
  }
  Status bound(int rc) const {
    if (rc != SQLITE_OK) return database_error(schema(), db_, rc, path_, "bind: " + sql_);
    return {};
  }
  // true on a row, false when done.
  Result<bool> step() const {
    const int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return database_error(schema(), db_, rc, path_, sql_);
  }

 private:
  sqlite3* db_;
  const std::string& path_;
  std::string sql_;
  Stmt stmt_;
  int rc_;
};


// Reads and bumps a counter inside the caller's transaction.
Result<std::uint64_t> bump_counter(sqlite3* db, const std::string& path, const char* name) {
  Query q(db, path,
          "INSERT INTO counters (name, value) VALUES (?1, 1) "
          "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value");
  CS_RETURN_IF_ERROR(q.prepared());
  CS_RETURN_IF_ERROR(q.bound(Binder(q.get()).text(name).rc()));
  CS_ASSIGN_OR_RETURN(bool row, q.step());
  if (!row) return make_error(ErrorCode::kInternal, "exchange journal " + path + ": counter " + name + " not set");
  return static_cast<std::uint64_t>(sqlite3_column_int64(q.get(), 0));
}

// A counter's value (the last number handed out), 0 when never bumped.
Result<std::uint64_t> read_counter(sqlite3* db, const std::string& path, const char* name) {
  Query q(db, path, "SELECT value FROM counters WHERE name = ?1");
  CS_RETURN_IF_ERROR(q.prepared());
  CS_RETURN_IF_ERROR(q.bound(Binder(q.get()).text(name).rc()));
  CS_ASSIGN_OR_RETURN(bool row, q.step());
  if (!row) return std::uint64_t{0};
  const std::int64_t value = sqlite3_column_int64(q.get(), 0);
  if (value < 0) {
    return make_error(ErrorCode::kDataLoss, "exchange journal " + path + ": counter " + name +
                                                " is negative (" + std::to_string(value) + ")");
  }
  return static_cast<std::uint64_t>(value);
}

Status append_step(sqlite3* db, const std::string& path, std::int64_t exchange_id,
                   std::optional<std::int64_t> paper_id, std::string_view step, std::uint64_t now,
                   const std::string& detail) {
  Query q(db, path, "INSERT INTO steps (exchange_id, paper_id, step, at, detail) VALUES (?1, ?2, ?3, ?4, ?5)");
  CS_RETURN_IF_ERROR(q.prepared());
  CS_ASSIGN_OR_RETURN(std::int64_t at, sqlite::to_sql_int(now, "time", schema().kind));
  Binder b(q.get());
  b.i64(exchange_id);
  if (paper_id) {
    b.i64(*paper_id);
  } else {
    b.null();
  }
  CS_RETURN_IF_ERROR(q.bound(b.text(step).i64(at).text(detail).rc()));
  CS_ASSIGN_OR_RETURN(bool row, q.step());
  (void)row;
  return {};
}

constexpr const char* kPaperColumns =
    "p.id, p.exchange_id, e.chain_id, e.code, e.number, e.receipt_hash, e.reason, e.state, p.paper_code, "
    "p.paper_number, p.state, p.convert_tx, p.convert_tx_hash, p.convert_proof, p.refusal, p.void_tx, "
    "p.void_tx_hash, p.void_proof, p.void_reason FROM papers AS p JOIN exchanges AS e ON e.id = p.exchange_id ";

Result<PaperRecord> read_paper_row(sqlite3_stmt* s, const std::string& path) {
  PaperRecord r;
  r.id = sqlite3_column_int64(s, 0);
  r.exchange_id = sqlite3_column_int64(s, 1);
  r.request.chain_id = column_text(s, 2);
  r.request.code = column_text(s, 3);
  r.request.number = column_text(s, 4);
  const Bytes hash = sqlite::column_blob(s, 5);
  if (hash.size() != r.request.receipt_hash.size()) {
    return make_error(ErrorCode::kDataLoss, "exchange journal " + path + ": paper " + std::to_string(r.id) +
                                                " has a receipt hash of " + std::to_string(hash.size()) + " bytes");
  }
  std::copy(hash.begin(), hash.end(), r.request.receipt_hash.begin());
  r.request.reason = column_text(s, 6);
  const auto exchange_state = value_in(kExchangeStateNames, column_text(s, 7));
  const auto state = value_in(kPaperStateNames, column_text(s, 10));
  if (!exchange_state || !state) {
    return make_error(ErrorCode::kDataLoss,
                      "exchange journal " + path + ": paper " + std::to_string(r.id) + " has an unknown state");
  }
  r.exchange_state = *exchange_state;
  r.paper.paper_code = column_text(s, 8);
  r.paper.paper_number = column_text(s, 9);
  r.state = *state;
  r.convert_tx = column_text(s, 11);
  r.convert_tx_hash = sqlite::column_blob(s, 12);
  r.convert_proof = column_text(s, 13);
  r.refusal = column_text(s, 14);
  r.void_tx = column_text(s, 15);
  r.void_tx_hash = sqlite::column_blob(s, 16);
  r.void_proof = column_text(s, 17);
  r.void_reason = column_text(s, 18);
  return r;
}

// An exchange whose last paper was voided and that is still open: it takes
// another serial (reissue) or ends there (give_up).
bool open_with_last_paper_voided(const std::vector<PaperRecord>& papers) {
  return !papers.empty() && papers.back().exchange_state == ExchangeState::kOpen &&
         papers.back().state == PaperState::kVoided;
}

std::string format_paper_number(std::uint64_t n) {
  char buf[24];  // 20 digits of any uint64_t and the NUL
  std::snprintf(buf, sizeof buf, "%010llu", static_cast<unsigned long long>(n));
  return buf;
}

bool all_digits(std::string_view s, std::size_t n) {
  if (s.size() != n) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// A paper that never reached the chain (abandoned) or that the chain refused
// (a refused transaction is never included) was never issued: when its
// number is still the last one handed out, the next paper takes it, so the
// kiosk's paper numbers have no gap for it. A later number already handed
// out keeps the gap: numbers are never handed out twice to open papers.
// True when the number was given back. The index papers_issued_serial
// (journal migration 2) keeps a serial unique among the other papers.
Result<bool> give_back_number(sqlite3* db, const std::string& path, const PaperCopy& paper) {
  CS_ASSIGN_OR_RETURN(std::uint64_t last, read_counter(db, path, "paper_number"));
  if (last == 0 || paper.paper_number != format_paper_number(last)) return false;
  Query q(db, path, "UPDATE counters SET value = value - 1 WHERE name = 'paper_number'");
  CS_RETURN_IF_ERROR(q.prepared());
  CS_ASSIGN_OR_RETURN(bool row, q.step());
  (void)row;
  return true;
}

}  // namespace

std::string_view paper_state_name(PaperState state) { return *name_in(kPaperStateNames, state); }

Result<PaperState> parse_paper_state(std::string_view name) {
  if (auto v = value_in(kPaperStateNames, name)) return *v;
  return make_error(ErrorCode::kInvalidArgument, "unknown paper state \"" + std::string(name) + "\"");
}

std::string_view exchange_state_name(ExchangeState state) { return *name_in(kExchangeStateNames, state); }

bool paper_transition_allowed(PaperState from, PaperState to) {
  using S = PaperState;
  switch (from) {
    case S::kRequested: return to == S::kSubmitted || to == S::kAbandoned;
    case S::kSubmitted: return to == S::kAccepted || to == S::kRefused;
    // An accepted copy that cannot be printed is voided; a printed one may
    // be voided later (jam found, wrong stock) by an operator.
    case S::kAccepted: return to == S::kPrinting || to == S::kVoiding;
    case S::kPrinting: return to == S::kPrinted || to == S::kVoiding;
    case S::kPrinted: return to == S::kVoiding;
    case S::kVoiding: return to == S::kVoided;
    case S::kRefused:
    case S::kVoided:
    case S::kAbandoned: return false;
  }
  return false;
}

std::string paper_serial_text(const PaperCopy& paper) { return paper.paper_code + "-" + paper.paper_number; }

bool is_journal_step_name(std::string_view name) {
  return value_in(kPaperStateNames, name).has_value() || name == kReissuedStep || name == kGivenUpStep;
}

ExchangeJournal::ExchangeJournal(sqlite::Db db, std::string path, std::string paper_code)
    : path_(std::move(path)), db_(std::move(db)), paper_code_(std::move(paper_code)) {}
ExchangeJournal::ExchangeJournal(ExchangeJournal&&) noexcept = default;
ExchangeJournal& ExchangeJournal::operator=(ExchangeJournal&&) noexcept = default;
ExchangeJournal::~ExchangeJournal() = default;

Result<ExchangeJournal> ExchangeJournal::open(const std::string& path, const std::string& paper_code,
                                              const std::string& vfs_name) {
  if (!all_digits(paper_code, 8)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "paper code \"" + paper_code + "\" must be the 8 digits of the kiosk's paper stock");
  }
  CS_ASSIGN_OR_RETURN(sqlite::Db db, sqlite::open_database(schema(), path, sqlite::Durability::kFull, vfs_name));
  return ExchangeJournal(std::move(db), path, paper_code);
}

void ExchangeJournal::committed(std::string_view step) const {
  if (observer_) observer_(step);
}

Result<PaperRecord> ExchangeJournal::new_paper(std::int64_t exchange_id, std::string_view step,
                                               std::uint64_t now) {
  sqlite3* db = db_.get();
  CS_ASSIGN_OR_RETURN(std::uint64_t n, bump_counter(db, path_, "paper_number"));
  if (n > kMaxPaperNumber) {
    return make_error(ErrorCode::kResourceExhausted, "exchange journal " + path_ + ": paper numbers exhausted");
  }
  const std::string number = format_paper_number(n);
  Query q(db, path_,
          "INSERT INTO papers (exchange_id, paper_code, paper_number, state) VALUES (?1, ?2, ?3, 'requested')");
  CS_RETURN_IF_ERROR(q.prepared());
  CS_RETURN_IF_ERROR(q.bound(Binder(q.get()).i64(exchange_id).text(paper_code_).text(number).rc()));
  CS_ASSIGN_OR_RETURN(bool row, q.step());
  (void)row;
  const std::int64_t paper_id = sqlite3_last_insert_rowid(db);
  CS_RETURN_IF_ERROR(append_step(db, path_, exchange_id, paper_id, step, now,
                                 "paper " + paper_serial_text({paper_code_, number})));
  return paper(paper_id);
}

Result<PaperRecord> ExchangeJournal::request(const ExchangeRequest& request, std::uint64_t now) {
  sqlite3* db = db_.get();
  CS_ASSIGN_OR_RETURN(std::int64_t at, sqlite::to_sql_int(now, "time", schema().kind));
  CS_ASSIGN_OR_RETURN(sqlite::WriteTransaction txn, sqlite::WriteTransaction::begin(schema(), db, path_));
  Query q(db, path_,
          "INSERT INTO exchanges (chain_id, code, number, receipt_hash, reason, state, created_at, updated_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6, ?6)");
  CS_RETURN_IF_ERROR(q.prepared());
  CS_RETURN_IF_ERROR(q.bound(Binder(q.get())
                                 .text(request.chain_id)
                                 .text(request.code)
                                 .text(request.number)
                                 .blob(request.receipt_hash)
                                 .text(request.reason)
                                 .i64(at)
                                 .rc()));
  CS_ASSIGN_OR_RETURN(bool row, q.step());
  (void)row;
  const std::int64_t exchange_id = sqlite3_last_insert_rowid(db);
  CS_ASSIGN_OR_RETURN(PaperRecord record, new_paper(exchange_id, paper_state_name(PaperState::kRequested), now));
  CS_RETURN_IF_ERROR(txn.commit());
  committed(paper_state_name(PaperState::kRequested));
  record.exchange_state = ExchangeState::kOpen;
  return record;
}

Result<PaperRecord> ExchangeJournal::reissue(std::int64_t exchange_id, std::uint64_t now) {
  CS_ASSIGN_OR_RETURN(sqlite::WriteTransaction txn, sqlite::WriteTransaction::begin(schema(), db_.get(), path_));
  CS_ASSIGN_OR_RETURN(std::vector<PaperRecord> papers, papers_of(exchange_id));
  if (!open_with_last_paper_voided(papers)) {
    return make_error(ErrorCode::kFailedPrecondition,
                      "exchange " + std::to_string(exchange_id) +
                          ": a new paper serial needs an open exchange whose last paper is voided");
  }
  CS_ASSIGN_OR_RETURN(PaperRecord record, new_paper(exchange_id, kReissuedStep, now));
  CS_RETURN_IF_ERROR(txn.commit());
  committed(kReissuedStep);
  return record;
}

Result<std::uint64_t> ExchangeJournal::next_nonce() {
  CS_ASSIGN_OR_RETURN(sqlite::WriteTransaction txn, sqlite::WriteTransaction::begin(schema(), db_.get(), path_));
  CS_ASSIGN_OR_RETURN(std::uint64_t nonce, bump_counter(db_.get(), path_, "nonce"));
  CS_RETURN_IF_ERROR(txn.commit());
  return nonce;
}

Result<JournalCounters> ExchangeJournal::peek_counters() const {
  CS_ASSIGN_OR_RETURN(std::uint64_t nonce, read_counter(db_.get(), path_, "nonce"));
  CS_ASSIGN_OR_RETURN(std::uint64_t paper_number, read_counter(db_.get(), path_, "paper_number"));
  return JournalCounters{nonce + 1, paper_number + 1};
}

Status ExchangeJournal::move(std::int64_t paper_id, PaperState to, std::vector<Column> columns,
                             std::optional<ExchangeState> exchange_to, const std::string& detail,
                             std::uint64_t now) {
  sqlite3* db = db_.get();
  CS_ASSIGN_OR_RETURN(std::int64_t at, sqlite::to_sql_int(now, "time", schema().kind));
  CS_ASSIGN_OR_RETURN(sqlite::WriteTransaction txn, sqlite::WriteTransaction::begin(schema(), db, path_));
  CS_ASSIGN_OR_RETURN(PaperRecord current, paper(paper_id));
  if (!paper_transition_allowed(current.state, to)) {
    return make_error(ErrorCode::kFailedPrecondition,
                      "paper " + paper_serial_text(current.paper) + " is " +
                          std::string(paper_state_name(current.state)) + ": it cannot become " +
                          std::string(paper_state_name(to)));
  }
  std::string sql = "UPDATE papers SET state = ?1";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    sql += std::string(", ") + columns[i].name + " = ?" + std::to_string(i + 3);
  }
  sql += " WHERE id = ?2";
  Query q(db, path_, sql);
  CS_RETURN_IF_ERROR(q.prepared());
  const std::string_view state_name = paper_state_name(to);
  Binder b(q.get());
  b.text(state_name).i64(paper_id);  // ?1, ?2; the columns are ?3 on
  for (const Column& column : columns) {
    if (const auto* text = std::get_if<std::string>(&column.value)) {
      b.text(*text);
    } else {
      b.blob(std::get<Bytes>(column.value));
    }
  }
  CS_RETURN_IF_ERROR(q.bound(b.rc()));
  CS_ASSIGN_OR_RETURN(bool row, q.step());
  (void)row;

  if (exchange_to) {
    Query e(db, path_, "UPDATE exchanges SET state = ?1, updated_at = ?2 WHERE id = ?3");
    CS_RETURN_IF_ERROR(e.prepared());
    const std::string_view name = exchange_state_name(*exchange_to);
    CS_RETURN_IF_ERROR(e.bound(Binder(e.get()).text(name).i64(at).i64(current.exchange_id).rc()));
    CS_ASSIGN_OR_RETURN(bool erow, e.step());
    (void)erow;
  }
  std::string step_detail = detail;
  if (to == PaperState::kRefused || to == PaperState::kAbandoned) {
    CS_ASSIGN_OR_RETURN(bool given_back, give_back_number(db, path_, current.paper));
    if (given_back) step_detail += "; paper number " + current.paper.paper_number + " given back";
  }
  CS_RETURN_IF_ERROR(append_step(db, path_, current.exchange_id, paper_id, state_name, now, step_detail));
  CS_RETURN_IF_ERROR(txn.commit());
  committed(state_name);
  return {};
}

Status ExchangeJournal::submitted(std::int64_t paper_id, const std::string& tx_json, ByteView tx_hash,
                                  std::uint64_t now) {
  return move(paper_id, PaperState::kSubmitted,
              {{"convert_tx", tx_json}, {"convert_tx_hash", Bytes(tx_hash.begin(), tx_hash.end())}}, std::nullopt,
              "convert tx " + to_hex(tx_hash), now);
}

Status ExchangeJournal::accepted(std::int64_t paper_id, const std::string& proof_json, std::uint64_t now) {
  return move(paper_id, PaperState::kAccepted, {{"convert_proof", proof_json}}, std::nullopt,
              "convert accepted on chain", now);
}

Status ExchangeJournal::refused(std::int64_t paper_id, const std::string& refusal, std::uint64_t now) {
  return move(paper_id, PaperState::kRefused, {{"refusal", refusal}}, ExchangeState::kRefused,
              "chain refused: " + refusal, now);
}

Status ExchangeJournal::printing(std::int64_t paper_id, std::uint64_t now) {
  return move(paper_id, PaperState::kPrinting, {}, std::nullopt, "sending to printer", now);
}

Status ExchangeJournal::printed(std::int64_t paper_id, std::uint64_t now) {
  return move(paper_id, PaperState::kPrinted, {}, ExchangeState::kDone, "printer confirmed", now);
}

Status ExchangeJournal::voiding(std::int64_t paper_id, const std::string& tx_json, ByteView tx_hash,
                                const std::string& reason, std::uint64_t now) {
  return move(paper_id, PaperState::kVoiding,
              {{"void_tx", tx_json}, {"void_tx_hash", Bytes(tx_hash.begin(), tx_hash.end())}, {"void_reason", reason}},
              std::nullopt, "void tx " + to_hex(tx_hash) + ": " + reason, now);
}

Status ExchangeJournal::voided(std::int64_t paper_id, const std::string& proof_json, std::uint64_t now) {
  return move(paper_id, PaperState::kVoided, {{"void_proof", proof_json}}, std::nullopt, "void accepted on chain",
              now);
}

Status ExchangeJournal::abandoned(std::int64_t paper_id, const std::string& why, std::uint64_t now) {
  return move(paper_id, PaperState::kAbandoned, {}, ExchangeState::kAbandoned, why, now);
}

Status ExchangeJournal::give_up(std::int64_t exchange_id, const std::string& why, std::uint64_t now) {
  sqlite3* db = db_.get();
  CS_ASSIGN_OR_RETURN(std::int64_t at, sqlite::to_sql_int(now, "time", schema().kind));
  CS_ASSIGN_OR_RETURN(sqlite::WriteTransaction txn, sqlite::WriteTransaction::begin(schema(), db, path_));
  CS_ASSIGN_OR_RETURN(std::vector<PaperRecord> papers, papers_of(exchange_id));
  if (!open_with_last_paper_voided(papers)) {
    return make_error(ErrorCode::kFailedPrecondition,
                      "exchange " + std::to_string(exchange_id) +
                          " can be given up only while open with its last paper voided");
  }
  Query e(db, path_, "UPDATE exchanges SET state = 'given_up', updated_at = ?1 WHERE id = ?2");
  CS_RETURN_IF_ERROR(e.prepared());
  CS_RETURN_IF_ERROR(e.bound(Binder(e.get()).i64(at).i64(exchange_id).rc()));
  CS_ASSIGN_OR_RETURN(bool row, e.step());
  (void)row;
  CS_RETURN_IF_ERROR(append_step(db, path_, exchange_id, std::nullopt, kGivenUpStep, now, why));
  CS_RETURN_IF_ERROR(txn.commit());
  committed(kGivenUpStep);
  return {};
}

Result<std::vector<PaperRecord>> ExchangeJournal::select_papers(const char* where,
                                                                std::optional<std::int64_t> arg) const {
  Query q(db_.get(), path_, std::string("SELECT ") + kPaperColumns + where);
  CS_RETURN_IF_ERROR(q.prepared());
  if (arg) CS_RETURN_IF_ERROR(q.bound(Binder(q.get()).i64(*arg).rc()));
  std::vector<PaperRecord> out;
  while (true) {
    CS_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    CS_ASSIGN_OR_RETURN(PaperRecord r, read_paper_row(q.get(), path_));
    out.push_back(std::move(r));
  }
  return out;
}

Result<PaperRecord> ExchangeJournal::paper(std::int64_t paper_id) const {
  CS_ASSIGN_OR_RETURN(std::vector<PaperRecord> rows, select_papers("WHERE p.id = ?1", paper_id));
  if (rows.empty()) {
    return make_error(ErrorCode::kNotFound, "exchange journal " + path_ + ": no paper " + std::to_string(paper_id));
  }
  return std::move(rows.front());
}

Result<std::vector<PaperRecord>> ExchangeJournal::papers_of(std::int64_t exchange_id) const {
  return select_papers("WHERE p.exchange_id = ?1 ORDER BY p.id", exchange_id);
}

Result<std::vector<PaperRecord>> ExchangeJournal::unfinished() const {
  return select_papers(
      "WHERE e.state = 'open' AND p.id = (SELECT max(id) FROM papers WHERE exchange_id = e.id) ORDER BY e.id",
      std::nullopt);
}

Result<std::vector<JournalStep>> ExchangeJournal::steps(std::int64_t exchange_id) const {
  Query q(db_.get(), path_,
          "SELECT seq, exchange_id, paper_id, step, at, detail FROM steps WHERE exchange_id = ?1 ORDER BY seq");
  CS_RETURN_IF_ERROR(q.prepared());
  CS_RETURN_IF_ERROR(q.bound(Binder(q.get()).i64(exchange_id).rc()));
  std::vector<JournalStep> out;
  while (true) {
    CS_ASSIGN_OR_RETURN(bool row, q.step());
    if (!row) break;
    JournalStep s;
    s.seq = sqlite3_column_int64(q.get(), 0);
    s.exchange_id = sqlite3_column_int64(q.get(), 1);
    if (sqlite3_column_type(q.get(), 2) != SQLITE_NULL) s.paper_id = sqlite3_column_int64(q.get(), 2);
    s.step = column_text(q.get(), 3);
    s.at = static_cast<std::uint64_t>(sqlite3_column_int64(q.get(), 4));
    s.detail = column_text(q.get(), 5);
    out.push_back(std::move(s));
  }
  return out;
}

Result<JournalSummary> ExchangeJournal::summary() const {
  Query q(db_.get(), path_,
          "SELECT (SELECT count(*) FROM exchanges), (SELECT count(*) FROM exchanges WHERE state = 'open'), "
          "(SELECT count(*) FROM papers WHERE state = 'printed'), "
          "(SELECT count(*) FROM papers WHERE state = 'voided'), (SELECT count(*) FROM steps), "
          "(SELECT paper_code || '-' || paper_number FROM papers ORDER BY id LIMIT 1), "
          "(SELECT paper_code || '-' || paper_number FROM papers ORDER BY id DESC LIMIT 1)");
  CS_RETURN_IF_ERROR(q.prepared());
  CS_ASSIGN_OR_RETURN(bool row, q.step());
  JournalSummary s;
  if (!row) return s;
  s.exchanges = static_cast<std::uint64_t>(sqlite3_column_int64(q.get(), 0));
  s.open_exchanges = static_cast<std::uint64_t>(sqlite3_column_int64(q.get(), 1));
  s.papers_printed = static_cast<std::uint64_t>(sqlite3_column_int64(q.get(), 2));
  s.papers_voided = static_cast<std::uint64_t>(sqlite3_column_int64(q.get(), 3));
  s.steps = static_cast<std::uint64_t>(sqlite3_column_int64(q.get(), 4));
  if (sqlite3_column_type(q.get(), 5) != SQLITE_NULL) s.first_paper_serial = std::string(column_text(q.get(), 5));
  if (sqlite3_column_type(q.get(), 6) != SQLITE_NULL) s.last_paper_serial = std::string(column_text(q.get(), 6));
  return s;
}

}  // namespace chainslip

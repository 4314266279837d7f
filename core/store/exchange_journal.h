#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/chain/transaction.h"
#include "core/store/sqlite_util.h"
#include "core/util/bytes.h"
#include "core/util/result.h"

namespace chainslip {

// Where one paper copy of an exchange stands. Each state is recorded BEFORE
// the step it names is taken, so after a crash the journal says what may
// have happened and recovery finds out what did:
//   requested  serial allocated; nothing has left the kiosk
//   submitted  the signed convert tx is stored; it may be on chain
//   accepted   its inclusion with result accepted is proven (proof stored)
//   refused    the chain refused the convert (final)
//   printing   the paper may be coming out of the printer
//   printed    the printer confirmed the whole ticket (final)
//   voiding    the signed void tx is stored; it may be on chain
//   voided     the void is proven included (final for this serial)
//   abandoned  never submitted, dropped (final)
enum class PaperState { kRequested, kSubmitted, kAccepted, kRefused, kPrinting, kPrinted, kVoiding, kVoided,
                        kAbandoned };

std::string_view paper_state_name(PaperState state);
Result<PaperState> parse_paper_state(std::string_view name);
// The only transitions the journal records; anything else is a bug in the
// caller and is refused with kFailedPrecondition.
bool paper_transition_allowed(PaperState from, PaperState to);

// One patient request, as the kiosk verified it.
struct ExchangeRequest {
  std::string chain_id;
  std::string code;
  std::string number;
  Digest receipt_hash{};
  std::string reason;  // kConvertReasonRefund / kConvertReasonOther
};

// An exchange ends when a paper is printed, the chain refuses, it is
// abandoned before submission, or an operator gives it up after a void.
enum class ExchangeState { kOpen, kDone, kRefused, kAbandoned, kGivenUp };
std::string_view exchange_state_name(ExchangeState state);

struct PaperRecord {
  std::int64_t id = 0;
  std::int64_t exchange_id = 0;
  ExchangeRequest request;
  ExchangeState exchange_state = ExchangeState::kOpen;
  PaperCopy paper;  // the serial printed on it and recorded on chain
  PaperState state = PaperState::kRequested;
  std::string convert_tx;  // signed transaction JSON, resubmitted byte for byte
  Bytes convert_tx_hash;
  std::string convert_proof;
  std::string refusal;
  std::string void_tx;
  Bytes void_tx_hash;
  std::string void_proof;
  std::string void_reason;
};

struct JournalStep {
  std::int64_t seq = 0;
  std::int64_t exchange_id = 0;
  std::optional<std::int64_t> paper_id;
  std::string step;
  std::uint64_t at = 0;
  std::string detail;
};

struct JournalSummary {
  std::uint64_t exchanges = 0;
  std::uint64_t open_exchanges = 0;
  std::uint64_t papers_printed = 0;
  std::uint64_t papers_voided = 0;
  std::uint64_t steps = 0;
  std::optional<std::string> first_paper_serial;  // "12345678-0000000001"
  std::optional<std::string> last_paper_serial;
};

// The numbers the journal hands out next, read without taking them.
struct JournalCounters {
  std::uint64_t next_nonce = 1;
  std::uint64_t next_paper_number = 1;  // of the journal's paper code
};

// The durable record of every paper exchange (SQLite, WAL, synchronous =
// FULL: a step that returned is on disk). One process at a time writes it
// (the service); others may read it (`chainslip status`).
class ExchangeJournal {
 public:
  // `paper_code` is the 8-digit code of this kiosk's paper stock; paper
  // numbers continue from the journal's counter. `vfs_name` as
  // sqlite::open_database's (empty: SQLite's default). Errors as
  // ReceiptStore::open.
  static Result<ExchangeJournal> open(const std::string& path, const std::string& paper_code,
                                      const std::string& vfs_name = {});

  ExchangeJournal(ExchangeJournal&&) noexcept;
  ExchangeJournal& operator=(ExchangeJournal&&) noexcept;
  ~ExchangeJournal();

  // A new exchange with its first paper serial, state requested.
  Result<PaperRecord> request(const ExchangeRequest& request, std::uint64_t now);
  // A new serial for an open exchange whose last paper was voided.
  Result<PaperRecord> reissue(std::int64_t exchange_id, std::uint64_t now);
  // The device nonce for the next status transaction; never repeats, even
  // across a crash right after this returns.
  Result<std::uint64_t> next_nonce();
  // What next_nonce() and the next paper serial would give, without
  // consuming either (a fresh journal: 1 and 1).
  Result<JournalCounters> peek_counters() const;
  const std::string& paper_code() const { return paper_code_; }

  Status submitted(std::int64_t paper_id, const std::string& tx_json, ByteView tx_hash, std::uint64_t now);
  Status accepted(std::int64_t paper_id, const std::string& proof_json, std::uint64_t now);
  Status refused(std::int64_t paper_id, const std::string& refusal, std::uint64_t now);
  Status printing(std::int64_t paper_id, std::uint64_t now);
  Status printed(std::int64_t paper_id, std::uint64_t now);
  Status voiding(std::int64_t paper_id, const std::string& tx_json, ByteView tx_hash, const std::string& reason,
                 std::uint64_t now);
  Status voided(std::int64_t paper_id, const std::string& proof_json, std::uint64_t now);
  Status abandoned(std::int64_t paper_id, const std::string& why, std::uint64_t now);
  // Ends an open exchange whose last paper is voided without another copy.
  Status give_up(std::int64_t exchange_id, const std::string& why, std::uint64_t now);

  Result<PaperRecord> paper(std::int64_t paper_id) const;
  // The latest paper of every open exchange, oldest exchange first: what
  // boot recovery must finish.
  Result<std::vector<PaperRecord>> unfinished() const;
  Result<std::vector<PaperRecord>> papers_of(std::int64_t exchange_id) const;
  Result<std::vector<JournalStep>> steps(std::int64_t exchange_id) const;
  Result<JournalSummary> summary() const;

  const std::string& path() const { return path_; }

  // Called with the step's name (the `steps` table's: a paper state name,
  // "reissued" or "given_up") right after each step is durably committed,
  // on the writer's thread. A test hook: chainslipd's crash test kills the
  // process here (docs/CONFIG.md, CHAINSLIP_KILL_AFTER).
  using StepObserver = std::function<void(std::string_view step)>;
  void set_step_observer(StepObserver observer) { observer_ = std::move(observer); }

 private:
  ExchangeJournal(sqlite::Db db, std::string path, std::string paper_code);
  // A column of `papers` a step fills in.
  struct Column {
    const char* name;
    std::variant<std::string, Bytes> value;
  };
  // One step, all or nothing: checks the transition, updates the paper (and
  // the exchange), appends the step.
  Status move(std::int64_t paper_id, PaperState to, std::vector<Column> columns,
              std::optional<ExchangeState> exchange_to, const std::string& detail, std::uint64_t now);
  Result<PaperRecord> new_paper(std::int64_t exchange_id, std::string_view step, std::uint64_t now);
  void committed(std::string_view step) const;
  Result<std::vector<PaperRecord>> select_papers(const char* where, std::optional<std::int64_t> arg) const;

  std::string path_;
  sqlite::Db db_;
  std::string paper_code_;
  StepObserver observer_;
};

std::string paper_serial_text(const PaperCopy& paper);

// The names the `steps` table records (and a StepObserver is called with).
bool is_journal_step_name(std::string_view name);

}  // namespace chainslip

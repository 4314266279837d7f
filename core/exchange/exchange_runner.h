#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/chain/light_client.h"
#include "core/chain/transaction.h"
#include "core/crypto/keys.h"
#include "core/event/event_loop.h"
#include "core/exchange/device_identity.h"
#include "core/hal/node_client.h"
#include "core/hal/paper_printer.h"
#include "core/receipt/receipt.h"
#include "core/store/exchange_journal.h"

namespace chainslip {

// The paper exchange, exactly once (docs/CRASH_TEST.md proves it): for one
// verified receipt, journal "requested" → sign a convert transaction with the
// kiosk's device key → journal "submitted" (the tx bytes) → submit → poll
// until the node says included/refused → verify the inclusion ourselves
// (verify_tx_inclusion against the trust anchor) → journal "accepted" (the
// proof) → journal "printing" → print → journal "printed". Every journal
// step is written BEFORE the step is taken.
//
// Failures after acceptance never leave an accepted conversion without
// paper: a print that failed part-way (or was interrupted by a crash) is
// voided on chain (journal "voiding" → submit void → verify inclusion →
// "voided"), then the exchange gets a new paper serial and converts again;
// a second active paper copy is impossible because the chain allows one and
// the kiosk only prints after proving ITS OWN conversion accepted.
//
// Boot recovery (recover()) finishes every unfinished exchange from its
// journal state:
//   requested  → abandoned (nothing left the kiosk; the patient is gone),
//                unless it is a reissued serial: convert and print it
//   submitted  → look up the stored tx hash; unknown to the node: resubmit
//                the stored bytes; then continue as above
//   accepted   → print it (the patient may be gone: the paper goes to the
//                tray, and the operator log says so)
//   printing   → void that serial, reissue, convert and print again
//   voiding    → look up / resubmit the stored void, then reissue
//   voided     → reissue, convert and print again
// A reissue waits for the printer to be ready (at most
// printer_ready_timeout, then the exchange is given up): converting again
// for a printer known to be down would only void again.
// Runs on the event loop's thread; never blocks.
struct ExchangeRunnerOptions {
  std::string chain_id;
  std::string kiosk_id;
  std::string operator_name = "self-service";
  // Inclusion polls after a submission: the first after inclusion_first_poll,
  // each next one twice as late, up to inclusion_poll_interval. A node that
  // seals on submission (or a short block interval) is not waited on for a
  // whole interval; a slow chain is still asked only once per interval.
  std::chrono::milliseconds inclusion_first_poll{100};
  std::chrono::milliseconds inclusion_poll_interval{1000};
  std::chrono::milliseconds inclusion_timeout{std::chrono::seconds(60)};
  // A print failed part-way: how many times a reissue is tried before the
  // exchange is given up (its last paper voided; the operator is told).
  int max_reprints = 2;
  // How long a convert that is proven accepted waits for the printer to be
  // ready before its paper is voided (and, reprints permitting, retried).
  std::chrono::milliseconds printer_ready_timeout{std::chrono::minutes(3)};
  // now_ms is set from the loop clock's wall time (in whole seconds) for every check.
  HeaderCheckOptions header_checks;
  // The verified receipt of an exchange recovery finishes (the kiosk's
  // receipt cache); its hash must equal the journal's. Unset or failing:
  // an accepted paper is voided and the exchange given up.
  std::function<Result<Receipt>(const std::string& code, const std::string& number)> find_receipt;
  // Operator log lines (may be unset).
  std::function<void(const std::string&)> log;
};

// What the kiosk screen shows while an exchange runs.
enum class ExchangeStep { kSigning, kSubmitting, kWaitingForInclusion, kPrinting, kVoiding, kReprinting, kDone,
                          kFailed };
struct ExchangeProgress {
  std::int64_t exchange_id = 0;
  ExchangeStep step = ExchangeStep::kSigning;
  std::string paper_serial;
  std::string detail;  // operator words
};

struct ExchangeOutcome {
  std::int64_t exchange_id = 0;
  std::string paper_serial;         // of the printed copy
  std::uint64_t block_height = 0;   // of the convert's inclusion
  std::string block_hash_hex;
};

// The verified receipt the patient confirmed.
struct ExchangeSubject {
  Receipt receipt;
  Digest receipt_hash{};
};

// An exchange that issued no paper copy, as the patient must be told: what
// the chain may hold (kind), and which part of the kiosk's world failed
// (cause), as typed values; `error` keeps the operator's words.
enum class ExchangeFailureKind {
  kNotSent,  // nothing reached the chain: the receipt is unchanged
  kRefused,  // the chain refused the conversion (`refusal`): the receipt is unchanged by this try
  kVoided,   // converted, then voided on chain after the print failed: no valid copy exists
  kUnknown,  // the kiosk cannot tell what the chain did: the exchange stays open in the
             // journal and is finished by recovery (or staff), quoting `exchange_id`
};
enum class ExchangeFailureCause {
  kNode,           // no node answered, or none in time
  kChain,          // the chain's own verdict (a refusal)
  kNodeProof,      // the node's answer did not verify: nothing is printed on an unproven answer
  kPrinter,        // the printer failed or stayed not ready
  kDiskFull,       // the journal's disk is full
  kLocalDatabase,  // the journal could not be written or read (lock, I/O error, damage)
  kKiosk,          // anything else on this kiosk (cannot sign, receipt not cached, busy)
};
std::string_view exchange_failure_kind_name(ExchangeFailureKind kind);
std::string_view exchange_failure_cause_name(ExchangeFailureCause cause);

struct ExchangeFailure {
  ExchangeFailureKind kind = ExchangeFailureKind::kUnknown;
  ExchangeFailureCause cause = ExchangeFailureCause::kKiosk;
  std::optional<TxRefusal> refusal;  // kRefused
  std::int64_t exchange_id = 0;      // the journal's reference; 0 when nothing was journaled
  std::string paper_serial;          // the paper the exchange was on, if any
  Error error;                       // for the operator log
};

// The cause of a failed journal step: a full disk is told apart from the rest.
ExchangeFailureCause journal_failure_cause(const Error& error);

// start() refused: nothing was journaled or sent.
ExchangeFailure exchange_not_started(const Error& error);

// How an exchange ended: a printed copy, or the failure.
class ExchangeResult {
 public:
  ExchangeResult(ExchangeOutcome outcome) : v_(std::move(outcome)) {}  // NOLINT: implicit by design
  ExchangeResult(ExchangeFailure failure) : v_(std::move(failure)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  const ExchangeOutcome& value() const { return std::get<0>(v_); }
  const ExchangeOutcome& operator*() const { return value(); }
  const ExchangeOutcome* operator->() const { return &value(); }
  const ExchangeFailure& failure() const { return std::get<1>(v_); }
  const Error& error() const { return failure().error; }
  ErrorCode code() const { return error().code; }

 private:
  std::variant<ExchangeOutcome, ExchangeFailure> v_;
};

class ExchangeRunner {
 public:
  using Done = std::function<void(ExchangeResult)>;
  using Progress = std::function<void(const ExchangeProgress&)>;

  // Transaction times and journal entries are the loop clock's wall time,
  // in seconds; timers run on its monotonic time.
  static Result<std::unique_ptr<ExchangeRunner>> create(EventLoop& loop, ExchangeJournal& journal, NodeClient& node,
                                                        PaperPrinter& printer, LightClient& light_client,
                                                        DeviceIdentity identity, ExchangeRunnerOptions options);
  virtual ~ExchangeRunner() = default;

  // One exchange at a time: kFailedPrecondition while one runs or recovery
  // is under way (or the journal's storage error: exchange_not_started).
  // The run's end arrives through `done` as an ExchangeResult: a refusal by
  // the chain, the node unavailable before submission (nothing journaled
  // beyond requested → abandoned), printer failures after acceptance (voided
  // and retried as above; failed only when reprints ran out), a journal that
  // cannot record a step (its storage error: a failing disk kDataLoss, a full
  // one kResourceExhausted; the exchange stays open for recovery, the
  // operator log says to check the disk), each with its kind and cause.
  virtual Status start(const ExchangeSubject& subject, ExchangeReason reason, Done done, Progress progress) = 0;
  // Finishes every unfinished journal entry, one after another; `done`
  // reports how many were finished and the first error, if any.
  virtual void recover(std::function<void(Result<std::size_t>)> done) = 0;
  virtual bool busy() const = 0;
};

}  // namespace chainslip

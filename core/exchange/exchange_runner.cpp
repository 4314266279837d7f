#include "core/exchange/exchange_runner.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <optional>
#include <utility>

#include "core/crypto/hasher.h"
#include "core/hal/clock.h"
#include "core/receipt/paper_copy_code.h"
#include "core/util/alive_token.h"
#include "core/util/strict_json.h"

namespace chainslip {
namespace {

using Millis = std::chrono::milliseconds;

constexpr std::string_view kVoidReasonPrintFailed = "print-failed";

std::string reason_text(ExchangeReason reason) {
  return std::string(reason == ExchangeReason::kRefund ? kConvertReasonRefund : kConvertReasonOther);
}

ExchangeReason reason_of(const std::string& text) {
  return text == kConvertReasonRefund ? ExchangeReason::kRefund : ExchangeReason::kOther;
}

// What the journal keeps as the proof of an inclusion the kiosk verified.
std::string proof_json(const VerifiedInclusion& v) {
  Json j = Json::object();
  j["height"] = v.height;
  j["header_hash"] = to_hex(v.header_hash);
  j["tx_hash"] = to_hex(v.tx_hash);
  return j.dump();
}

Result<VerifiedInclusion> parse_proof_json(const std::string& text) {
  CS_ASSIGN_OR_RETURN(Json j, parse_strict_json(text));
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(j, "journal proof"));
  VerifiedInclusion v;
  CS_ASSIGN_OR_RETURN(v.height, f.u64("height"));
  CS_ASSIGN_OR_RETURN(v.header_hash, f.digest("header_hash"));
  CS_ASSIGN_OR_RETURN(v.tx_hash, f.digest("tx_hash"));
  CS_RETURN_IF_ERROR(f.finish());
  return v;
}

// `f`, unless the owner of `alive` is gone by the time it is called.
template <typename F>
auto guarded(const AliveToken& alive, F f) {
  return [watch = alive.watch(), f = std::move(f)](auto&&... args) mutable {
    if (!watch.alive()) return;
    f(std::forward<decltype(args)>(args)...);
  };
}

// Runs an exchange (or recovery) paper by paper. The journal's state of the
// current paper is the state machine's state: step() is the one place that
// decides what comes next; the handlers of node answers, timers and printer
// outcomes only record a journal step and call step() again. Every callback
// holds a weak token so that a runner destroyed mid-flight (a crash in tests,
// shutdown in the service) is never called back.
class ExchangeRunnerImpl final : public ExchangeRunner {
 public:
  ExchangeRunnerImpl(EventLoop& loop, ExchangeJournal& journal, NodeClient& node, PaperPrinter& printer,
                     LightClient& light_client, DeviceIdentity identity, ExchangeRunnerOptions options)
      : loop_(loop),
        journal_(journal),
        node_(node),
        printer_(printer),
        light_client_(light_client),
        identity_(std::move(identity)),
        options_(std::move(options)),
        timer_(loop.create_timer(guarded(alive_, [this] { on_timer(); }))) {}

  Status start(const ExchangeSubject& subject, ExchangeReason reason, Done done, Progress progress) override {
    if (busy()) return make_error(ErrorCode::kFailedPrecondition, "an exchange or recovery is already running");
    ExchangeRequest request{options_.chain_id, subject.receipt.code, subject.receipt.number, subject.receipt_hash,
                            reason_text(reason)};
    Result<PaperRecord> paper = journal_.request(request, now());
    if (!paper.ok()) {
      log("receipt " + request.code + "-" + request.number + ": " + journal_failure(paper.error()) +
          "; nothing was sent");
      return paper.error();
    }
    begin(std::move(paper).value(), subject.receipt, std::move(done), std::move(progress));
    log("exchange " + std::to_string(current_->paper.exchange_id) + ": receipt " + request.code + "-" +
        request.number + ", paper " + serial());
    // Nothing has left the kiosk yet: make sure the node answers before the
    // convert is journaled as submitted.
    wait_ = Wait::kNode;
    node_.get_info(guarded(alive_, [this](Result<NodeInfo> info) { on_node_info(std::move(info)); }));
    return {};
  }

  void recover(std::function<void(Result<std::size_t>)> done) override {
    if (busy()) {
      done(make_error(ErrorCode::kFailedPrecondition, "an exchange or recovery is already running"));
      return;
    }
    auto papers = journal_.unfinished();
    if (!papers.ok()) {
      log("recovery: " + journal_failure(papers.error()));
      done(papers.error());
      return;
    }
    recovery_.emplace();
    recovery_->pending.assign(papers->begin(), papers->end());
    recovery_->done = std::move(done);
    recover_next();
  }

  bool busy() const override { return current_.has_value() || recovery_.has_value(); }

 private:
  enum class Wait { kNothing, kNode, kSubmit, kLookup, kChanges, kPollTimer, kPrinterReady, kPrinterBeforeReissue, kPrint };

  // The transaction being taken to the chain: the paper's convert or void.
  struct Tracked {
    Transaction tx;
    Digest hash{};
    bool is_void = false;
    Millis deadline{0};
    bool fetched_changes = false;
    int polls = 0;  // inclusion polls so far: the next waits twice as long as the last
    bool replayed = false;  // the node refused a submission as replayed
  };

  struct Current {
    PaperRecord paper;
    std::optional<Receipt> receipt;
    Done done;
    Progress progress;
    std::optional<Tracked> tracked;
    std::optional<VerifiedInclusion> inclusion;  // of the current paper's convert
    Millis printer_deadline{0};
    bool void_slip_printed = false;  // for the current (voided) paper
  };

  struct Recovery {
    std::deque<PaperRecord> pending;
    std::size_t finished = 0;
    std::optional<Error> first_error;
    std::function<void(Result<std::size_t>)> done;
  };

  // The wall time in seconds: what transactions and the journal record.
  std::uint64_t now() const { return to_unix_seconds(loop_.clock().wall_time()); }
  void log(const std::string& line) const {
    if (options_.log) options_.log(line);
  }
  std::string serial() const { return paper_serial_text(current_->paper.paper); }
  std::string where() const {
    return "exchange " + std::to_string(current_->paper.exchange_id) + " paper " + serial();
  }

  void report(ExchangeStep step, const std::string& detail) {
    if (!current_ || !current_->progress) return;
    current_->progress(ExchangeProgress{current_->paper.exchange_id, step, serial(), detail});
  }

  void begin(PaperRecord paper, std::optional<Receipt> receipt, Done done, Progress progress) {
    current_.emplace();
    current_->paper = std::move(paper);
    current_->receipt = std::move(receipt);
    current_->done = std::move(done);
    current_->progress = std::move(progress);
  }

  // Re-reads the current paper after a journal step.
  Status reload() {
    CS_ASSIGN_OR_RETURN(current_->paper, journal_.paper(current_->paper.id));
    return {};
  }

  // A journal step failed: the kiosk cannot prove what it does, so it stops
  // here; the exchange stays open for recovery.
  void journal_failed(const Error& error) {
    log(where() + ": " + journal_failure(error) + "; the exchange stays open until recovery finishes it");
    fail(journal_failure_cause(error), make_error(error.code, where() + ": journal: " + error.message));
  }

  // What the chain may hold for the current paper, from its journal state.
  ExchangeFailureKind kind_now() const {
    switch (current_->paper.state) {
      case PaperState::kRequested: {
        // A reissued serial's exchange had a copy converted and voided.
        const Result<bool> first = is_first_paper();
        if (!first.ok()) return ExchangeFailureKind::kUnknown;
        return *first ? ExchangeFailureKind::kNotSent : ExchangeFailureKind::kVoided;
      }
      case PaperState::kAbandoned: return ExchangeFailureKind::kNotSent;
      case PaperState::kRefused: return ExchangeFailureKind::kRefused;
      case PaperState::kVoided: return ExchangeFailureKind::kVoided;
      default: return ExchangeFailureKind::kUnknown;
    }
  }

  // Ends the exchange without a copy; what the chain may hold is read from
  // the journal.
  void fail(ExchangeFailureCause cause, Error error, std::optional<TxRefusal> refusal = std::nullopt) {
    ExchangeFailure f;
    f.kind = kind_now();
    f.cause = cause;
    f.refusal = refusal;
    f.exchange_id = current_->paper.exchange_id;
    f.paper_serial = serial();
    f.error = std::move(error);
    finish(std::move(f));
  }
  static std::string journal_failure(const Error& error) {
    return "the journal failed (" + std::string(error_code_name(error.code)) + ": " +
           error.message + "), check the kiosk's disk";
  }

  // The one place that decides what happens next, from the paper's state.
  void step() {
    Status loaded = reload();
    if (!loaded.ok()) return journal_failed(loaded.error());
    const PaperRecord& p = current_->paper;
    switch (p.state) {
      case PaperState::kRequested: return submit_convert();
      case PaperState::kSubmitted: return track_stored(p.convert_tx, false, false);
      case PaperState::kAccepted: return wait_for_printer();
      case PaperState::kPrinting: return start_void("print interrupted");
      case PaperState::kVoiding: return track_stored(p.void_tx, true, false);
      case PaperState::kVoided: return after_void();
      case PaperState::kPrinted: return finish(outcome());
      case PaperState::kRefused:
        if (Result<TxRefusal> refusal = parse_tx_refusal(p.refusal); refusal.ok()) {
          return fail(ExchangeFailureCause::kChain,
                      make_error(ErrorCode::kFailedPrecondition,
                                 p.refusal + ": the chain refused the conversion of " + where()),
                      refusal.value());
        }
        return fail(ExchangeFailureCause::kLocalDatabase,
                    make_error(ErrorCode::kDataLoss,
                               where() + ": the journal's refusal \"" + p.refusal + "\" is not one the chain gives"));
      case PaperState::kAbandoned:
        return fail(ExchangeFailureCause::kKiosk,
                    make_error(ErrorCode::kAborted, where() + " was abandoned before submission"));
    }
  }

  ExchangeOutcome outcome() const {
    ExchangeOutcome o;
    o.exchange_id = current_->paper.exchange_id;
    o.paper_serial = serial();
    if (auto v = parse_proof_json(current_->paper.convert_proof); v.ok()) {
      o.block_height = v->height;
      o.block_hash_hex = to_hex(v->header_hash);
    }
    return o;
  }

  // -- convert ---------------------------------------------------------------

  void on_node_info(Result<NodeInfo> info) {
    wait_ = Wait::kNothing;
    if (info.ok() && info->chain_id != options_.chain_id) {
      info = make_error(ErrorCode::kFailedPrecondition, "the node serves chain \"" + info->chain_id +
                                                            "\", this kiosk is on \"" + options_.chain_id + "\"");
    }
    if (!info.ok()) {
      const std::string why = "node unavailable before submission: " + info.error().message;
      Status s = journal_.abandoned(current_->paper.id, why, now());
      if (!s.ok()) return journal_failed(s.error());
      log(where() + ": abandoned, " + why);
      return fail(ExchangeFailureCause::kNode,
                  make_error(info.code() == ErrorCode::kFailedPrecondition ? info.code() : ErrorCode::kUnavailable,
                             where() + ": " + why + "; nothing was sent, try again"));
    }
    step();
  }

  void submit_convert() {
    report(ExchangeStep::kSigning, "signing the conversion");
    const PaperRecord& p = current_->paper;
    if (!current_->receipt) {
      return fail(ExchangeFailureCause::kKiosk, make_error(ErrorCode::kFailedPrecondition, where() + ": the receipt is not known"));
    }
    auto nonce = journal_.next_nonce();
    if (!nonce.ok()) return journal_failed(nonce.error());
    auto tx = make_convert_tx(options_.chain_id, *current_->receipt, p.paper, p.request.reason,
                              options_.operator_name, now(), *nonce, identity_.certificate, identity_.key);
    if (!tx.ok()) {
      return fail(ExchangeFailureCause::kKiosk,
                  make_error(tx.code(), where() + ": cannot sign the conversion: " + tx.error().message));
    }
    const Digest tx_hash = transaction_hash(identity_.key.suite(), *tx);
    Status s = journal_.submitted(p.id, transaction_to_json(*tx).dump(), tx_hash, now());
    if (!s.ok()) return journal_failed(s.error());
    if (Status loaded = reload(); !loaded.ok()) return journal_failed(loaded.error());
    track_stored(current_->paper.convert_tx, false, true);
  }

  // Takes the stored transaction (byte for byte what the journal holds) to
  // the chain: a fresh one is submitted, a recovered one looked up first.
  void track_stored(const std::string& tx_json, bool is_void, bool fresh) {
    auto tx = parse_transaction(tx_json);
    if (!tx.ok()) {
      return fail(ExchangeFailureCause::kLocalDatabase,
                  make_error(ErrorCode::kDataLoss, where() + ": stored transaction: " + tx.error().message));
    }
    Tracked t;
    t.hash = transaction_hash(identity_.key.suite(), *tx);
    t.tx = std::move(tx).value();
    t.is_void = is_void;
    t.deadline = loop_.clock().now() + options_.inclusion_timeout;
    current_->tracked = std::move(t);
    if (fresh) return send();
    lookup();
  }

  void send() {
    report(current_->tracked->is_void ? ExchangeStep::kVoiding : ExchangeStep::kSubmitting, "sending to the chain");
    wait_ = Wait::kSubmit;
    node_.submit_transaction(current_->tracked->tx,
                             guarded(alive_, [this](Result<SubmitAnswer> a) { on_submitted(std::move(a)); }));
  }

  void on_submitted(Result<SubmitAnswer> answer) {
    wait_ = Wait::kNothing;
    if (!answer.ok()) {
      log(where() + ": submission not confirmed (" + answer.error().message + "); asking the node again");
      return poll_later();
    }
    // Replayed: this very transaction is pending or included already, or its
    // nonce was used by another; the lookup tells them apart.
    if (answer->refusal == TxRefusal::kReplayed) current_->tracked->replayed = true;
    if (answer->accepted() || answer->refusal == TxRefusal::kReplayed) return poll_later();
    on_refused(*answer->refusal, answer->message);
  }

  void lookup() {
    wait_ = Wait::kLookup;
    node_.lookup_transaction(current_->tracked->hash, guarded(alive_, [this](Result<TxLookup> l) { on_lookup(std::move(l)); }));
  }

  void poll_later() {
    if (loop_.clock().now() >= current_->tracked->deadline) {
      log(where() + ": no proven inclusion within the timeout; recovery will finish it");
      return fail(ExchangeFailureCause::kNode,
                  make_error(ErrorCode::kDeadlineExceeded, where() + ": the chain did not include the " +
                                                               (current_->tracked->is_void ? "void" : "conversion") +
                                                               " in time; the exchange stays open for recovery"));
    }
    report(current_->tracked->is_void ? ExchangeStep::kVoiding : ExchangeStep::kWaitingForInclusion,
           "waiting for the next block");
    wait_ = Wait::kPollTimer;
    Tracked& t = *current_->tracked;
    const Millis backoff = options_.inclusion_first_poll * (Millis::rep{1} << std::min(t.polls, 16));
    ++t.polls;
    timer_.arm(std::min(backoff, options_.inclusion_poll_interval));
  }

  void on_lookup(Result<TxLookup> lookup_result) {
    wait_ = Wait::kNothing;
    if (!lookup_result.ok()) {
      if (lookup_result.code() == ErrorCode::kNotFound) {
        // Refused as replayed, yet unknown by its hash: another transaction
        // of this device used its nonce. The journal's counters are behind the
        // chain's (a replaced or restored journal): sending again cannot help.
        if (current_->tracked->replayed) {
          log(where() + ": the chain refused it as replayed: nonce " + std::to_string(current_->tracked->tx.nonce) +
              " of this device was used by another transaction; the exchange journal is behind the chain "
              "(was journal.db replaced or restored?), call the operator");
          return on_refused(TxRefusal::kReplayed, "nonce already used by this device");
        }
        return send();  // never arrived: send the stored bytes
      }
      return poll_later();
    }
    switch (lookup_result->state) {
      case TxLookupState::kPending: return poll_later();
      case TxLookupState::kRefused: return on_refused(lookup_result->refusal, lookup_result->message);
      case TxLookupState::kIncluded: return verify(std::move(lookup_result).value());
    }
  }

  void on_refused(TxRefusal refusal, const std::string& message) {
    const std::string name(tx_refusal_name(refusal));
    if (!current_->tracked->is_void) {
      Status s = journal_.refused(current_->paper.id, name, now());
      if (!s.ok()) return journal_failed(s.error());
      log(where() + ": refused by the chain: " + name + " (" + message + ")");
      return step();
    }
    if (refusal == TxRefusal::kNotActivePaper) {
      // Not active on chain: as good as voided for this serial.
      Status s = journal_.voided(current_->paper.id, Json{{"refused", name}}.dump(), now());
      if (!s.ok()) return journal_failed(s.error());
      return step();
    }
    log(where() + ": void refused by the chain: " + name + " (" + message + "); call the operator");
    fail(ExchangeFailureCause::kChain,
         make_error(ErrorCode::kFailedPrecondition, "the chain refused the void of " + where() + ": " + name));
  }

  // The header is signed by a set the light client does not know yet: the
  // changes since the anchor are fetched from the node (and proven by it).
  bool needs_changes(const BlockHeader& header) const {
    auto set = light_client_.set_at(header.height);
    return set.ok() && (*set)->hash() != header.validator_set_hash;
  }

  void verify(TxLookup lookup_answer) {
    Tracked& t = *current_->tracked;
    if (needs_changes(lookup_answer.header) && !t.fetched_changes) {
      t.fetched_changes = true;
      wait_ = Wait::kChanges;
      node_.get_validator_set_changes(
          guarded(alive_, [this, l = std::move(lookup_answer)](Result<std::vector<ValidatorSetChange>> changes) mutable {
            wait_ = Wait::kNothing;
            if (changes.ok()) learn(*changes);
            verify(std::move(l));
          }));
      return;
    }
    HeaderCheckOptions checks = options_.header_checks;
    checks.now_ms = now() * 1000;
    auto verified = verify_tx_inclusion(t.tx, lookup_answer, light_client_.anchor(), light_client_.changes(), checks);
    if (!verified.ok()) {
      log(where() + ": the node's inclusion proof does not verify (" +
          std::string(error_code_name(verified.code())) + ": " + verified.error().message +
          "); nothing printed, check the node");
      return fail(ExchangeFailureCause::kNodeProof,
                  make_error(verified.code(), where() + ": inclusion not proven: " + verified.error().message));
    }
    if (t.is_void) {
      Status s = journal_.voided(current_->paper.id, proof_json(*verified), now());
      if (!s.ok()) return journal_failed(s.error());
      log(where() + ": void proven in block " + std::to_string(verified->height));
    } else {
      Status s = journal_.accepted(current_->paper.id, proof_json(*verified), now());
      if (!s.ok()) return journal_failed(s.error());
      log(where() + ": conversion proven in block " + std::to_string(verified->height));
    }
    current_->tracked.reset();
    step();
  }

  // Keeps the node's changes that follow what the light client holds.
  void learn(const std::vector<ValidatorSetChange>& changes) {
    for (const ValidatorSetChange& c : changes) {
      if (!light_client_.accept(c).ok()) break;
    }
  }

  // -- print -----------------------------------------------------------------

  void wait_for_printer() {
    if (!current_->receipt) return start_void("the receipt is not in the cache");
    if (!current_->done) log(where() + ": printing for a patient who may be gone: the paper goes to the tray");
    current_->printer_deadline = loop_.clock().now() + options_.printer_ready_timeout;
    check_printer();
  }

  void check_printer() {
    const PrinterState state = printer_.state();
    if (state.ready) return print();
    if (loop_.clock().now() >= current_->printer_deadline) {
      return start_void("printer not ready: " + std::string(printer_condition_name(state.condition_code)));
    }
    report(ExchangeStep::kPrinting, "waiting for the printer: " + state.condition_text);
    wait_ = Wait::kPrinterReady;
    timer_.arm(options_.inclusion_poll_interval);
  }

  void print() {
    auto proof = parse_proof_json(current_->paper.convert_proof);
    if (!proof.ok()) {
      return fail(ExchangeFailureCause::kLocalDatabase, make_error(ErrorCode::kDataLoss, where() + ": " + proof.error().message));
    }
    PaperCopyContent doc;
    doc.receipt = *current_->receipt;
    doc.chain_id = options_.chain_id;
    doc.block_height = proof->height;
    doc.block_hash_hex = to_hex(proof->header_hash);
    doc.paper = current_->paper.paper;
    doc.qr_payload = format_paper_copy_code(paper_copy_code_for(doc.receipt));
    doc.printed_at = now();
    doc.reason = reason_of(current_->paper.request.reason);
    doc.kiosk_id = options_.kiosk_id;
    Status s = journal_.printing(current_->paper.id, now());
    if (!s.ok()) return journal_failed(s.error());
    report(ExchangeStep::kPrinting, "printing");
    wait_ = Wait::kPrint;
    Status started = printer_.print(doc, guarded(alive_, [this](const PrintOutcome& o) { on_printed(o); }));
    if (!started.ok()) {
      wait_ = Wait::kNothing;
      start_void("printer refused the job: " + started.error().message);
    }
  }

  void on_printed(const PrintOutcome& outcome_of_print) {
    wait_ = Wait::kNothing;
    if (outcome_of_print.status.ok()) {
      Status s = journal_.printed(current_->paper.id, now());
      if (!s.ok()) return journal_failed(s.error());
      log(where() + ": printed");
      return step();
    }
    log(where() + ": print failed (" + std::string(printer_condition_name(outcome_of_print.condition_code)) + ": " + outcome_of_print.condition_text +
        "; " + outcome_of_print.status.error().message + ")" +
        (outcome_of_print.paper_may_exist ? "; a partial paper may be in the tray, it is void" : ""));
    start_void(std::string(kVoidReasonPrintFailed) + ": " +
               std::string(printer_condition_name(outcome_of_print.condition_code)));
  }

  // -- void and reissue --------------------------------------------------------

  void start_void(const std::string& why) {
    report(ExchangeStep::kVoiding, why);
    const PaperRecord& p = current_->paper;
    auto nonce = journal_.next_nonce();
    if (!nonce.ok()) return journal_failed(nonce.error());
    const std::string reason = why.substr(0, 64);
    auto tx = make_void_tx(options_.chain_id, p.request.code, p.request.number, p.paper, reason,
                           options_.operator_name, now(), *nonce, identity_.certificate, identity_.key);
    if (!tx.ok()) {
      return fail(ExchangeFailureCause::kKiosk, make_error(tx.code(), where() + ": cannot sign the void: " + tx.error().message));
    }
    const Digest tx_hash = transaction_hash(identity_.key.suite(), *tx);
    Status s = journal_.voiding(p.id, transaction_to_json(*tx).dump(), tx_hash, reason, now());
    if (!s.ok()) return journal_failed(s.error());
    log(where() + ": voiding (" + why + ")");
    if (Status loaded = reload(); !loaded.ok()) return journal_failed(loaded.error());
    track_stored(current_->paper.void_tx, true, true);
  }

  void after_void() {
    auto papers = journal_.papers_of(current_->paper.exchange_id);
    if (!papers.ok()) return journal_failed(papers.error());
    const int reprints = static_cast<int>(papers->size()) - 1;
    if (reprints >= options_.max_reprints) {
      auto give_up_now = [this, reprints] {
        give_up(ExchangeFailureCause::kPrinter, "gave up after " + std::to_string(reprints) + " reprints");
      };
      if (void_slip_due() && printer_.state().ready) return print_void_slip_then(give_up_now);
      return give_up_now();
    }
    if (!current_->receipt) return give_up(ExchangeFailureCause::kKiosk, "the receipt is not in the cache");
    current_->printer_deadline = loop_.clock().now() + options_.printer_ready_timeout;
    reissue_when_printer_ready();
  }

  // A reprint needs a printer: converting again while it is known not to be
  // ready would only add another convert/void pair to the chain.
  void reissue_when_printer_ready() {
    const PrinterState state = printer_.state();
    if (!state.ready) {
      if (loop_.clock().now() >= current_->printer_deadline) {
        return give_up(ExchangeFailureCause::kPrinter, "the printer stayed not ready (" +
                                                std::string(printer_condition_name(state.condition_code)) + ")");
      }
      report(ExchangeStep::kReprinting, "waiting for the printer before reprinting: " + state.condition_text);
      wait_ = Wait::kPrinterBeforeReissue;
      timer_.arm(options_.inclusion_poll_interval);
      return;
    }
    if (void_slip_due()) return print_void_slip_then([this] { reissue_when_printer_ready(); });
    auto next = journal_.reissue(current_->paper.exchange_id, now());
    if (!next.ok()) return journal_failed(next.error());
    log(where() + ": reissued as paper " + paper_serial_text(next->paper));
    current_->paper = std::move(next).value();
    current_->void_slip_printed = false;
    report(ExchangeStep::kReprinting, "converting again with a new paper serial");
    step();
  }

  // A paper voided after its printing began may lie in the tray, torn or
  // whole-looking: a 作废 slip naming its serial comes out before anything
  // else is printed. Read from the journal's steps, so a crash mid-print is
  // covered too.
  bool void_slip_due() const {
    if (current_->void_slip_printed || current_->paper.state != PaperState::kVoided) return false;
    auto steps = journal_.steps(current_->paper.exchange_id);
    if (!steps.ok()) return true;  // not known: a slip too many is harmless
    return std::any_of(steps->begin(), steps->end(), [this](const JournalStep& s) {
      return s.paper_id == current_->paper.id && s.step == paper_state_name(PaperState::kPrinting);
    });
  }

  // Prints the slip (the printer is ready), then `then`, whatever came of it.
  void print_void_slip_then(std::function<void()> then) {
    VoidSlipContent slip;
    slip.paper = current_->paper.paper;
    slip.receipt_code = current_->paper.request.code;
    slip.receipt_number = current_->paper.request.number;
    slip.voided_at = now();
    slip.kiosk_id = options_.kiosk_id;
    current_->void_slip_printed = true;
    report(ExchangeStep::kVoiding, "printing a void slip");
    wait_ = Wait::kPrint;
    auto printed = [this, then](const PrintOutcome& o) {
      wait_ = Wait::kNothing;
      if (o.status.ok()) {
        log(where() + ": void slip printed");
      } else {
        log(where() + ": the void slip did not print (" + std::string(printer_condition_name(o.condition_code)) + "); staff must mark paper " + serial() +
            " void by hand");
      }
      then();
    };
    Status started = printer_.print_void_slip(slip, guarded(alive_, printed));
    if (!started.ok()) {
      wait_ = Wait::kNothing;
      log(where() + ": the void slip was refused (" + started.error().message + "); staff must mark paper " +
          serial() + " void by hand");
      then();
    }
  }

  // Ends an exchange whose last paper is void on chain, with no copy issued.
  void give_up(ExchangeFailureCause cause, const std::string& why) {
    if (void_slip_due()) {
      log(where() + ": no void slip could be printed (the printer is not ready); staff must mark paper " + serial() +
          " void by hand");
    }
    Status s = journal_.give_up(current_->paper.exchange_id, why, now());
    if (!s.ok()) return journal_failed(s.error());
    log(where() + ": given up, " + why + "; its paper is void on chain, call the operator");
    fail(cause, make_error(ErrorCode::kAborted, where() + ": " + why + "; no paper copy was issued"));
  }

  // -- timers and endings ------------------------------------------------------

  void on_timer() {
    if (!current_) return;
    const Wait was = std::exchange(wait_, Wait::kNothing);
    if (was == Wait::kPollTimer) return lookup();
    if (was == Wait::kPrinterReady) return check_printer();
    if (was == Wait::kPrinterBeforeReissue) return reissue_when_printer_ready();
  }

  void finish(ExchangeResult result) {
    timer_.cancel();
    wait_ = Wait::kNothing;
    Current ended = std::move(*current_);
    current_.reset();
    if (ended.progress) {
      ended.progress(ExchangeProgress{ended.paper.exchange_id, result.ok() ? ExchangeStep::kDone : ExchangeStep::kFailed,
                                      paper_serial_text(ended.paper.paper),
                                      result.ok() ? "done" : result.error().message});
    }
    if (recovery_) {
      // Refused, abandoned and given up are how an exchange can end, not
      // failures of recovery; what is left open is.
      if (is_final(ended.paper.exchange_id)) {
        ++recovery_->finished;
      } else if (!result.ok() && !recovery_->first_error) {
        recovery_->first_error = result.error();
      }
      return recover_next();
    }
    if (ended.done) ended.done(std::move(result));
  }

  Result<bool> is_first_paper() const {
    CS_ASSIGN_OR_RETURN(std::vector<PaperRecord> papers, journal_.papers_of(current_->paper.exchange_id));
    return papers.size() <= 1;
  }

  bool is_final(std::int64_t exchange_id) const {
    auto papers = journal_.papers_of(exchange_id);
    return papers.ok() && !papers->empty() && papers->back().exchange_state != ExchangeState::kOpen;
  }

  // -- recovery ----------------------------------------------------------------

  void recover_next() {
    if (recovery_->pending.empty()) {
      Recovery r = std::move(*recovery_);
      recovery_.reset();
      if (r.first_error) return r.done(*r.first_error);
      return r.done(r.finished);
    }
    PaperRecord paper = std::move(recovery_->pending.front());
    recovery_->pending.pop_front();
    std::optional<Receipt> receipt;
    if (options_.find_receipt) {
      auto found = options_.find_receipt(paper.request.code, paper.request.number);
      if (found.ok() && hash(identity_.key.suite(), canonical_receipt_bytes(*found)) == paper.request.receipt_hash) {
        receipt = std::move(found).value();
      }
    }
    begin(std::move(paper), std::move(receipt), nullptr, nullptr);
    log(where() + ": recovering from state " + std::string(paper_state_name(current_->paper.state)));
    if (current_->paper.state == PaperState::kRequested) {
      // Nothing left the kiosk and the patient is gone. A reissued serial is
      // different: its exchange's earlier copy was accepted and voided, so
      // recovery converts and prints it, as it would have from "voided".
      // Which it is must be read: a failed read abandons nothing.
      Result<bool> first = is_first_paper();
      if (!first.ok()) return journal_failed(first.error());
      if (*first || !current_->receipt) {
        Status s = journal_.abandoned(current_->paper.id, "interrupted before submission", now());
        if (!s.ok()) return journal_failed(s.error());
      }
    }
    step();
  }

  AliveToken alive_;
  EventLoop& loop_;
  ExchangeJournal& journal_;
  NodeClient& node_;
  PaperPrinter& printer_;
  LightClient& light_client_;
  const DeviceIdentity identity_;
  const ExchangeRunnerOptions options_;
  Timer timer_;
  Wait wait_ = Wait::kNothing;
  std::optional<Current> current_;
  std::optional<Recovery> recovery_;
};

}  // namespace

std::string_view exchange_failure_kind_name(ExchangeFailureKind kind) {
  switch (kind) {
    case ExchangeFailureKind::kNotSent: return "not_sent";
    case ExchangeFailureKind::kRefused: return "refused";
    case ExchangeFailureKind::kVoided: return "voided";
    case ExchangeFailureKind::kUnknown: return "unknown";
  }
  return "unknown";
}

std::string_view exchange_failure_cause_name(ExchangeFailureCause cause) {
  switch (cause) {
    case ExchangeFailureCause::kNode: return "node";
    case ExchangeFailureCause::kChain: return "chain";
    case ExchangeFailureCause::kNodeProof: return "node_proof";
    case ExchangeFailureCause::kPrinter: return "printer";
    case ExchangeFailureCause::kDiskFull: return "disk_full";
    case ExchangeFailureCause::kLocalDatabase: return "local_database";
    case ExchangeFailureCause::kKiosk: return "kiosk";
  }
  return "kiosk";
}

ExchangeFailureCause journal_failure_cause(const Error& error) {
  return error.code == ErrorCode::kResourceExhausted ? ExchangeFailureCause::kDiskFull
                                                     : ExchangeFailureCause::kLocalDatabase;
}

ExchangeFailure exchange_not_started(const Error& error) {
  ExchangeFailure f;
  f.kind = ExchangeFailureKind::kNotSent;
  f.cause = error.code == ErrorCode::kFailedPrecondition ? ExchangeFailureCause::kKiosk : journal_failure_cause(error);
  f.error = error;
  return f;
}

Result<std::unique_ptr<ExchangeRunner>> ExchangeRunner::create(EventLoop& loop, ExchangeJournal& journal,
                                                               NodeClient& node,
                                                               PaperPrinter& printer, LightClient& light_client,
                                                               DeviceIdentity identity,
                                                               ExchangeRunnerOptions options) {
  if (options.chain_id.empty() || options.kiosk_id.empty()) {
    return make_error(ErrorCode::kInvalidArgument, "exchange runner: chain_id and kiosk_id are required");
  }
  if (options.chain_id != light_client.anchor().chain_id) {
    return make_error(ErrorCode::kWrongChainId, "exchange runner: the trust anchor is for chain \"" +
                                                    light_client.anchor().chain_id + "\", not \"" +
                                                    options.chain_id + "\"");
  }
  if (options.max_reprints < 0) options.max_reprints = 0;
  return std::unique_ptr<ExchangeRunner>(new ExchangeRunnerImpl(loop, journal, node,
                                                                printer, light_client, std::move(identity),
                                                                std::move(options)));
}

}  // namespace chainslip

#include "sim/app/soak/soak_run.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <memory>
#include <set>
#include <utility>

#include "core/bundle/bundle_verifier.h"
#include "core/receipt/receipt_code.h"
#include "core/store/exchange_journal.h"
#include "core/store/receipt_store.h"
#include "core/util/file_io.h"
#include "firmware/config/kiosk_config.h"
#include "sim/app/soak/process_resources.h"
#include "sim/app/kiosk/simulated_kiosk.h"
#include "sim/printer/paper_png.h"

namespace chainslip::simapp {
namespace {

// The start screen, whether or not it says exchanges are paused (node or printer down).
bool at_start(const std::string& shown) { return shown == "idle" || shown == "idle_paused"; }

// A 作废 slip's first line (docs/PRINTING.md), centred.
constexpr std::string_view kVoidSlipMark = "作废";

std::string_view trimmed(std::string_view s) {
  const std::size_t first = s.find_first_not_of(' ');
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(' ') - first + 1);
}

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::size_t kInitialReceipts = 300;  // block 1: issued before the kiosk's day
// Yesterday's cache: receipts the kiosk verified over the previous day, 4 an
// hour, so that with a one-day retention the hourly prune drops 4 each hour.
constexpr std::size_t kYesterdayReceipts = 96;
constexpr std::uint32_t kRetentionDays = 1;
constexpr milliseconds kBoot{3000};
constexpr milliseconds kSampleEvery = std::chrono::hours(1);
constexpr milliseconds kHold{3000};                   // a phone held up this long at most
constexpr milliseconds kRescanAfter{2500};            // the camera reports a code again after 2 s without it
constexpr milliseconds kLookupLimit{40'000};          // a lookup answers (or fails) within this
constexpr milliseconds kExchangeLimit = minutes(20);  // operator timeouts and reprints included
constexpr milliseconds kBackToIdle{90'000};           // result display 15 s, idle timeout 60 s
constexpr milliseconds kWatch{100};
constexpr milliseconds kDrainLimit = minutes(30);  // after the day: episodes end, recovery finishes
constexpr std::size_t kTailLines = 300;

const char* const kSerialLabel = "纸质票据: ";  // drivers/printer/layout/receipt_layout.cpp
const char* const kNumberLabel = "票据号码: ";

const std::vector<std::string> kGarbageCodes = {
    "https://hospital.example.cn/queue?ticket=A0123",
    "WIFI:S:Hospital-Guest;T:WPA;P:welcome123;;",
    "134567890123456789",                                                     // a payment code
    "https://www.chinaebill.cn/eips-wxapp-service/d?t=504&d=33010126_12345",  // a receipt code cut short
    "BEGIN:VCARD\nFN:Dr Wang\nTEL:0571-0000000\nEND:VCARD",
};

std::string receipt_key(const ReceiptCode& c) { return c.code + "-" + c.number; }

// A field of a "kiosk: ..." log line ("paper=33010199-0000000001"), or "".
std::string field_of(const std::string& line, const std::string& key) {
  const std::size_t at = line.find(" " + key + "=");
  if (at == std::string::npos) return "";
  const std::size_t begin = at + key.size() + 2;
  return line.substr(begin, line.find(' ', begin) - begin);
}

std::uint64_t file_size_or_zero(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

// The cache as a kiosk that has been running leaves it: receipts verified
// during the day before the soak, one every 15 minutes.
Status seed_yesterdays_cache(const std::string& dir, sim::ChainNode& node) {
  CS_RETURN_IF_ERROR(make_directories(dir, 0700));
  CS_ASSIGN_OR_RETURN(ReceiptStore store, ReceiptStore::open(dir + "/cache.db"));
  const std::uint64_t start_s = SimulatedKiosk::kKioskStartMs / 1000;
  const std::vector<ReceiptCode> yesterday = node.sample_codes(kYesterdayReceipts);
  for (std::size_t k = 0; k < yesterday.size(); ++k) {
    CS_ASSIGN_OR_RETURN(ReceiptBundle bundle, node.bundle(yesterday[k].code, yesterday[k].number));
    const std::uint64_t verified_at = start_s - 86'400 + k * 900 + 60;
    HeaderCheckOptions checks;
    checks.now_ms = verified_at * 1000;
    CS_ASSIGN_OR_RETURN(VerifiedReceipt verified, verify_bundle(bundle, node.anchor(), checks));
    CS_RETURN_IF_ERROR(store.put(bundle, verified, verified_at));
  }
  return {};
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitizedHeap = true;
#else
constexpr bool kSanitizedHeap = false;
#endif

// How far the process may grow after the warm-up (docs/SOAK.md, "Flat").
// What may legitimately grow: SQLite's page cache of each of the kiosk's two
// connections (cache.db, journal.db) fills up to its cache_size (the default,
// 2000 KiB) as the files grow past it, and the simulated chain in this
// process keeps every block and receipt it seals (measured: about 1 KB a
// block, 350 blocks a day). 24-hour runs measured 1.3 MiB of heap and
// 2.3 MiB of RSS growth after the first hour, none of it in the quiet night
// hours; the limits leave about 1 MiB over the page caches' bound for the
// chain and allocator slack.
FlatLimits flat_limits() {
  constexpr std::uint64_t kPageCaches = 2 * 2000 * 1024;
  FlatLimits l;
  l.heap_growth_bytes = kPageCaches + (1u << 20);
  l.rss_growth_bytes = kPageCaches + (2u << 20);
  l.why =
      "SQLite's two page caches (2 x 2000 KiB) + 1 MiB (heap) / 2 MiB (RSS) for the simulated chain's blocks "
      "and allocator slack";
  if (kSanitizedHeap) {
    l.judge_memory = false;
    l.why =
        "a sanitizer's allocator holds freed memory (ASan's quarantine: up to 256 MiB); ASan's leak check at "
        "exit judges the heap instead";
  }
  return l;
}

class SoakRun {
 public:
  explicit SoakRun(const SoakOptions& options)
      : options_(options), day_(plan_soak_day(options.seed, options.hours)) {}

  Status set_up();
  Result<SoakReport> play();

 private:
  Status serve(const Patient& patient);
  Status exchange(const Patient& patient, PatientKind kind, const std::string& payload);
  Status back_to_idle();
  Status advance_to(milliseconds t);
  Status take_samples_until(milliseconds t);
  Status sample(bool idle);
  Status drain();
  Status collect_evidence();
  void issue();
  void refresh_pool();
  std::string take_fresh(std::uint64_t pick);
  std::string not_on_chain(std::uint64_t pick);
  void collect_tickets();
  void on_line(milliseconds at, const std::string& line);
  void ended(const std::string& how) { ++report_.sessions[how]; }
  void progress(const std::string& line) {
    if (options_.progress) options_.progress(line);
  }
  milliseconds now() const { return kiosk_->now(); }

  const SoakOptions& options_;
  SoakDay day_;
  SoakReport report_;
  SoakEvidence evidence_;
  // In this order: the timers on the kiosk's loop go before the kiosk.
  std::unique_ptr<SimulatedKiosk> kiosk_;
  std::unique_ptr<SoakFaults> faults_;
  Timer issue_timer_;
  std::size_t next_issuance_ = 0;
  std::size_t issued_unpooled_ = 0;
  std::deque<std::string> pool_;        // QR payloads of issued receipts nobody has presented
  std::set<std::string> pooled_;        // their keys, and those presented already
  std::vector<std::string> converted_;  // payloads of receipts the kiosk printed today
  std::set<std::string> shown_;         // keys of receipts on chain presented to the kiosk
  milliseconds next_sample_{0};
  std::size_t tickets_written_ = 0;
  std::ofstream log_file_;
  std::deque<std::string> tail_;
  // What the current session's log said.
  std::string rejection_;  // "reason" of the last rejection
};

Status SoakRun::set_up() {
  report_.seed = options_.seed;
  report_.hours = options_.hours;
  if (!options_.out_dir.empty()) {
    CS_RETURN_IF_ERROR(make_directories(options_.out_dir, 0755));
    log_file_.open(options_.out_dir + "/soak.log", std::ios::trunc);
    if (!log_file_) {
      return make_error(ErrorCode::kUnavailable, "cannot write " + options_.out_dir + "/soak.log");
    }
  }
  SimulatedKioskOptions o;
  o.receipts = kInitialReceipts;
  o.retention_days = kRetentionDays;
  o.chain_age = std::chrono::hours(48);  // yesterday's cache holds receipts of the day before
  o.before_start = seed_yesterdays_cache;
  o.on_log = [this](milliseconds at, const std::string& line) { on_line(at, line); };
  CS_ASSIGN_OR_RETURN(kiosk_, SimulatedKiosk::start(std::move(o)));
  // Block 1 minus yesterday's receipts are the patients' first receipts.
  std::vector<ReceiptCode> block1 = kiosk_->node().sample_codes(kInitialReceipts);
  for (std::size_t i = 0; i < block1.size(); ++i) {
    pooled_.insert(receipt_key(block1[i]));
    if (i >= kYesterdayReceipts) pool_.push_back(kiosk_->node().code_url(block1[i]));
  }
  faults_ = std::make_unique<SoakFaults>(*kiosk_, day_.episodes);
  issue_timer_ = kiosk_->loop().create_timer([this] { issue(); });
  if (!day_.issuances.empty()) issue_timer_.arm(day_.issuances.front().at - now());
  CS_RETURN_IF_ERROR(kiosk_->advance(kBoot));
  return sample(at_start(kiosk_->shown()));
}

void SoakRun::issue() {
  const Issuance& batch = day_.issuances[next_issuance_++];
  if (Status s = kiosk_->node().issue_receipts(batch.count, to_unix_ms(kiosk_->wall_time())); !s.ok()) {
    kiosk_->log("soak: issuing receipts failed: " + s.error().message);
  } else {
    issued_unpooled_ += batch.count;
    report_.chain["receipts_issued_today"] += batch.count;
  }
  if (next_issuance_ < day_.issuances.size()) issue_timer_.arm(day_.issuances[next_issuance_].at - now());
}

// The receipts issued since the last look, once a block has sealed them.
void SoakRun::refresh_pool() {
  if (issued_unpooled_ == 0) return;
  for (const ReceiptCode& c : kiosk_->node().sample_codes(issued_unpooled_)) {
    if (pooled_.insert(receipt_key(c)).second) pool_.push_back(kiosk_->node().code_url(c));
  }
  issued_unpooled_ = 0;
}

std::string SoakRun::take_fresh(std::uint64_t pick) {
  if (pool_.empty()) {
    return kiosk_->payloads()[pick % kiosk_->payloads().size()];  // not expected: 3 receipts per patient
  }
  // Mostly a receipt of the last hour or so (the patient came from the cashier), sometimes an older one.
  const std::size_t recent = std::min<std::size_t>(pool_.size(), 20);
  const std::size_t index = pick % 4 == 0 ? pick % pool_.size() : pool_.size() - 1 - pick % recent;
  std::string payload = pool_[index];
  pool_.erase(pool_.begin() + static_cast<std::ptrdiff_t>(index));
  return payload;
}

// A well-formed receipt code the chain does not know: a real receipt's with
// its check code changed, or a number never issued.
std::string SoakRun::not_on_chain(std::uint64_t pick) {
  const sim::ChainNode& node = kiosk_->node();
  ReceiptCodeResult real = parse_receipt_code(take_fresh(pick), {node.code_platform()});
  ReceiptCode c;
  if (const auto* code = std::get_if<ReceiptCode>(&real)) {
    c = *code;
  } else {
    c = ReceiptCode{ReceiptCodeForm::kShort,
                    "33010126",
                    "9900000001",
                    "abc123",
                    100,
                    CalendarDate{20260101},
                    {{"t", "504"}, {"a", "CSSIMAPP01"}, {"s", "0000000000"}}};
  }
  if (pick % 2 == 0) {
    c.check_code = c.check_code == "zzzzzz" ? "yyyyyy" : "zzzzzz";
  } else {
    c.number = "99" + c.number.substr(2);
  }
  return node.code_url(c);
}

Status SoakRun::advance_to(milliseconds t) {
  if (t > now()) CS_RETURN_IF_ERROR(kiosk_->advance(t - now()));
  return {};
}

Status SoakRun::take_samples_until(milliseconds t) {
  while (next_sample_ <= t && next_sample_ <= day_.length) {
    CS_RETURN_IF_ERROR(advance_to(next_sample_));
    CS_RETURN_IF_ERROR(sample(at_start(kiosk_->shown())));
  }
  return {};
}

Status SoakRun::sample(bool idle) {
  CS_ASSIGN_OR_RETURN(ProcessResources r, sample_process_resources());
  SoakSample s;
  s.at_ms = static_cast<std::uint64_t>(now().count());
  s.rss_bytes = r.rss_bytes;
  s.heap_bytes = r.heap_bytes;
  s.open_fds = r.open_fds;
  s.threads = r.threads;
  s.loop_timers = kiosk_->loop().timer_count();
  s.loop_fd_watches = kiosk_->loop().fd_watch_count();
  const std::string& dir = kiosk_->kiosk_dir();
  s.cache_db_bytes = file_size_or_zero(dir + "/cache.db") + file_size_or_zero(dir + "/cache.db-wal");
  s.journal_db_bytes = file_size_or_zero(dir + "/journal.db") + file_size_or_zero(dir + "/journal.db-wal");
  s.chain_height = kiosk_->node().height();
  s.idle = idle;
  evidence_.samples.push_back(s);
  char line[200];
  std::snprintf(
      line, sizeof line, "soak: sample at %6.2f h: RSS %.1f MiB, heap %.1f MiB, %zu fds, %zu threads%s",
      static_cast<double>(s.at_ms) / 3.6e6, static_cast<double>(s.rss_bytes) / (1 << 20),
      static_cast<double>(s.heap_bytes) / (1 << 20), s.open_fds, s.threads, idle ? "" : " (not idle)");
  kiosk_->log(line);
  progress(line);
  next_sample_ =
      milliseconds(static_cast<milliseconds::rep>(s.at_ms)) / kSampleEvery * kSampleEvery + kSampleEvery;
  return {};
}

Result<SoakReport> SoakRun::play() {
  const auto wall_start = std::chrono::steady_clock::now();
  progress("soak: seed " + std::to_string(options_.seed) + ", " + std::to_string(options_.hours) +
           " h: " + std::to_string(day_.patients.size()) + " patients, " +
           std::to_string(day_.episodes.size()) + " fault episodes planned");
  for (const Patient& p : day_.patients) {
    CS_RETURN_IF_ERROR(take_samples_until(p.arrives));
    if (now() > p.arrives + minutes(15)) {
      ended("left_the_queue");  // waited a quarter of an hour for the patient before
      continue;
    }
    CS_RETURN_IF_ERROR(advance_to(p.arrives));
    CS_RETURN_IF_ERROR(serve(p));
  }
  CS_RETURN_IF_ERROR(take_samples_until(day_.length));
  CS_RETURN_IF_ERROR(advance_to(day_.length));
  CS_RETURN_IF_ERROR(drain());
  CS_RETURN_IF_ERROR(sample(at_start(kiosk_->shown())));
  CS_RETURN_IF_ERROR(collect_evidence());
  report_.simulated_ms = static_cast<std::uint64_t>(now().count());
  report_.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  report_.samples = evidence_.samples;
  report_.verdicts = check_soak_invariants(evidence_);
  if (!report_.passed()) report_.last_lines.assign(tail_.begin(), tail_.end());
  return report_;
}

Status SoakRun::serve(const Patient& patient) {
  faults_->on_scan();
  refresh_pool();
  PatientKind kind = patient.kind;
  std::string payload;
  switch (kind) {
    case PatientKind::kGarbage: payload = kGarbageCodes[patient.pick % kGarbageCodes.size()]; break;
    case PatientKind::kNotOnChain: payload = not_on_chain(patient.pick); break;
    case PatientKind::kAlreadyConverted:
      if (!converted_.empty()) {
        payload = converted_[patient.pick % converted_.size()];
        break;
      }
      kind = PatientKind::kRefund;  // nothing converted yet today: a first exchange instead
      payload = take_fresh(patient.pick);
      break;
    default: payload = take_fresh(patient.pick); break;
  }
  ++report_.patients[std::string(patient_kind_name(kind))];
  const ReceiptCodeResult read = parse_receipt_code(payload, {kiosk_->node().code_platform()});
  const ReceiptCode* parsed = std::get_if<ReceiptCode>(&read);
  if (parsed != nullptr && (kind == PatientKind::kPosted || kind == PatientKind::kReversed)) {
    const std::uint64_t at = to_unix_ms(kiosk_->wall_time());
    SubmitAnswer r = kind == PatientKind::kPosted
                              ? kiosk_->node().post(parsed->code, parsed->number, at)
                              : kiosk_->node().reverse(parsed->code, parsed->number, "退费冲红", at);
    if (!r.accepted()) {
      kiosk_->log("soak: the chain refused to " + std::string(patient_kind_name(kind)) + " it");
    }
    CS_RETURN_IF_ERROR(kiosk_->advance(seconds(2)));  // sealed while the patient walks up
  }
  if (parsed != nullptr && kind != PatientKind::kNotOnChain) shown_.insert(receipt_key(*parsed));

  rejection_.clear();
  const LieWindow* lie = faults_->lying();
  const bool lied_to_at_scan = lie && !lie->at_exchange;
  const std::string lie_name = lie ? std::string(sim::lie_name(lie->lie)) : "";
  kiosk_->log("soak: a patient (" + std::string(patient_kind_name(kind)) + ", " + patient.camera +
              ") presents " + payload);
  CS_ASSIGN_OR_RETURN(bool reacted, kiosk_->present(payload, patient.camera, kHold));
  if (!reacted) {
    ++report_.kiosk["rescans"];  // the patient holds the phone again, straighter
    CS_RETURN_IF_ERROR(kiosk_->advance(kRescanAfter));
    CS_ASSIGN_OR_RETURN(reacted, kiosk_->present(payload, "clean", kHold));
  }
  if (!reacted) {
    ended("not_read");
    return back_to_idle();
  }
  CS_ASSIGN_OR_RETURN(bool answered,
                      kiosk_->wait_for({"verified", "already_exchanged", "already_posted", "already_reversed",
                                        "rejected", "network_down"},
                                       kLookupLimit));
  if (!answered) {
    evidence_.stuck_sessions.push_back("the lookup of " + payload +
                                       " did not end within 40 s (the kiosk shows " + kiosk_->shown() + ")");
    ended("stuck");
    return back_to_idle();
  }
  const bool from_cache = kiosk_->view().contains("receipt") && kiosk_->view()["receipt"].is_object() &&
                          kiosk_->view()["receipt"].value("from_cache", false);
  const bool refused = kiosk_->shown() == "rejected" || kiosk_->shown() == "network_down";
  if (lied_to_at_scan && kind != PatientKind::kAlreadyConverted && !refused && !from_cache) {
    evidence_.lies_believed.push_back("receipt " + payload + " was shown " + kiosk_->shown() +
                                      " while the node lied (" + lie_name + ")");
  }
  if (refused) {
    ended("rejected:" + rejection_);
    return back_to_idle();
  }
  switch (kind) {
    case PatientKind::kLookUpOnly:
    case PatientKind::kCancel:
      CS_RETURN_IF_ERROR(kiosk_->advance(kind == PatientKind::kCancel ? patient.reads / 2 : patient.reads));
      CS_RETURN_IF_ERROR(kiosk_->act(CancelEvent{}));
      ended(kind == PatientKind::kCancel ? "cancelled" : "looked_up");
      return back_to_idle();
    case PatientKind::kWalkAway: ended("walked_away"); return back_to_idle();
    default: return exchange(patient, kind, payload);
  }
}

Status SoakRun::exchange(const Patient& patient, PatientKind kind, const std::string& payload) {
  CS_RETURN_IF_ERROR(kiosk_->advance(patient.reads));
  const ExchangeReason reason = kind == PatientKind::kOtherCopy ? ExchangeReason::kOther : ExchangeReason::kRefund;
  if (kiosk_->shown() != "verified") {
    ended("not_offered:" + kiosk_->shown());  // already exchanged, posted or reversed, as the node says
    CS_RETURN_IF_ERROR(kiosk_->act(CancelEvent{}));
    return back_to_idle();
  }
  // The purpose, then the confirm step.
  CS_RETURN_IF_ERROR(kiosk_->act(ChooseEvent{reason}));
  CS_RETURN_IF_ERROR(kiosk_->act(ConfirmEvent{reason}));
  if (kiosk_->shown() == "verified") {
    ended("confirm_refused");  // no copy offered (offline, printer down)
    CS_RETURN_IF_ERROR(kiosk_->act(CancelEvent{}));
    return back_to_idle();
  }
  // Not refused at once (converted, posted or reversed since the scan): a
  // conversion to lie about and a ticket to fault follow.
  if (kiosk_->shown() != "error") {
    faults_->on_confirm();
    faults_->on_exchange_started();
  }
  const LieWindow* lie = faults_->lying();
  const bool lied_to_at_confirm = lie && lie->at_exchange;
  const milliseconds start = now();
  while (kiosk_->shown() != "done" && kiosk_->shown() != "error" && now() - start < kExchangeLimit) {
    CS_RETURN_IF_ERROR(kiosk_->advance(kWatch));
  }
  const std::string shown = kiosk_->shown();
  if (shown == "done") {
    ended("done");
    converted_.push_back(payload);
    if (lied_to_at_confirm) {
      evidence_.lies_believed.push_back("receipt " + payload + " was printed while the node lied about its " +
                                        "conversion (" + std::string(sim::lie_name(lie->lie)) + ")");
    }
  } else if (shown == "error") {
    ended(lied_to_at_confirm ? "exchange_failed:node_lied" : "exchange_failed");
  } else {
    evidence_.stuck_sessions.push_back("the exchange of " + payload +
                                       " did not end within 20 min (the kiosk shows " + shown + ")");
    ended("stuck");
  }
  return back_to_idle();
}

Status SoakRun::back_to_idle() {
  CS_ASSIGN_OR_RETURN(bool idle, kiosk_->wait_for({"idle", "idle_paused"}, kBackToIdle));
  if (!idle) {
    evidence_.stuck_sessions.push_back(
        "the kiosk did not return to idle within 90 s after a patient (it shows " + kiosk_->shown() + ")");
  }
  collect_tickets();
  return {};
}

// After the day: every episode ends and the kiosk finishes what it started.
Status SoakRun::drain() {
  const milliseconds start = now();
  while ((!faults_->idle() || !at_start(kiosk_->shown())) && now() - start < kDrainLimit) {
    CS_RETURN_IF_ERROR(kiosk_->advance(seconds(10)));
  }
  CS_RETURN_IF_ERROR(kiosk_->advance(minutes(5)));  // a recovery under way prints or gives up meanwhile
  collect_tickets();
  for (const EpisodeRecord& r : faults_->records()) {
    const std::string name(episode_kind_name(r.planned.kind));
    ++(r.started ? report_.episodes : report_.episodes_missed)[name];
  }
  return {};
}

void SoakRun::collect_tickets() {
  for (const sim::Paper& t : kiosk_->printer().take_cut_tickets()) {
    if (t.height() == 0) continue;
    TicketText text;
    for (const sim::TextLine& printed : t.text()) {
      const std::string_view line = trimmed(printed.utf8);  // without the left margin
      if (line == kVoidSlipMark) text.void_slip = true;
      if (line.rfind(kSerialLabel, 0) == 0) {
        text.serials.emplace_back(line.substr(std::strlen(kSerialLabel)));
      }
      if (line.rfind(kNumberLabel, 0) == 0) {
        text.receipt_numbers.emplace_back(line.substr(std::strlen(kNumberLabel)));
      }
    }
    evidence_.tickets.push_back(std::move(text));
    if (options_.out_dir.empty()) continue;
    char name[32];
    std::snprintf(name, sizeof name, "/ticket-%04zu.png", ++tickets_written_);
    if (Status s = sim::write_paper_png(t, options_.out_dir + name); !s.ok()) {
      kiosk_->log("soak: writing a ticket failed: " + s.error().message);
    }
  }
}

Status SoakRun::collect_evidence() {
  report_.tickets = evidence_.tickets.size();
  evidence_.warm_up_ms = static_cast<std::uint64_t>(day_.warm_up.count());
  kiosk_->stop_service();
  CS_ASSIGN_OR_RETURN(ExchangeJournal journal, ExchangeJournal::open(kiosk_->kiosk_dir() + "/journal.db",
                                                                     SimulatedKiosk::kPaperCode));
  CS_ASSIGN_OR_RETURN(JournalSummary summary, journal.summary());
  for (std::uint64_t id = 1; id <= summary.exchanges; ++id) {
    CS_ASSIGN_OR_RETURN(std::vector<PaperRecord> papers, journal.papers_of(static_cast<std::int64_t>(id)));
    if (!papers.empty()) ++report_.exchanges[std::string(exchange_state_name(papers.back().exchange_state))];
    for (PaperRecord& p : papers) {
      ++report_.papers[std::string(paper_state_name(p.state))];
      shown_.insert(p.request.code + "-" + p.request.number);
      evidence_.papers.push_back(std::move(p));
    }
  }
  for (const std::string& key : shown_) {
    const std::size_t dash = key.find('-');
    CS_ASSIGN_OR_RETURN(ReceiptStatusView status,
                        kiosk_->node().receipt_status(key.substr(0, dash), key.substr(dash + 1)));
    for (const HistoryEntry& h : status.history) {
      if (h.type == TxType::kConvert) ++report_.chain["converts"];
      if (h.type == TxType::kVoid) ++report_.chain["voids"];
    }
    ++report_.chain[std::string("receipts_shown_") + std::string(receipt_status_name(status.status))];
    evidence_.chain[key] = std::move(status);
  }
  report_.chain["blocks"] = kiosk_->node().height();
  report_.chain["receipts"] = kiosk_->node().receipt_count();
  report_.limits = flat_limits();
  evidence_.limits = report_.limits;
  return {};
}

void SoakRun::on_line(milliseconds at, const std::string& line) {
  std::string stamped = log_stamp(at) + line;
  if (log_file_.is_open()) log_file_ << stamped << "\n";
  tail_.push_back(std::move(stamped));
  if (tail_.size() > kTailLines) tail_.pop_front();

  if (line.rfind("kiosk: state=exchanging ", 0) == 0) {
    evidence_.started.push_back(field_of(line, "code") + "-" + field_of(line, "number"));
  } else if (line.rfind("kiosk: state=done ", 0) == 0) {
    evidence_.done_serials.push_back(field_of(line, "paper"));
  } else if (line.rfind("kiosk: rejected ", 0) == 0) {
    rejection_ = field_of(line, "reason");
  } else if (line.rfind("warning: ", 0) == 0) {
    ++report_.kiosk["warnings"];
  } else if (line.find("service: retention: dropped ") != std::string::npos) {
    report_.kiosk["receipts_pruned"] += std::stoull(line.substr(line.find("dropped ") + 8));
  }
  if (line.find("proven in block") != std::string::npos && faults_) {
    // A lie that falsifies inclusion proofs (every one but a tampered receipt) must never prove anything.
    const LieWindow* lie = faults_->lying();
    if (lie && lie->lie != sim::Lie::kTamperedReceipt) {
      evidence_.lies_believed.push_back("\"" + line + "\" while the node lied (" +
                                        std::string(sim::lie_name(lie->lie)) + ")");
    }
  }
}

}  // namespace

Result<SoakReport> run_soak(const SoakOptions& options) {
  SoakRun run(options);
  if (Status s = run.set_up(); !s.ok()) {
    return make_error(s.code(), "soak: the simulated kiosk did not start: " + s.error().message);
  }
  return run.play();
}

}  // namespace chainslip::simapp

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/exchange/exchange_runner.h"
#include "core/store/exchange_journal.h"
#include "tests/support/faulty_vfs.h"
#include "tests/support/exchange_world.h"

// The journal on a failing disk, the way SQLite tests itself
// (src/test_vfs.c): it does its I/O through a VFS that fails the nth
// xWrite, xSync, xTruncate, xLock or xShmLock, once or from then on, or
// finds the disk full. The sweep puts such a fault at every journal step
// (docs/CRASH_TEST.md, "I/O errors"): after each the kiosk goes on
// in-process (as its minute check does), then is killed and boots on a
// sound disk, and the crash test's invariants hold.
namespace chainslip {
namespace {

using namespace std::chrono_literals;
using test::Fault;
using test::FaultyVfs;
using test::FileOp;
using test::FileOpCounts;
using test::kWorldStartMs;
using test::World;

// What runs under the faults, and how it goes when nothing fails; each
// reaches other journal steps or file operations. An exchange that prints,
// reprints after paper out, is refused, abandoned (node down), given up
// (paper out, no reprints); a boot (the journal opened, then the recovery
// of an exchange killed while printing, or right after a reissue); a
// shutdown (the journal closed: its checkpoint writes, syncs and truncates,
// under the file's lock).
enum class Scenario { kPrinted, kReprinted, kRefused, kAbandoned, kGivenUp, kBoot, kBootReissued, kShutdown };
constexpr Scenario kScenarios[] = {Scenario::kPrinted,      Scenario::kReprinted, Scenario::kRefused,
                                   Scenario::kAbandoned,    Scenario::kGivenUp,   Scenario::kBoot,
                                   Scenario::kBootReissued, Scenario::kShutdown};

const char* scenario_name(Scenario s) {
  switch (s) {
    case Scenario::kPrinted: return "printed";
    case Scenario::kReprinted: return "reprinted";
    case Scenario::kRefused: return "refused";
    case Scenario::kAbandoned: return "abandoned";
    case Scenario::kGivenUp: return "given_up";
    case Scenario::kBoot: return "boot";
    case Scenario::kBootReissued: return "boot_reissued";
    case Scenario::kShutdown: return "shutdown";
  }
  return "?";
}

// The code the scenario ends with when no fault gets in its way.
std::optional<ErrorCode> clean_end(Scenario s) {
  switch (s) {
    case Scenario::kRefused: return ErrorCode::kFailedPrecondition;
    case Scenario::kAbandoned: return ErrorCode::kUnavailable;
    case Scenario::kGivenUp: return ErrorCode::kAborted;
    default: return std::nullopt;
  }
}

// A fault kind: an operation, failing with I/O error or disk full.
struct FaultKind {
  FileOp op;
  bool disk_full;
};
constexpr FaultKind kFaultKinds[] = {{FileOp::kWrite, false}, {FileOp::kWrite, true},
                                     {FileOp::kSync, false},  {FileOp::kTruncate, false},
                                     {FileOp::kLock, false},  {FileOp::kShmLock, false}};

std::string kind_name(const FaultKind& k) {
  return k.disk_full ? "full" : std::string(test::file_op_name(k.op));
}

Digest digest_of(const Bytes& bytes) {
  Digest d{};
  if (bytes.size() == d.size()) std::copy(bytes.begin(), bytes.end(), d.begin());
  return d;
}

// The world at the moment faults are armed, and the phase that runs under
// them.
class FaultRun {
 public:
  explicit FaultRun(Scenario s)
      : scenario_(s), w_(std::string("fault_") + scenario_name(s), FaultyVfs::instance().vfs_name()) {
    w_.on_step = [this](std::string_view step) { committed_.emplace_back(step); };
    w_.max_reprints = s == Scenario::kGivenUp ? 0 : 2;
    w_.crash();
    w_.boot();
    w_.run_for(1s);
    if (s == Scenario::kRefused) convert_elsewhere();
    if (s == Scenario::kBoot) kill_while_printing();
    if (s == Scenario::kBootReissued) kill_after_reissue();
    if (s == Scenario::kShutdown) {
      w_.start();
      EXPECT_TRUE(w_.run_exchange());
    }
  }

  // Runs the phase; its error (nullopt: it ended well); ended false when it
  // did not end at all.
  void run_phase() {
    if (scenario_ == Scenario::kShutdown) {
      w_.crash();  // closing the journal checkpoints it; SQLite reports nothing of that
      ended_ = true;
      return;
    }
    if (scenario_ == Scenario::kBoot || scenario_ == Scenario::kBootReissued) {
      if (Status booted = w_.try_boot(); !booted.ok()) {
        ended_ = true;  // chainslipd exits, systemd starts it again
        error_ = booted.error();
        return;
      }
      if (after_open) after_open();
      std::optional<Result<std::size_t>> recovered;
      ended_ = recover(recovered);
      if (ended_ && !recovered->ok()) error_ = recovered->error();
      return;
    }
    if (scenario_ == Scenario::kAbandoned) w_.process().node->fail_next(1);
    if (Status started = w_.try_start(); !started.ok()) {
      ended_ = true;
      error_ = started.error();
      return;
    }
    const bool paper_out = scenario_ == Scenario::kReprinted || scenario_ == Scenario::kGivenUp;
    bool out = false;
    ended_ = w_.run_until([&] {
      if (paper_out && !out && w_.printer().paper().height() > 200) {
        w_.printer().set_paper_out(true);
        out = true;
      }
      if (scenario_ == Scenario::kReprinted && out && reprinting()) w_.printer().set_paper_out(false);
      return w_.result.has_value();
    });
    w_.printer().set_paper_out(false);
    if (ended_ && !w_.result->ok()) error_ = w_.result->error();
  }

  // In-process recovery after the phase, as the service's minute check runs
  // it; false when it did not finish. Nothing when no process is left.
  bool recover_in_process(std::optional<Result<std::size_t>>& out) { return !w_.running() || recover(out); }

  // Killed; boots on a sound disk and recovers. A journal that does not
  // open is an error here, as it stops chainslipd.
  Result<std::size_t> reboot_and_recover() {
    w_.kill();
    w_.journal_vfs.clear();
    if (Status booted = w_.try_boot(); !booted.ok()) return booted.error();
    std::optional<Result<std::size_t>> out;
    if (!recover(out)) return make_error(ErrorCode::kDeadlineExceeded, "boot recovery did not finish");
    w_.run_for(3s);  // whatever the printer still holds comes out
    return *out;
  }

  World& world() { return w_; }
  // kBoot: called once the journal is open, before recovery.
  std::function<void()> after_open;
  bool ended() const { return ended_; }
  const std::optional<Error>& error() const { return error_; }
  const std::vector<std::string>& committed() const { return committed_; }

 private:
  bool reprinting() const {
    for (const ExchangeProgress& p : w_.progress) {
      if (p.step == ExchangeStep::kReprinting) return true;
    }
    return false;
  }

  void convert_elsewhere() {
    auto other = w_.chain().make_device("K2", "门诊二楼", kWorldStartMs / 1000 - 86400, kWorldStartMs / 1000 + 86400);
    ASSERT_TRUE(other.ok());
    auto tx = make_convert_tx(w_.chain().chain_id(), w_.subject().receipt, {"87654321", "0000000001"},
                              "refund", "王芳", kWorldStartMs / 1000, 1, other->certificate, other->key);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(w_.chain().submit(*tx).accepted());
    w_.run_for(1s);
  }

  void kill_while_printing() {
    w_.start();
    ASSERT_TRUE(w_.run_until([&] {
      const auto p = w_.last_paper();
      return p && p->state == PaperState::kPrinting;
    }));
    w_.kill();
  }

  // As ExchangeRecoveryTest.ACrashRightAfterTheReissuePrintsTheNewSerial:
  // the journal is left as a kill right after "reissued" leaves it.
  void kill_after_reissue() {
    w_.start();
    bool out = false;
    ASSERT_TRUE(w_.run_until([&] {
      if (!out && w_.printer().paper().height() > 200) {
        w_.printer().set_paper_out(true);
        out = true;
      }
      const auto p = w_.last_paper();
      return p && p->state == PaperState::kVoiding && included(p->void_tx_hash);
    }));
    w_.printer().set_paper_out(false);
    w_.kill();
    auto journal = ExchangeJournal::open(w_.journal_path(), test::kPaperCode);
    ASSERT_TRUE(journal.ok());
    journal->set_step_observer(w_.on_step);
    const PaperRecord first = World::papers_after_crash(*journal).back();
    ASSERT_TRUE(journal->voided(first.id, "{}", kWorldStartMs / 1000).ok());
    ASSERT_TRUE(journal->reissue(first.exchange_id, kWorldStartMs / 1000).ok());
  }

  bool included(const Bytes& tx_hash) {
    const auto tx = w_.chain().transaction(digest_of(tx_hash));
    return tx.ok() && tx->state == TxLookupState::kIncluded;
  }

  bool recover(std::optional<Result<std::size_t>>& out) {
    w_.process().runner->recover([&out](Result<std::size_t> r) { out.emplace(std::move(r)); });
    return w_.run_until([&] { return out.has_value(); }, 300s);
  }

  Scenario scenario_;
  World w_;
  std::vector<std::string> committed_;
  bool ended_ = false;
  std::optional<Error> error_;
};

// Where each journal step of a clean run ends, in calls of each operation
// counted from the phase's start: a fault at call n of an operation falls in
// the first step whose end is at or after n.
struct Probe {
  std::vector<std::pair<std::string, FileOpCounts>> step_ends;
  FileOpCounts total;

  std::string step_of(FileOp op, std::uint64_t n) const {
    for (const auto& [step, counts] : step_ends) {
      if (counts[op] >= n) return step;
    }
    return "(after the last step)";
  }
};

Probe probe(Scenario s) {
  FaultRun run(s);
  Probe p;
  FaultyVfs::instance().disarm();
  run.world().on_step = [&p](std::string_view step) {
    p.step_ends.emplace_back(std::string(step), FaultyVfs::instance().counts());
  };
  // A journal opened before has its observer set again.
  if (run.world().running()) run.world().process().journal->set_step_observer(run.world().on_step);
  run.after_open = [&p] { p.step_ends.emplace_back("open", FaultyVfs::instance().counts()); };
  run.run_phase();
  p.total = FaultyVfs::instance().counts();
  if (s == Scenario::kShutdown) p.step_ends.emplace_back("close", p.total);
  EXPECT_TRUE(run.ended());
  return p;
}

// One fault point.
struct FaultPoint {
  Scenario scenario;
  FaultKind kind;
  std::uint64_t nth;
  bool persistent;
  std::string step;  // of the clean run, where the fault falls
};

std::string describe(const FaultPoint& f) {
  return std::string(scenario_name(f.scenario)) + " " + kind_name(f.kind) + " #" + std::to_string(f.nth) +
         (f.persistent ? " persistent" : " once") + " (in step " + f.step + ")";
}

std::string steps_text(const std::vector<std::string>& steps) {
  std::string out;
  for (const std::string& s : steps) out += (out.empty() ? "" : " ") + s;
  return out;
}

struct Tally {
  std::size_t runs = 0;
  std::size_t fired = 0;
  std::size_t reported = 0;  // the phase ended with the journal's error
  std::size_t absorbed = 0;  // fired, yet the phase ended as it would have
  std::size_t violations = 0;
  std::map<std::string, std::size_t> by_step_and_kind;
};

int failed_expectations() {
  const ::testing::TestResult* result = ::testing::UnitTest::GetInstance()->current_test_info()->result();
  int failed = 0;
  for (int i = 0; i < result->total_part_count(); ++i)
    failed += result->GetTestPartResult(i).failed() ? 1 : 0;
  return failed;
}

// Runs one fault point; gtest failures name it.
void run_fault(const FaultPoint& f, Tally& tally) {
  SCOPED_TRACE(describe(f));
  const int failed_before = failed_expectations();
  struct CountViolation {
    int before;
    Tally& tally;
    ~CountViolation() {
      if (failed_expectations() > before) ++tally.violations;
    }
  } count_violation{failed_before, tally};
  FaultRun run(f.scenario);
  ++tally.runs;
  ++tally.by_step_and_kind[f.step + " / " + kind_name(f.kind)];
  FaultyVfs::instance().arm(Fault{f.kind.op, f.nth, f.persistent, f.kind.disk_full});
  run.run_phase();
  const bool fired = FaultyVfs::instance().failures() > 0;
  tally.fired += fired ? 1 : 0;

  // Never left hanging; a journal failure is a storage error (the patient
  // is sent to the desk, not told the network is down), the operator told.
  EXPECT_TRUE(run.ended()) << "the phase did not end";
  const ErrorCode storage = f.kind.disk_full ? ErrorCode::kResourceExhausted : ErrorCode::kDataLoss;
  if (run.error() && run.error()->code == storage) {
    ++tally.reported;
    // A journal that does not open stops chainslipd, which logs why.
    const std::vector<std::string>& log = run.world().log;
    if (run.world().running()) {
      EXPECT_TRUE(std::any_of(
          log.begin(), log.end(),
          [](const std::string& l) { return l.find("check the kiosk's disk") != std::string::npos; }))
          << "no operator line for " << run.error()->message;
    }
  } else if (fired) {
    ++tally.absorbed;
    const std::optional<ErrorCode> code = run.error() ? std::optional(run.error()->code) : std::nullopt;
    EXPECT_EQ(code, clean_end(f.scenario))
        << (run.error() ? std::string(error_code_name(run.error()->code)) + ": " + run.error()->message
                        : "ok");
  }
  if (!fired) {
    EXPECT_EQ(run.error() ? std::optional(run.error()->code) : std::nullopt, clean_end(f.scenario));
  }

  // The kiosk goes on: the minute check recovers in-process. A fault that
  // happened once is over, and recovery finishes everything; a persistent
  // one fails it again, as an error.
  std::optional<Result<std::size_t>> again;
  EXPECT_TRUE(run.recover_in_process(again)) << "in-process recovery did not finish";
  if (again && !f.persistent) {
    EXPECT_TRUE(again->ok()) << again->error().message;
  } else if (again && !again->ok()) {
    EXPECT_EQ(again->code(), storage) << again->error().message;
  }
  FaultyVfs::instance().disarm();

  // Killed, booted on a sound disk: recovery closes everything.
  const std::vector<std::string> committed = run.committed();
  Result<std::size_t> recovered = run.reboot_and_recover();
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  World& w = run.world();
  w.expect_exactly_once();
  // No journal entry lost: every step that committed is there, in order.
  const auto steps = w.process().journal->steps(1);
  ASSERT_TRUE(steps.ok());
  std::vector<std::string> kept;
  for (const JournalStep& s : *steps) kept.push_back(s.step);
  EXPECT_TRUE(kept.size() >= committed.size() && std::equal(committed.begin(), committed.end(), kept.begin()))
      << "committed: " << steps_text(committed) << "\nin the journal: " << steps_text(kept);
  // Every conversion the chain accepted has its paper printed or voided, and
  // its exchange ends with a copy printed or given up: never abandoned.
  for (const PaperRecord& p : w.papers()) {
    const auto tx = w.chain().transaction(digest_of(p.convert_tx_hash));
    if (tx.ok() && tx->state == TxLookupState::kIncluded) {
      EXPECT_TRUE(p.state == PaperState::kPrinted || p.state == PaperState::kVoided)
          << paper_serial_text(p.paper) << " is " << paper_state_name(p.state)
          << " with its convert on chain";
      const ExchangeState ended = w.papers().back().exchange_state;
      EXPECT_TRUE(ended == ExchangeState::kDone || ended == ExchangeState::kGivenUp)
          << "exchange ends " << exchange_state_name(ended) << " after a conversion the chain accepted";
    }
  }
}

// The calls of `op` that fall in each step of a clean run: (step, first, last).
struct StepCalls {
  std::string step;
  std::uint64_t first;
  std::uint64_t last;
};
std::vector<StepCalls> calls_by_step(const Probe& p, FileOp op) {
  std::vector<StepCalls> out;
  std::uint64_t before = 0;
  for (const auto& [step, counts] : p.step_ends) {
    if (counts[op] > before) out.push_back({step, before + 1, counts[op]});
    before = counts[op];
  }
  return out;
}

// The full sweep: every call of every operation while the phase runs, each
// fault kind, once and persistent.
std::vector<FaultPoint> every_fault_point(const std::vector<std::pair<Scenario, Probe>>& probes) {
  std::vector<FaultPoint> points;
  for (const auto& [s, p] : probes) {
    for (const FaultKind& kind : kFaultKinds) {
      for (std::uint64_t n = 1; n <= p.total[kind.op]; ++n) {
        for (bool persistent : {false, true})
          points.push_back({s, kind, n, persistent, p.step_of(kind.op, n)});
      }
    }
  }
  return points;
}

// The short share, for every test run: every journal step the scenarios
// reach (and the boot's open, the shutdown's close), at the last call (the
// commit's own) of two fault kinds: a truncate or a lock where the step has
// one, else the next kinds in turn; once and persistent in turn.
std::vector<FaultPoint> short_share(const std::vector<std::pair<Scenario, Probe>>& probes) {
  std::vector<FaultPoint> points;
  std::set<std::string> seen;
  std::size_t turn = 0;
  for (const auto& [s, p] : probes) {
    for (const auto& step_end : p.step_ends) {
      const std::string& step = step_end.first;
      if (!seen.insert(step).second) continue;
      std::vector<std::pair<FaultKind, std::uint64_t>> rare, common;  // a kind, its last call in the step
      for (std::size_t k = 0; k < std::size(kFaultKinds); ++k) {
        const FaultKind& kind = kFaultKinds[(turn + k) % std::size(kFaultKinds)];
        for (const StepCalls& c : calls_by_step(p, kind.op)) {
          if (c.step != step) continue;
          const bool is_rare = kind.op == FileOp::kTruncate || kind.op == FileOp::kLock;
          (is_rare ? rare : common).emplace_back(kind, c.last);
          break;
        }
      }
      rare.insert(rare.end(), common.begin(), common.end());
      for (std::size_t i = 0; i < rare.size() && i < 2; ++i) {
        points.push_back({s, rare[i].first, rare[i].second, points.size() % 2 == 1, step});
      }
      turn += 2;
    }
  }
  return points;
}

// Found by the sweep: the runner re-reads its paper after each step, and a
// failed read there was reported as kInternal "reload": the disk's error,
// and that it was the disk, were lost to the operator.
TEST(JournalFaultTest, AFailedReadAfterAStepIsReportedAsTheDisksError) {
  FaultRun run(Scenario::kPrinted);
  run.world().process().journal->set_step_observer([](std::string_view step) {
    if (step == "submitted") FaultyVfs::instance().arm(Fault{FileOp::kShmLock, 1, false});
  });
  run.run_phase();
  EXPECT_EQ(FaultyVfs::instance().failures(), 1u);
  FaultyVfs::instance().disarm();
  ASSERT_TRUE(run.error().has_value());
  EXPECT_EQ(run.error()->code, ErrorCode::kDataLoss) << run.error()->message;
  EXPECT_NE(run.error()->message.find("disk I/O error"), std::string::npos) << run.error()->message;
}

// Found by the sweep: boot recovery read whether a requested paper is its
// exchange's first, and took a failed read for "yes": a reissued serial,
// whose first copy the chain had accepted and voided, was abandoned and the
// patient's reprint lost. A failed read now stops recovery there; the next
// one prints the reprint.
TEST(JournalFaultTest, AFailedReadAtBootNeverAbandonsAReissuedSerial) {
  FaultRun run(Scenario::kBootReissued);
  // The reads after the open: the unfinished exchanges, then that one.
  run.after_open = [] { FaultyVfs::instance().arm(Fault{FileOp::kShmLock, 2, false}); };
  run.run_phase();
  EXPECT_EQ(FaultyVfs::instance().failures(), 1u);
  ASSERT_TRUE(run.error().has_value());
  EXPECT_EQ(run.error()->code, ErrorCode::kDataLoss) << run.error()->message;
  FaultyVfs::instance().disarm();
  std::optional<Result<std::size_t>> again;
  ASSERT_TRUE(run.recover_in_process(again));
  ASSERT_TRUE(again->ok()) << again->error().message;
  const std::vector<PaperRecord> papers = run.world().papers();
  ASSERT_EQ(papers.size(), 2u);
  EXPECT_EQ(papers[0].state, PaperState::kVoided);
  EXPECT_EQ(papers[1].state, PaperState::kPrinted);
  EXPECT_EQ(papers[1].exchange_state, ExchangeState::kDone);
  run.world().run_for(3s);  // the ticket is cut
  run.world().expect_exactly_once();
}

// CHAINSLIP_JOURNAL_FAULTS=full runs the full sweep, =full:<scenario> that
// of one scenario (docs/CRASH_TEST.md).
TEST(JournalFaultTest, AFaultAtEveryJournalStepKeepsEveryExchangeWhole) {
  const char* env = std::getenv("CHAINSLIP_JOURNAL_FAULTS");
  const std::string sweep = env != nullptr ? env : "";
  const bool full = sweep == "full" || sweep.starts_with("full:");
  const std::string only = sweep.starts_with("full:") ? sweep.substr(5) : "";
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::pair<Scenario, Probe>> probes;
  for (Scenario s : kScenarios) {
    if (only.empty() || only == scenario_name(s)) probes.emplace_back(s, probe(s));
  }
  ASSERT_FALSE(probes.empty()) << "no scenario " << only;
  for (const auto& [s, p] : probes) {
    std::cout << scenario_name(s) << ":";
    for (const FaultKind& kind : kFaultKinds) {
      if (!kind.disk_full) std::cout << " " << kind_name(kind) << " " << p.total[kind.op];
    }
    std::cout << "; steps";
    for (const auto& [step, counts] : p.step_ends) std::cout << " " << step;
    std::cout << "\n";
  }
  const std::vector<FaultPoint> points = full ? every_fault_point(probes) : short_share(probes);
  Tally tally;
  for (const FaultPoint& f : points) {
    run_fault(f, tally);
    if (tally.violations >= 5) break;  // enough to read
  }
  FaultyVfs::instance().disarm();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << (full ? "full" : "short") << " sweep: " << points.size() << " fault points, " << tally.runs
            << " runs, " << tally.fired << " faults fired, " << tally.reported
            << " reported as storage errors, " << tally.absorbed << " absorbed, " << tally.violations
            << " runs with violations, " << seconds << " s\n";
  for (const auto& [key, n] : tally.by_step_and_kind) std::cout << "  " << key << ": " << n << "\n";
  EXPECT_EQ(tally.violations, 0u);
}

}  // namespace
}  // namespace chainslip

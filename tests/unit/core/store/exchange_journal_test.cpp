#include "core/store/exchange_journal.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/store/schema.h"
#include "tests/support/sample_exchange_request.h"

namespace chainslip {
namespace {

template <typename T>
T must(Result<T> r) {
  if (!r.ok()) throw std::runtime_error(r.error().message);
  return std::move(r).value();
}
void must(const Status& s) {
  if (!s.ok()) throw std::runtime_error(s.error().message);
}

constexpr const char* kPaperCode = "33010199";

const Bytes kTxHash(32, 0xAB);

class ExchangeJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("chainslip-journal-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "journal.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  ExchangeJournal open() { return must(ExchangeJournal::open(path_, kPaperCode)); }

  std::filesystem::path dir_;
  std::string path_;
};

std::vector<std::string> step_names(const ExchangeJournal& j, std::int64_t exchange_id) {
  std::vector<std::string> out;
  for (const JournalStep& s : must(j.steps(exchange_id))) out.push_back(s.step);
  return out;
}

TEST_F(ExchangeJournalTest, HappyPathRecordsEveryStepInOrder) {
  ExchangeJournal j = open();
  PaperRecord p = must(j.request(test::sample_exchange_request(1), 100));
  EXPECT_EQ(p.state, PaperState::kRequested);
  EXPECT_EQ(paper_serial_text(p.paper), "33010199-0000000001");
  must(j.submitted(p.id, R"({"type":"convert"})", kTxHash, 101));
  must(j.accepted(p.id, R"({"proof":1})", 102));
  must(j.printing(p.id, 103));
  must(j.printed(p.id, 104));

  const PaperRecord done = must(j.paper(p.id));
  EXPECT_EQ(done.state, PaperState::kPrinted);
  EXPECT_EQ(done.exchange_state, ExchangeState::kDone);
  EXPECT_EQ(done.convert_tx, R"({"type":"convert"})");
  EXPECT_EQ(done.convert_tx_hash, kTxHash);
  EXPECT_EQ(done.convert_proof, R"({"proof":1})");
  EXPECT_EQ(done.request.receipt_hash, test::sample_exchange_request(1).receipt_hash);
  EXPECT_EQ(step_names(j, p.exchange_id),
            (std::vector<std::string>{"requested", "submitted", "accepted", "printing", "printed"}));
  const auto steps = must(j.steps(p.exchange_id));
  EXPECT_EQ(steps.back().at, 104u);
  EXPECT_TRUE(must(j.unfinished()).empty());

  const JournalSummary s = must(j.summary());
  EXPECT_EQ(s.exchanges, 1u);
  EXPECT_EQ(s.open_exchanges, 0u);
  EXPECT_EQ(s.papers_printed, 1u);
  EXPECT_EQ(s.steps, 5u);
  EXPECT_EQ(s.last_paper_serial, "33010199-0000000001");
}

TEST_F(ExchangeJournalTest, IllegalTransitionIsRefusedAndChangesNothing) {
  ExchangeJournal j = open();
  PaperRecord p = must(j.request(test::sample_exchange_request(1), 1));
  // Printing before the chain accepted the convert is exactly what must never happen.
  Status s = j.printing(p.id, 2);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(s.error().message.find("is requested: it cannot become printing"), std::string::npos)
      << s.error().message;
  EXPECT_EQ(must(j.paper(p.id)).state, PaperState::kRequested);
  EXPECT_EQ(step_names(j, p.exchange_id), std::vector<std::string>{"requested"});

  must(j.submitted(p.id, "{}", kTxHash, 3));
  must(j.refused(p.id, "already_converted", 4));
  EXPECT_FALSE(j.accepted(p.id, "{}", 5).ok());  // refused is final
  EXPECT_EQ(must(j.paper(p.id)).exchange_state, ExchangeState::kRefused);
}

TEST_F(ExchangeJournalTest, TransitionTableAllowsOnlyForwardSteps) {
  using S = PaperState;
  const std::vector<S> all = {S::kRequested, S::kSubmitted, S::kAccepted, S::kRefused, S::kPrinting,
                              S::kPrinted,   S::kVoiding,   S::kVoided,   S::kAbandoned};
  const std::vector<std::pair<S, S>> allowed = {
      {S::kRequested, S::kSubmitted}, {S::kRequested, S::kAbandoned}, {S::kSubmitted, S::kAccepted},
      {S::kSubmitted, S::kRefused},   {S::kAccepted, S::kPrinting},   {S::kAccepted, S::kVoiding},
      {S::kPrinting, S::kPrinted},    {S::kPrinting, S::kVoiding},    {S::kPrinted, S::kVoiding},
      {S::kVoiding, S::kVoided}};
  for (S from : all) {
    for (S to : all) {
      const bool expected = std::find(allowed.begin(), allowed.end(), std::pair{from, to}) != allowed.end();
      EXPECT_EQ(paper_transition_allowed(from, to), expected)
          << paper_state_name(from) << " -> " << paper_state_name(to);
    }
    EXPECT_EQ(must(parse_paper_state(paper_state_name(from))), from);
  }
  EXPECT_FALSE(parse_paper_state("lost").ok());
}

TEST_F(ExchangeJournalTest, InterruptedPrintIsVoidedThenReissuedWithANewSerial) {
  ExchangeJournal j = open();
  PaperRecord first = must(j.request(test::sample_exchange_request(7), 10));
  must(j.submitted(first.id, "{}", kTxHash, 11));
  must(j.accepted(first.id, "{}", 12));
  must(j.printing(first.id, 13));
  // Power cut here. Recovery finds the paper "printing":
  ASSERT_EQ(must(j.unfinished()).size(), 1u);
  EXPECT_FALSE(j.reissue(first.exchange_id, 14).ok());  // not before the void is proven
  must(j.voiding(first.id, R"({"type":"void"})", Bytes(32, 0xCD), "interrupted print", 14));
  must(j.voided(first.id, "{}", 15));
  PaperRecord second = must(j.reissue(first.exchange_id, 16));
  EXPECT_EQ(second.exchange_id, first.exchange_id);
  EXPECT_EQ(paper_serial_text(second.paper), "33010199-0000000002");
  EXPECT_EQ(second.state, PaperState::kRequested);

  auto unfinished = must(j.unfinished());
  ASSERT_EQ(unfinished.size(), 1u);
  EXPECT_EQ(unfinished[0].id, second.id);  // the exchange's latest paper
  const auto papers = must(j.papers_of(first.exchange_id));
  ASSERT_EQ(papers.size(), 2u);
  EXPECT_EQ(papers[0].state, PaperState::kVoided);
  EXPECT_EQ(papers[0].void_reason, "interrupted print");
  EXPECT_EQ(step_names(j, first.exchange_id),
            (std::vector<std::string>{"requested", "submitted", "accepted", "printing", "voiding", "voided",
                                      "reissued"}));
}

TEST_F(ExchangeJournalTest, GiveUpEndsAnExchangeOnlyAfterItsVoid) {
  ExchangeJournal j = open();
  PaperRecord p = must(j.request(test::sample_exchange_request(2), 1));
  must(j.submitted(p.id, "{}", kTxHash, 2));
  must(j.accepted(p.id, "{}", 3));
  EXPECT_EQ(j.give_up(p.exchange_id, "printer broken", 4).code(), ErrorCode::kFailedPrecondition);
  must(j.voiding(p.id, "{}", kTxHash, "printer broken", 4));
  must(j.voided(p.id, "{}", 5));
  must(j.give_up(p.exchange_id, "printer broken", 6));
  EXPECT_EQ(must(j.paper(p.id)).exchange_state, ExchangeState::kGivenUp);
  EXPECT_TRUE(must(j.unfinished()).empty());
}

// The crash test's failpoint: the observer runs once per step, after the
// commit (a second connection already sees the step), and never for a step
// that was refused.
TEST_F(ExchangeJournalTest, StepObserverSeesEachStepAfterItsCommit) {
  ExchangeJournal j = open();
  ExchangeJournal reader = open();
  std::vector<std::string> seen;
  std::vector<std::size_t> visible;  // steps a second connection sees when the observer runs
  std::int64_t exchange_id = 0;
  j.set_step_observer([&](std::string_view step) {
    seen.emplace_back(step);
    visible.push_back(exchange_id == 0 ? 1 : must(reader.steps(exchange_id)).size());
  });
  PaperRecord p = must(j.request(test::sample_exchange_request(4), 1));
  exchange_id = p.exchange_id;
  must(j.submitted(p.id, "{}", kTxHash, 2));
  EXPECT_FALSE(j.printed(p.id, 3).ok());  // not accepted yet: refused, not observed
  must(j.accepted(p.id, "{}", 3));
  must(j.voiding(p.id, "{}", kTxHash, "printer broken", 4));
  must(j.voided(p.id, "{}", 5));
  PaperRecord second = must(j.reissue(p.exchange_id, 6));
  must(j.abandoned(second.id, "patient left", 7));
  const std::vector<std::string> expected{"requested", "submitted", "accepted", "voiding", "voided", "reissued",
                                          "abandoned"};
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(step_names(j, p.exchange_id), expected);
  EXPECT_EQ(visible, (std::vector<std::size_t>{1, 2, 3, 4, 5, 6, 7}));
  for (const std::string& step : seen) EXPECT_TRUE(is_journal_step_name(step)) << step;
  EXPECT_TRUE(is_journal_step_name("given_up"));
  EXPECT_FALSE(is_journal_step_name("open"));
}

TEST_F(ExchangeJournalTest, SerialsAndNoncesContinueAcrossReopen) {
  {
    ExchangeJournal j = open();
    EXPECT_EQ(must(j.next_nonce()), 1u);
    EXPECT_EQ(must(j.next_nonce()), 2u);
    must(j.request(test::sample_exchange_request(1), 1));
  }
  ExchangeJournal j = open();
  EXPECT_EQ(must(j.next_nonce()), 3u);
  EXPECT_EQ(must(j.request(test::sample_exchange_request(2), 2)).paper.paper_number, "0000000002");
  PaperRecord abandoned = must(j.request(test::sample_exchange_request(3), 3));
  must(j.abandoned(abandoned.id, "patient left before submission", 4));
  EXPECT_EQ(must(j.paper(abandoned.id)).exchange_state, ExchangeState::kAbandoned);
  EXPECT_EQ(must(j.unfinished()).size(), 2u);  // the first two never went further
}

TEST_F(ExchangeJournalTest, PeekingAtTheCountersTakesNoNumber) {
  ExchangeJournal j = open();
  JournalCounters fresh = must(j.peek_counters());
  EXPECT_EQ(fresh.next_nonce, 1u);
  EXPECT_EQ(fresh.next_paper_number, 1u);
  EXPECT_EQ(must(j.next_nonce()), 1u);
  EXPECT_EQ(must(j.next_nonce()), 2u);
  must(j.request(test::sample_exchange_request(1), 1));
  for (int i = 0; i < 2; ++i) {  // a second peek gives the same: nothing was taken
    JournalCounters now = must(j.peek_counters());
    EXPECT_EQ(now.next_nonce, 3u);
    EXPECT_EQ(now.next_paper_number, 2u);
  }
  EXPECT_EQ(must(j.next_nonce()), 3u);
  EXPECT_EQ(must(j.request(test::sample_exchange_request(2), 2)).paper.paper_number, "0000000002");
}

// Issue 15, item 1: a conversion the chain refused (or one never sent) issued
// no paper, so the next paper takes its number: the paper series has no gap.
TEST_F(ExchangeJournalTest, ARefusedOrAbandonedPaperGivesItsNumberBack) {
  ExchangeJournal j = open();
  PaperRecord refused = must(j.request(test::sample_exchange_request(1), 1));
  must(j.submitted(refused.id, R"({"type":"convert"})", kTxHash, 2));
  must(j.refused(refused.id, "already_converted", 3));
  EXPECT_EQ(must(j.peek_counters()).next_paper_number, 1u);
  EXPECT_EQ(must(j.paper(refused.id)).paper.paper_number, "0000000001");  // its record keeps what it was sent as

  PaperRecord abandoned = must(j.request(test::sample_exchange_request(2), 4));
  EXPECT_EQ(abandoned.paper.paper_number, "0000000001");
  must(j.abandoned(abandoned.id, "node unavailable", 5));

  PaperRecord printed = must(j.request(test::sample_exchange_request(3), 6));
  EXPECT_EQ(printed.paper.paper_number, "0000000001");
  must(j.submitted(printed.id, R"({"type":"convert"})", kTxHash, 7));
  must(j.accepted(printed.id, R"({"proof":1})", 8));
  must(j.printing(printed.id, 9));
  must(j.printed(printed.id, 10));
  EXPECT_EQ(must(j.request(test::sample_exchange_request(4), 11)).paper.paper_number, "0000000002");
}

// A number handed out after the refused one is not handed out again.
TEST_F(ExchangeJournalTest, ARefusedPaperBehindALaterOneKeepsTheGap) {
  ExchangeJournal j = open();
  PaperRecord first = must(j.request(test::sample_exchange_request(1), 1));
  PaperRecord second = must(j.request(test::sample_exchange_request(2), 2));
  must(j.submitted(first.id, R"({"type":"convert"})", kTxHash, 3));
  must(j.refused(first.id, "already_converted", 4));
  EXPECT_EQ(second.paper.paper_number, "0000000002");
  EXPECT_EQ(must(j.request(test::sample_exchange_request(3), 5)).paper.paper_number, "0000000003");
}

// A journal written before migration 2 held serials unique across every
// paper; migrated, it keeps its papers and steps, and a refused paper's number
// can be carried by the next paper.
TEST_F(ExchangeJournalTest, AVersion1JournalMigratesAndKeepsItsPapers) {
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    const std::string v1 = std::string(exchange_journal_schema().migrations[0].sql) +
                           "PRAGMA user_version = 1;"
                           "INSERT INTO counters VALUES ('paper_number', 1);"
                           "INSERT INTO exchanges VALUES (1, 'zj-fiscal-test', '33010126', '1000000001', zeroblob(32), "
                           "'refund', 'done', 1, 2);"
                           "INSERT INTO papers (id, exchange_id, paper_code, paper_number, state) "
                           "VALUES (1, 1, '33010199', '0000000001', 'printed');"
                           "INSERT INTO steps (exchange_id, paper_id, step, at, detail) VALUES (1, 1, 'printed', 2, '');";
    ASSERT_EQ(sqlite3_exec(db, v1.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  ExchangeJournal j = open();
  EXPECT_EQ(must(j.paper(1)).state, PaperState::kPrinted);
  EXPECT_EQ(must(j.steps(1)).size(), 1u);

  PaperRecord refused = must(j.request(test::sample_exchange_request(2), 3));
  EXPECT_EQ(refused.paper.paper_number, "0000000002");
  EXPECT_GT(must(j.steps(refused.exchange_id)).front().seq, 1);  // steps keep counting
  must(j.submitted(refused.id, R"({"type":"convert"})", kTxHash, 4));
  must(j.refused(refused.id, "receipt_posted", 5));
  EXPECT_EQ(must(j.request(test::sample_exchange_request(3), 6)).paper.paper_number, "0000000002");
}

TEST_F(ExchangeJournalTest, FileIsPrivateAndCheckedBeforeUse) {
  { ExchangeJournal j = open(); }
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  EXPECT_EQ(ExchangeJournal::open(path_, "1234").code(), ErrorCode::kInvalidArgument);

  // A receipt cache is not a journal: refused before anything is written.
  const std::string cache = (dir_ / "cache.db").string();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(cache.c_str(), &db), SQLITE_OK);
    sqlite3_exec(db, "PRAGMA application_id = 1668508784; CREATE TABLE t (x)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  auto other = ExchangeJournal::open(cache, kPaperCode);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.code(), ErrorCode::kDataLoss);
  EXPECT_NE(other.error().message.find("is not a chainslip exchange journal"), std::string::npos)
      << other.error().message;
}

// What the issue found (docs/CRASH_TEST.md): a journal emptied, a table
// dropped or a page damaged started "ready" and failed only when a patient
// confirmed, or started again from nonce 1. Each is now refused at open.
TEST_F(ExchangeJournalTest, AnEmptiedJournalIsRefusedNotStartedAfresh) {
  {
    ExchangeJournal j = open();
    must(j.request(test::sample_exchange_request(1), 100));
  }
  ASSERT_EQ(::truncate(path_.c_str(), 0), 0);
  std::filesystem::remove(path_ + "-wal");
  auto reopened = ExchangeJournal::open(path_, kPaperCode);
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.code(), ErrorCode::kDataLoss);
  EXPECT_NE(reopened.error().message.find("is empty (0 bytes)"), std::string::npos) << reopened.error().message;
  EXPECT_EQ(std::filesystem::file_size(path_), 0u) << "the refused file is left as it was";
}

TEST_F(ExchangeJournalTest, ANewJournalAppearsWholeUnderItsName) {
  // A crash while creating left a half-made file beside the name.
  { std::ofstream(path_ + ".new") << "half"; }
  { ExchangeJournal j = open(); }
  EXPECT_FALSE(std::filesystem::exists(path_ + ".new"));
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), exchange_journal_schema().latest_version());
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST_F(ExchangeJournalTest, ADroppedTableIsFoundAtOpen) {
  { ExchangeJournal j = open(); }
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "DROP TABLE steps", nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  auto reopened = ExchangeJournal::open(path_, kPaperCode);
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.code(), ErrorCode::kDataLoss);
  EXPECT_NE(reopened.error().message.find("is damaged, missing: table steps, index steps_by_exchange"), std::string::npos)
      << reopened.error().message;
}

TEST_F(ExchangeJournalTest, ADamagedPageIsFoundAtOpen) {
  {
    ExchangeJournal j = open();
    for (int i = 0; i < 20; ++i) must(j.request(test::sample_exchange_request(i), 100 + static_cast<std::uint64_t>(i)));
  }
  int root = 0;
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    // Checkpointed into the main file, then no WAL to read past the damage.
    ASSERT_EQ(sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE", nullptr, nullptr,
                           nullptr),
              SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT rootpage FROM sqlite_schema WHERE name = 'counters'", -1, &stmt, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    root = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
  }
  ASSERT_GT(root, 1);
  {
    // The counters table's page: its b-tree header says "no such page type".
    std::fstream f(path_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(root - 1) * 4096);
    const char junk[8] = {0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f};
    f.write(junk, sizeof junk);
  }
  auto reopened = ExchangeJournal::open(path_, kPaperCode);
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.code(), ErrorCode::kDataLoss) << reopened.error().message;
}

// SQLite-style crash test: a child process runs exchanges as fast as it can
// and is killed with SIGKILL at a random moment, again and again on the same
// file. After every kill the journal must open, and every paper's recorded
// steps must be a legal path from "requested" to its current state: no step
// lost, none half-written, serials never reused.
TEST_F(ExchangeJournalTest, SurvivesKillNineAtRandomPoints) {
  std::mt19937 rng(20261123);
  constexpr int kKills = 40;
  for (int round = 0; round < kKills; ++round) {
    // The kill's random moment counts from the writer's first exchange, not
    // from fork(): on a loaded machine opening the file alone can take
    // longer than the longest wait, and then no round would write anything.
    int started[2];
    ASSERT_EQ(::pipe(started), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(started[0]);
      auto j = ExchangeJournal::open(path_, kPaperCode);
      if (!j.ok()) ::_exit(3);
      for (int i = 0;; ++i) {
        if (i == 1 && ::write(started[1], "x", 1) != 1) ::_exit(6);
        auto p = j->request(test::sample_exchange_request(i), 1);
        if (!p.ok()) ::_exit(4);
        const std::int64_t id = p->id;
        bool ok = j->submitted(id, "{}", kTxHash, 2).ok() && j->accepted(id, "{}", 3).ok() &&
                  j->printing(id, 4).ok();
        ok = ok && (i % 3 == 0 ? j->voiding(id, "{}", kTxHash, "jam", 5).ok() && j->voided(id, "{}", 6).ok()
                               : j->printed(id, 5).ok());
        if (!ok) ::_exit(5);
      }
    }
    ::close(started[1]);
    char byte = 0;
    ASSERT_EQ(::read(started[0], &byte, 1), 1) << "the writer never finished its first exchange";
    ::close(started[0]);
    std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, 38000)(rng)));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer stopped by itself with status " << WEXITSTATUS(status);
  }

  ExchangeJournal j = open();
  const JournalSummary summary = must(j.summary());
  ASSERT_GT(summary.exchanges, 0u);
  std::map<std::string, int> serials;
  std::uint64_t steps_seen = 0;
  for (std::int64_t e = 1; e <= static_cast<std::int64_t>(summary.exchanges); ++e) {
    const auto papers = must(j.papers_of(e));
    ASSERT_EQ(papers.size(), 1u) << "exchange " << e;
    const PaperRecord& p = papers[0];
    EXPECT_EQ(++serials[paper_serial_text(p.paper)], 1) << "serial reused";
    const auto steps = must(j.steps(e));
    steps_seen += steps.size();
    ASSERT_FALSE(steps.empty());
    EXPECT_EQ(steps.front().step, "requested");
    PaperState at = PaperState::kRequested;
    for (std::size_t k = 1; k < steps.size(); ++k) {
      const PaperState next = must(parse_paper_state(steps[k].step));
      EXPECT_TRUE(paper_transition_allowed(at, next)) << "exchange " << e << " step " << steps[k].step;
      at = next;
    }
    EXPECT_EQ(at, p.state) << "exchange " << e << ": the last step is not the paper's state";
    const bool finished = p.state == PaperState::kPrinted || p.state == PaperState::kVoided;
    EXPECT_EQ(p.exchange_state == ExchangeState::kDone, p.state == PaperState::kPrinted);
    if (!finished) {
      EXPECT_EQ(p.exchange_state, ExchangeState::kOpen);
    }
  }
  EXPECT_EQ(steps_seen, summary.steps);
}

}  // namespace
}  // namespace chainslip

namespace chainslip {
namespace {

// The exchange tells a full disk and a locked database apart from a network
// failure by these codes (core/exchange: journal_failure_cause).
TEST(DatabaseErrorTest, AFullDiskALockAndAnIoErrorEachKeepTheirOwnCode) {
  const DatabaseSchema& schema = exchange_journal_schema();
  EXPECT_EQ(database_error(schema, nullptr, SQLITE_FULL, "j.db", "write").code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(database_error(schema, nullptr, SQLITE_BUSY, "j.db", "write").code, ErrorCode::kBusy);
  EXPECT_EQ(database_error(schema, nullptr, SQLITE_LOCKED, "j.db", "write").code, ErrorCode::kBusy);
  EXPECT_EQ(database_error(schema, nullptr, SQLITE_IOERR_WRITE, "j.db", "write").code, ErrorCode::kDataLoss);
  EXPECT_EQ(database_error(schema, nullptr, SQLITE_CORRUPT, "j.db", "read").code, ErrorCode::kDataLoss);
}

}  // namespace
}  // namespace chainslip

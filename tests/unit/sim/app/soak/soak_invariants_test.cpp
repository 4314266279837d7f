// The soak test's judge (sim/app/soak/soak_invariants.h): a clean day passes, and
// each broken condition is reported under its own verdict, naming what broke.
#include "sim/app/soak/soak_invariants.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chainslip::simapp {
namespace {

Digest digest(std::uint8_t fill) {
  Digest d{};
  d.fill(fill);
  return d;
}

PaperRecord paper(std::int64_t id, std::int64_t exchange, const std::string& number, PaperState state,
                  ExchangeState exchange_state, std::uint8_t convert) {
  PaperRecord p;
  p.id = id;
  p.exchange_id = exchange;
  p.request.code = "33010126";
  p.request.number = number;
  p.exchange_state = exchange_state;
  p.paper = {"33010199", "000000000" + std::to_string(id)};
  p.state = state;
  if (convert != 0) {
    const Digest d = digest(convert);
    p.convert_tx_hash.assign(d.begin(), d.end());
  }
  return p;
}

ReceiptStatusView converted(std::uint8_t convert, const std::string& paper_number) {
  ReceiptStatusView v;
  v.status = ReceiptStatus::kConverted;
  v.paper = ActivePaper{"33010199", paper_number, "KIOSK-SIM-01", 0};
  v.history = {{TxType::kIssue, digest(0xEE), 1}, {TxType::kConvert, digest(convert), 2}};
  return v;
}

SoakSample idle_sample(std::uint64_t at_ms, std::uint64_t rss, std::size_t fds) {
  SoakSample s;
  s.at_ms = at_ms;
  s.rss_bytes = rss;
  s.heap_bytes = rss / 4;
  s.open_fds = fds;
  s.threads = 10;
  s.loop_timers = 25;
  s.idle = true;
  return s;
}

// One exchange done: printed on one ticket, converted on chain, the screen
// saw it start and end; the resources flat.
SoakEvidence clean_day() {
  SoakEvidence e;
  e.papers = {paper(1, 1, "0000000001", PaperState::kPrinted, ExchangeState::kDone, 0x11)};
  e.chain["33010126-0000000001"] = converted(0x11, "0000000001");
  e.tickets = {{{"33010199-0000000001"}, {"0000000001"}}};
  e.started = {"33010126-0000000001"};
  e.done_serials = {"33010199-0000000001"};
  e.warm_up_ms = 3'600'000;
  e.samples = {idle_sample(0, 20 << 20, 19), idle_sample(3'600'000, 24 << 20, 19),
               idle_sample(7'200'000, 25 << 20, 19)};
  e.limits = {.rss_growth_bytes = 4 << 20, .heap_growth_bytes = 4 << 20, .judge_memory = true, .why = "test"};
  return e;
}

SoakVerdict verdict(const std::vector<SoakVerdict>& all, const std::string& name) {
  for (const SoakVerdict& v : all) {
    if (v.name == name) return v;
  }
  return {"missing", 1, {"no verdict named " + name}};
}

// Every verdict passes except `failing`, which reports one violation whose
// example contains `words`.
void expect_only(const SoakEvidence& e, const std::string& failing, const std::string& words) {
  const std::vector<SoakVerdict> all = check_soak_invariants(e);
  for (const SoakVerdict& v : all) {
    if (v.name == failing) continue;
    EXPECT_TRUE(v.passed()) << v.name << ": " << (v.examples.empty() ? "" : v.examples[0]);
  }
  const SoakVerdict v = verdict(all, failing);
  ASSERT_EQ(v.violations, 1u) << failing;
  ASSERT_EQ(v.examples.size(), 1u);
  EXPECT_NE(v.examples[0].find(words), std::string::npos) << v.examples[0];
}

TEST(SoakInvariantsTest, ACleanDayPassesEveryVerdict) {
  const std::vector<SoakVerdict> all = check_soak_invariants(clean_day());
  EXPECT_EQ(all.size(), 13u);
  for (const SoakVerdict& v : all) EXPECT_TRUE(v.passed()) << v.name;
}

TEST(SoakInvariantsTest, AnExchangeLeftOpenWithItsConversionOnChainIsReportedTwice) {
  SoakEvidence e = clean_day();
  e.papers.push_back(paper(2, 2, "0000000002", PaperState::kSubmitted, ExchangeState::kOpen, 0x22));
  e.chain["33010126-0000000002"] = converted(0x22, "0000000002");
  const std::vector<SoakVerdict> all = check_soak_invariants(e);
  EXPECT_EQ(verdict(all, "exchanges_finished").violations, 1u);
  const SoakVerdict unpapered = verdict(all, "accepted_without_printed_or_voided_paper");
  ASSERT_EQ(unpapered.violations, 1u);
  EXPECT_NE(unpapered.examples[0].find("33010199-0000000002 (33010126-0000000002) is submitted"),
            std::string::npos)
      << unpapered.examples[0];
}

TEST(SoakInvariantsTest, AnExchangeTheScreenStartedButTheJournalLacksIsLost) {
  SoakEvidence e = clean_day();
  e.started.push_back("33010126-0000000009");
  expect_only(e, "journal_entries_lost", "started 1 exchange(s) of 33010126-0000000009, the journal has 0");
}

TEST(SoakInvariantsTest, APaperTheScreenShowedPrintedMustBePrintedInTheJournal) {
  SoakEvidence e = clean_day();
  e.done_serials.push_back("33010199-0000000007");
  expect_only(e, "journal_entries_lost", "33010199-0000000007 printed, the journal does not know it");
}

TEST(SoakInvariantsTest, TwoConvertsWithoutAVoidAreTwoActiveCopies) {
  SoakEvidence e = clean_day();
  e.papers.push_back(paper(2, 2, "0000000001", PaperState::kPrinted, ExchangeState::kDone, 0x33));
  e.tickets.push_back({{"33010199-0000000002"}, {"0000000001"}});
  e.chain["33010126-0000000001"].history.push_back({TxType::kConvert, digest(0x33), 3});
  const SoakVerdict v = verdict(check_soak_invariants(e), "two_active_copies");
  ASSERT_GE(v.violations, 1u);
  EXPECT_NE(v.examples[0].find("2 converts and 0 voids"), std::string::npos) << v.examples[0];
}

TEST(SoakInvariantsTest, AConvertOnChainTheJournalDoesNotKnowIsAMismatch) {
  SoakEvidence e = clean_day();
  ReceiptStatusView other = converted(0x44, "0000000099");
  e.chain["33010126-0000000004"] = other;
  const SoakVerdict v = verdict(check_soak_invariants(e), "chain_journal_mismatch");
  ASSERT_EQ(v.violations, 1u);
  EXPECT_NE(v.examples[0].find("is not in the journal"), std::string::npos) << v.examples[0];
}

TEST(SoakInvariantsTest, APrintedSerialMustBeOnExactlyOneTicket) {
  SoakEvidence e = clean_day();
  e.tickets.push_back(e.tickets[0]);
  const SoakVerdict v = verdict(check_soak_invariants(e), "paper");
  ASSERT_EQ(v.violations, 2u);  // the printed paper on 2 tickets, the serial on 2 tickets
  EXPECT_NE(v.examples[0].find("is on 2 tickets"), std::string::npos) << v.examples[0];

  SoakEvidence none = clean_day();
  none.tickets.clear();
  expect_only(none, "paper", "printed paper 33010199-0000000001 is on 0 tickets");
}

TEST(SoakInvariantsTest, ATicketUnderAnotherReceiptNumberOrWithAnUnknownSerialIsReported) {
  SoakEvidence e = clean_day();
  e.tickets[0].receipt_numbers = {"0000000005"};
  expect_only(e, "paper", "does not show receipt number 0000000001");

  SoakEvidence unknown = clean_day();
  unknown.tickets.push_back({{"33010199-0000000077"}, {"0000000001"}});
  expect_only(unknown, "paper", "serial 33010199-0000000077, unknown to the journal");
}

TEST(SoakInvariantsTest, AVoidSlipIsNoCopyButMustNameAVoidedSerial) {
  // A slip naming the printed paper (not voided): reported, and not counted as a second copy.
  SoakEvidence e = clean_day();
  e.tickets.push_back({{"33010199-0000000001"}, {}, true});
  expect_only(e, "paper", "a void slip names serial 33010199-0000000001, which is not voided");
}

TEST(SoakInvariantsTest, LiesBelievedAndStuckSessionsAreViolations) {
  SoakEvidence e = clean_day();
  e.lies_believed.push_back("receipt X was shown verified while the node lied (bad_proof)");
  expect_only(e, "lies_believed", "while the node lied (bad_proof)");
  SoakEvidence stuck = clean_day();
  stuck.stuck_sessions.push_back("the exchange of X did not end within 20 min");
  expect_only(stuck, "sessions_stuck", "did not end within 20 min");
}

TEST(SoakInvariantsTest, AnFdMoreAtTheEndThanAfterTheWarmUpIsALeak) {
  SoakEvidence e = clean_day();
  e.samples.back().open_fds = 20;
  expect_only(e, "fds_flat", "20 open fds at 7200 s, 19 after the warm-up (3600 s)");
}

TEST(SoakInvariantsTest, GrowthBeyondTheLimitIsReportedEvenIfItWentAway) {
  SoakEvidence e = clean_day();
  // 5 MiB over the warm-up's RSS at 1.5 h, back down at the end: still reported.
  e.samples.insert(e.samples.end() - 1, idle_sample(5'400'000, 29 << 20, 19));
  expect_only(e, "rss_flat", "RSS grew 5.0");
  // Samples taken mid-session are not compared, and the warm-up is not judged.
  SoakEvidence busy = clean_day();
  busy.samples.insert(busy.samples.end() - 1, idle_sample(5'400'000, 40 << 20, 21));
  busy.samples[busy.samples.size() - 2].idle = false;
  busy.samples.insert(busy.samples.begin() + 1, idle_sample(1'800'000, 60 << 20, 25));
  for (const SoakVerdict& v : check_soak_invariants(busy)) EXPECT_TRUE(v.passed()) << v.name;
}

TEST(SoakInvariantsTest, UnderASanMemoryIsNotJudgedButFdsAre) {
  SoakEvidence e = clean_day();
  e.limits.judge_memory = false;
  e.samples.back().rss_bytes = 500u << 20;
  e.samples.back().open_fds = 18;
  expect_only(e, "fds_flat", "18 open fds");
}

}  // namespace
}  // namespace chainslip::simapp

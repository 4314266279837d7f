#include "core/exchange/exchange_runner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/receipt/paper_copy_code.h"
#include "drivers/scanner/qr/zbar_qr_decoder.h"
#include "sim/node/chain_node.h"
#include "sim/printer/virtual_printer.h"
#include "tests/support/exchange_world.h"

namespace chainslip {
namespace {

using namespace std::chrono_literals;
using test::kPaperCode;
using test::kWorldStartMs;
using test::kTick;
using test::serial_of;
using test::World;

std::vector<std::string> step_names(ExchangeJournal& journal, std::int64_t exchange_id) {
  const auto steps = journal.steps(exchange_id);
  std::vector<std::string> out;
  if (!steps.ok()) return out;
  for (const JournalStep& s : *steps) out.push_back(s.step);
  return out;
}

std::vector<std::string> decode_qr(const sim::Paper& paper) {
  constexpr int kMargin = 32;  // the paper's edge is no quiet zone for zbar
  const int w = paper.width() + 2 * kMargin, h = paper.height() + 2 * kMargin;
  std::vector<std::uint8_t> grey(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), 255);
  for (int y = 0; y < paper.height(); ++y) {
    for (int x = 0; x < paper.width(); ++x) {
      if (paper.dot(x, y)) grey[static_cast<std::size_t>((y + kMargin) * w + x + kMargin)] = 0;
    }
  }
  auto found = ZbarQrDecoder(QrDecoderOptions{.inverted_retry = false}).decode(Y800Frame{w, h, grey});
  return found.ok() ? *found : std::vector<std::string>{};
}

TEST(ExchangeRunnerTest, HappyPathPrintsOnePaperTheChainRecords) {
  World w("happy");
  w.run_for(1s);
  w.start();
  ASSERT_TRUE(w.run_exchange());
  ASSERT_TRUE(w.result->ok()) << w.result->error().message;
  const ExchangeOutcome& out = w.result->value();
  EXPECT_EQ(step_names(*w.process().journal, out.exchange_id),
            (std::vector<std::string>{"requested", "submitted", "accepted", "printing", "printed"}));
  const ReceiptStatusView status = w.status();
  EXPECT_EQ(status.status, ReceiptStatus::kConverted);
  ASSERT_TRUE(status.paper.has_value());
  EXPECT_EQ(status.paper->device_id, "K1");
  EXPECT_EQ(serial_of(status.paper->paper_number), out.paper_serial);
  EXPECT_GE(out.block_height, 2u);
  EXPECT_EQ(out.block_hash_hex, to_hex(header_hash(w.chain().suite(), *w.chain().header(out.block_height))));

  const std::vector<sim::Paper> tickets = w.printer().paper().tickets();
  ASSERT_GE(tickets.size(), 1u);
  std::string text;
  for (const sim::TextLine& l : tickets[0].text()) text += l.utf8 + "\n";
  EXPECT_NE(text.find("纸质票据: " + out.paper_serial), std::string::npos) << text;
  EXPECT_EQ(decode_qr(tickets[0]),
            std::vector<std::string>{format_paper_copy_code(paper_copy_code_for(w.subject().receipt))});
  EXPECT_EQ(w.progress.back().step, ExchangeStep::kDone);
  w.expect_exactly_once();
}

TEST(ExchangeRunnerTest, AReceiptConvertedElsewhereIsRefusedAndNothingPrints) {
  World w("refused");
  auto other = w.chain().make_device("K2", "门诊二楼", kWorldStartMs / 1000 - 86400, kWorldStartMs / 1000 + 86400);
  ASSERT_TRUE(other.ok());
  auto tx = make_convert_tx(w.chain().chain_id(), w.subject().receipt, {"87654321", "0000000001"}, "refund",
                            "王芳", kWorldStartMs / 1000, 1, other->certificate, other->key);
  ASSERT_TRUE(tx.ok());
  ASSERT_TRUE(w.chain().submit(*tx).accepted());
  w.run_for(1s);  // sealed
  w.start();
  ASSERT_TRUE(w.run_exchange());
  ASSERT_FALSE(w.result->ok());
  EXPECT_EQ(w.result->failure().kind, ExchangeFailureKind::kRefused);
  EXPECT_EQ(w.result->failure().cause, ExchangeFailureCause::kChain);
  EXPECT_EQ(w.result->failure().refusal, TxRefusal::kAlreadyConverted) << w.result->error().message;
  EXPECT_EQ(w.papers().back().state, PaperState::kRefused);
  EXPECT_TRUE(w.printer().paper().text().empty());
  EXPECT_EQ(w.status().paper->device_id, "K2");
}

TEST(ExchangeRunnerTest, ANodeDownBeforeSubmissionAbandonsWithNothingOnChain) {
  World w("node_down");
  w.run_for(1s);
  w.process().node->fail_next(1);
  w.start();
  ASSERT_TRUE(w.run_exchange());
  ASSERT_FALSE(w.result->ok());
  EXPECT_EQ(w.result->code(), ErrorCode::kUnavailable);
  EXPECT_EQ(w.result->failure().kind, ExchangeFailureKind::kNotSent);
  EXPECT_EQ(w.result->failure().cause, ExchangeFailureCause::kNode);
  EXPECT_EQ(w.papers().back().state, PaperState::kAbandoned);
  EXPECT_TRUE(w.papers().back().convert_tx.empty());
  w.run_for(2s);
  EXPECT_EQ(w.status().status, ReceiptStatus::kIssued);
  EXPECT_EQ(w.status().history.size(), 1u);  // the issue only
  EXPECT_TRUE(w.printer().paper().text().empty());
}

TEST(ExchangeRunnerTest, ANodeLostRightAfterSubmissionEndsAsUnknownWithItsReferenceNotAsUnchanged) {
  World w("lost_after_submit");
  w.run_for(1s);
  bool cut = false;
  w.on_progress = [&](const ExchangeProgress& pr) {
    if (pr.step == ExchangeStep::kWaitingForInclusion && !cut) {
      cut = true;
      w.process().node->fail_next(1'000'000);  // every answer from now on
    }
  };
  w.start();
  ASSERT_TRUE(w.run_exchange());
  ASSERT_FALSE(w.result->ok());
  EXPECT_EQ(w.result->failure().kind, ExchangeFailureKind::kUnknown);
  EXPECT_EQ(w.result->failure().cause, ExchangeFailureCause::kNode);
  EXPECT_EQ(w.result->failure().exchange_id, 1);
  EXPECT_EQ(w.result->failure().paper_serial, paper_serial_text(w.papers().back().paper));
  // What the kiosk could not know: the chain did convert it.
  EXPECT_EQ(w.status().status, ReceiptStatus::kConverted);
  EXPECT_EQ(w.papers().back().exchange_state, ExchangeState::kOpen);
}

TEST(ExchangeRunnerTest, AReplayedNonceIsARefusalNamedAsSuchNotAnEndlessWait) {
  World w("replayed_nonce");
  w.run_for(1s);
  w.start(0);
  ASSERT_TRUE(w.run_exchange());
  ASSERT_TRUE(w.result->ok()) << w.result->error().message;
  // The journal is replaced by an empty one: its nonce counter starts again.
  w.crash();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(w.journal_path() + suffix);
  w.boot();
  w.log.clear();
  w.start(1);
  ASSERT_TRUE(w.run_exchange());
  ASSERT_FALSE(w.result->ok());
  EXPECT_EQ(w.result->failure().kind, ExchangeFailureKind::kRefused);
  EXPECT_EQ(w.result->failure().refusal, TxRefusal::kReplayed) << w.result->error().message;
  EXPECT_EQ(w.papers().back().state, PaperState::kRefused);
  EXPECT_EQ(w.status(1).status, ReceiptStatus::kIssued);
  EXPECT_TRUE(std::any_of(w.log.begin(), w.log.end(), [](const std::string& l) {
    return l.find("the exchange journal is behind the chain") != std::string::npos;
  }));
}

TEST(ExchangeRunnerTest, PaperOutMidPrintVoidsAndReprintsWithANewSerial) {
  World w("paper_out");
  w.run_for(1s);
  w.start();
  ASSERT_TRUE(w.run_until([&] { return w.printer().paper().height() > 200; }));
  w.printer().set_paper_out(true);
  // Paper goes back in once the runner has voided the first copy.
  ASSERT_TRUE(w.run_until([&] {
    return std::any_of(w.progress.begin(), w.progress.end(),
                       [](const ExchangeProgress& pr) { return pr.step == ExchangeStep::kReprinting; });
  }));
  w.printer().set_paper_out(false);
  ASSERT_TRUE(w.run_exchange());
  ASSERT_TRUE(w.result->ok()) << w.result->error().message;
  const std::vector<PaperRecord> papers = w.papers();
  ASSERT_EQ(papers.size(), 2u);
  EXPECT_EQ(papers[0].state, PaperState::kVoided);
  EXPECT_EQ(papers[1].state, PaperState::kPrinted);
  EXPECT_EQ(w.result->value().paper_serial, paper_serial_text(papers[1].paper));
  EXPECT_EQ(w.active_serial(), paper_serial_text(papers[1].paper));
  w.expect_exactly_once();
  // Between the torn copy and the reprint: a 作废 slip naming the voided serial.
  const std::vector<std::string> tickets = w.cut_tickets_text();
  const auto slip = std::find_if(tickets.begin(), tickets.end(),
                                 [](const std::string& t) { return t.find("作废") != std::string::npos; });
  ASSERT_NE(slip, tickets.end());
  EXPECT_NE(slip->find("纸质票据: " + paper_serial_text(papers[0].paper)), std::string::npos) << *slip;
  EXPECT_NE(tickets.back().find(paper_serial_text(papers[1].paper)), std::string::npos);
  EXPECT_EQ(tickets.back().find("作废"), std::string::npos);
}

TEST(ExchangeRunnerTest, PaperOutNeverFixedGivesUpWithoutConvertingAgain) {
  World w("give_up");
  w.max_reprints = 1;
  w.crash();
  w.boot();
  w.run_for(1s);
  w.start();
  ASSERT_TRUE(w.run_until([&] { return w.printer().paper().height() > 200; }));
  w.printer().set_paper_out(true);
  ASSERT_TRUE(w.run_exchange());
  ASSERT_FALSE(w.result->ok());
  EXPECT_EQ(w.result->code(), ErrorCode::kAborted);
  EXPECT_EQ(w.result->failure().kind, ExchangeFailureKind::kVoided);
  EXPECT_EQ(w.result->failure().cause, ExchangeFailureCause::kPrinter);
  EXPECT_EQ(w.result->failure().exchange_id, 1);
  // The printer never came back: no second serial was converted only to be voided again.
  const std::vector<PaperRecord> papers = w.papers();
  ASSERT_EQ(papers.size(), 1u);
  EXPECT_EQ(papers[0].state, PaperState::kVoided);
  EXPECT_EQ(papers[0].exchange_state, ExchangeState::kGivenUp);
  EXPECT_NE(w.result->error().message.find("printer stayed not ready (paper_out)"), std::string::npos)
      << w.result->error().message;
  // No slip could come out: the operator is told to mark the torn copy by hand.
  EXPECT_TRUE(std::any_of(w.log.begin(), w.log.end(), [](const std::string& l) {
    return l.find("staff must mark paper") != std::string::npos;
  }));
  EXPECT_FALSE(w.active_serial().has_value());
  w.expect_exactly_once();
}

TEST(ExchangeRunnerTest, ALyingNodesProofIsNotAcceptedAndNothingPrints) {
  World w("lying");
  w.run_for(1s);
  w.process().node->set_lie(sim::Lie::kBadProof);
  w.start();
  ASSERT_TRUE(w.run_exchange());
  ASSERT_FALSE(w.result->ok());
  EXPECT_EQ(w.result->code(), ErrorCode::kInclusionProofInvalid);
  // The conversion may stand on chain: the outcome is unknown, never "unchanged".
  EXPECT_EQ(w.result->failure().kind, ExchangeFailureKind::kUnknown);
  EXPECT_EQ(w.result->failure().cause, ExchangeFailureCause::kNodeProof);
  EXPECT_EQ(w.papers().back().state, PaperState::kSubmitted);
  EXPECT_TRUE(w.printer().paper().text().empty());
  // An honest node later: recovery proves the conversion and prints it.
  auto recovered = w.reboot_and_recover();
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  EXPECT_EQ(*recovered, 1u);
  w.expect_exactly_once();
  EXPECT_TRUE(w.active_serial().has_value());
}

// -- recovery from every journal state ---------------------------------------------

struct RecoveryCase {
  const char* name;
  PaperState state;
  bool tx_on_chain;  // for kSubmitted
  bool converted_after;
};

Digest digest_of(const Bytes& bytes) {
  Digest d{};
  if (bytes.size() == d.size()) std::copy(bytes.begin(), bytes.end(), d.begin());
  return d;
}

bool included(World& w, const Bytes& tx_hash) {
  auto record = w.chain().transaction(digest_of(tx_hash));
  return record.ok() && record->state == TxLookupState::kIncluded;
}

class ExchangeRecoveryTest : public ::testing::TestWithParam<RecoveryCase> {};

TEST_P(ExchangeRecoveryTest, FinishesTheExchangeFromItsJournalState) {
  const RecoveryCase c = GetParam();
  World w(std::string("recover_") + c.name);
  w.run_for(1s);
  const bool needs_paper_out = c.state == PaperState::kVoiding || c.state == PaperState::kVoided;
  if (c.state == PaperState::kAccepted) w.printer().set_cover_open(true);  // accepted waits for the printer
  if (c.state == PaperState::kAccepted) w.run_for(1s);
  if (c.state == PaperState::kSubmitted && !c.tx_on_chain) {
    // The link dies between signing and sending: the stored tx never leaves.
    w.on_progress = [&w](const ExchangeProgress& pr) {
      if (pr.step == ExchangeStep::kSigning) w.process().node->fail_next(1'000'000);
    };
  }
  w.start();
  if (c.state != PaperState::kRequested) {
    bool armed = false;
    ASSERT_TRUE(w.run_until([&] {
      if (needs_paper_out && !armed && w.printer().paper().height() > 200) {
        w.printer().set_paper_out(true);
        armed = true;
      }
      // Voided is followed at once by the reissue: it is built from a
      // voiding whose void the chain has included, then journaled below.
      const PaperState wanted = c.state == PaperState::kVoided ? PaperState::kVoiding : c.state;
      const auto p = w.last_paper();
      if (!p || p->state != wanted) return false;
      if (c.state == PaperState::kVoided) return included(w, p->void_tx_hash);
      if (c.state != PaperState::kSubmitted) return true;
      return w.chain().transaction(digest_of(p->convert_tx_hash)).ok() == c.tx_on_chain;
    }));
  }
  if (c.state == PaperState::kVoided) {
    w.crash();
    auto journal = ExchangeJournal::open(w.journal_path(), kPaperCode);
    ASSERT_TRUE(journal.ok());
    ASSERT_TRUE(journal->voided(w.papers_after_crash(*journal).back().id, "{}", kWorldStartMs / 1000).ok());
  }
  w.printer().set_cover_open(false);
  w.printer().set_paper_out(false);
  auto recovered = w.reboot_and_recover();
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  EXPECT_EQ(*recovered, 1u);
  w.expect_exactly_once();
  EXPECT_EQ(w.active_serial().has_value(), c.converted_after);
  if (c.state == PaperState::kPrinting || c.state == PaperState::kVoiding || c.state == PaperState::kVoided) {
    // The reprint has a serial of its own.
    const std::vector<PaperRecord> papers = w.papers();
    ASSERT_EQ(papers.size(), 2u);
    EXPECT_NE(paper_serial_text(papers[0].paper), paper_serial_text(papers[1].paper));
    EXPECT_EQ(w.active_serial(), paper_serial_text(papers[1].paper));
  }
}

INSTANTIATE_TEST_SUITE_P(
    States, ExchangeRecoveryTest,
    ::testing::Values(RecoveryCase{"requested", PaperState::kRequested, false, false},
                      RecoveryCase{"submitted_on_chain", PaperState::kSubmitted, true, true},
                      RecoveryCase{"submitted_never_sent", PaperState::kSubmitted, false, true},
                      RecoveryCase{"accepted", PaperState::kAccepted, false, true},
                      RecoveryCase{"printing", PaperState::kPrinting, false, true},
                      RecoveryCase{"voiding", PaperState::kVoiding, false, true},
                      RecoveryCase{"voided", PaperState::kVoided, false, true}),
    [](const ::testing::TestParamInfo<RecoveryCase>& param_info) { return param_info.param.name; });

// Found by the crash test (tests/crash): a crash right after "reissued" left
// a requested paper that recovery abandoned like a fresh request, ending the
// exchange with no paper although a crash one step earlier ("voided") gets
// the copy reprinted. The reissued serial is converted and printed.
TEST(ExchangeRecoveryTest, ACrashRightAfterTheReissuePrintsTheNewSerial) {
  World w("recover_reissued");
  w.run_for(1s);
  w.start();
  bool armed = false;
  ASSERT_TRUE(w.run_until([&] {
    if (!armed && w.printer().paper().height() > 200) {
      w.printer().set_paper_out(true);
      armed = true;
    }
    const auto p = w.last_paper();
    return p && p->state == PaperState::kVoiding && included(w, p->void_tx_hash);
  }));
  w.crash();
  {
    auto journal = ExchangeJournal::open(w.journal_path(), kPaperCode);
    ASSERT_TRUE(journal.ok());
    const PaperRecord first = w.papers_after_crash(*journal).back();
    ASSERT_TRUE(journal->voided(first.id, "{}", kWorldStartMs / 1000).ok());
    ASSERT_TRUE(journal->reissue(first.exchange_id, kWorldStartMs / 1000).ok());
  }
  w.printer().set_paper_out(false);
  auto recovered = w.reboot_and_recover();
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  EXPECT_EQ(*recovered, 1u);
  w.expect_exactly_once();
  const std::vector<PaperRecord> papers = w.papers();
  ASSERT_EQ(papers.size(), 2u);
  EXPECT_EQ(papers[0].state, PaperState::kVoided);
  EXPECT_EQ(papers[1].state, PaperState::kPrinted);
  EXPECT_EQ(papers[1].exchange_state, ExchangeState::kDone);
  EXPECT_EQ(w.active_serial(), paper_serial_text(papers[1].paper));
}

// -- crashes at random points --------------------------------------------------------

TEST(ExchangeCrashTest, EveryCrashPointRecoversToExactlyOnePaperOrNone) {
  constexpr int kSeeds = 200;
  for (int seed = 0; seed < kSeeds; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(static_cast<std::uint32_t>(seed));
    World w("crash");
    w.run_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 50)(rng) * 10));
    const bool paper_fault = seed % 3 == 0;
    const int fault_at = std::uniform_int_distribution<int>(0, 300)(rng);
    const int crash_at = std::uniform_int_distribution<int>(0, paper_fault ? 1500 : 500)(rng);
    w.start();
    for (int tick = 0; tick < crash_at && !w.result; ++tick) {
      if (paper_fault && tick == fault_at) w.printer().set_paper_out(true);
      if (paper_fault && tick == fault_at + 700) w.printer().set_paper_out(false);
      w.run_for(kTick);
    }
    w.printer().set_paper_out(false);
    auto recovered = w.reboot_and_recover();
    ASSERT_TRUE(recovered.ok()) << recovered.error().message;
    w.expect_exactly_once();
    if (::testing::Test::HasFailure()) break;
  }
}

}  // namespace
}  // namespace chainslip

namespace chainslip {
namespace {

TEST(JournalFailureCauseTest, AFullDiskIsToldApartFromOtherDatabaseFailures) {
  EXPECT_EQ(journal_failure_cause({ErrorCode::kResourceExhausted, "database or disk is full"}),
            ExchangeFailureCause::kDiskFull);
  EXPECT_EQ(journal_failure_cause({ErrorCode::kBusy, "database is locked"}), ExchangeFailureCause::kLocalDatabase);
  EXPECT_EQ(journal_failure_cause({ErrorCode::kUnavailable, "disk I/O error"}),
            ExchangeFailureCause::kLocalDatabase);
  // A start refused while busy is the kiosk's, not the database's; nothing was sent either way.
  EXPECT_EQ(exchange_not_started({ErrorCode::kFailedPrecondition, "busy"}).cause, ExchangeFailureCause::kKiosk);
  EXPECT_EQ(exchange_not_started({ErrorCode::kResourceExhausted, "full"}).kind, ExchangeFailureKind::kNotSent);
}

}  // namespace
}  // namespace chainslip

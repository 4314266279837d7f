#include "core/exchange/journal_counter_check.h"

#include <gtest/gtest.h>

namespace chainslip {
namespace {

constexpr const char* kPaperCode = "33010199";

DeviceActivity chain(std::optional<std::uint64_t> last_nonce, std::optional<std::string> last_number,
                     const std::string& code = kPaperCode) {
  DeviceActivity a{"KIOSK-01", last_nonce, std::nullopt};
  if (last_number) a.last_paper = PaperCopy{code, *last_number};
  return a;
}

TEST(JournalCounterCheckTest, AJournalAheadOfTheChainOrANewKioskPasses) {
  EXPECT_FALSE(journal_behind_chain({1, 1}, kPaperCode, chain(std::nullopt, std::nullopt)));
  EXPECT_FALSE(journal_behind_chain({8, 5}, kPaperCode, chain(7, "0000000004")));
}

TEST(JournalCounterCheckTest, ANonceTheChainHasSeenIsBehind) {
  auto behind = journal_behind_chain({7, 5}, kPaperCode, chain(7, "0000000004"));
  ASSERT_TRUE(behind);
  EXPECT_EQ(behind->chain_last_nonce, 7u);
  EXPECT_FALSE(behind->chain_last_paper);
}

TEST(JournalCounterCheckTest, APaperNumberTheChainHoldsIsBehind) {
  auto behind = journal_behind_chain({8, 4}, kPaperCode, chain(7, "0000000004"));
  ASSERT_TRUE(behind);
  EXPECT_FALSE(behind->chain_last_nonce);
  ASSERT_TRUE(behind->chain_last_paper);
  EXPECT_EQ(behind->chain_last_paper->paper_number, "0000000004");
}

TEST(JournalCounterCheckTest, AnotherPaperStocksNumbersDoNotCount) {
  EXPECT_FALSE(journal_behind_chain({8, 1}, kPaperCode, chain(7, "0000000400", "12345678")));
}

TEST(JournalCounterCheckTest, AReplacedJournalNamesBothNumbersAndWhatToDo) {
  auto behind = journal_behind_chain({1, 1}, kPaperCode, chain(12, "0000000009"));
  ASSERT_TRUE(behind);
  const std::string line = journal_behind_chain_message(*behind, "KIOSK-01", "/var/lib/chainslip/journal.db");
  for (const char* part : {"/var/lib/chainslip/journal.db", "KIOSK-01", "nonce 12", "nonce 1 next",
                           "33010199-0000000009", "33010199-0000000001", "exchanges are stopped",
                           "Restore this kiosk's latest journal.db", "contact support"}) {
    EXPECT_NE(line.find(part), std::string::npos) << part << " not in: " << line;
  }
}

}  // namespace
}  // namespace chainslip

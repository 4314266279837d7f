#include "firmware/service/service_log.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <regex>
#include <memory>
#include <string>
#include <vector>

namespace chainslip {
namespace {

// What the log wrote to a memory stream.
class Captured {
 public:
  Captured() : file_(open_memstream(&buf_, &size_)) {}
  ~Captured() {
    std::fclose(file_);
    std::free(buf_);
  }
  std::FILE* file() { return file_; }
  std::string text() {
    std::fflush(file_);
    return std::string(buf_, size_);
  }

 private:
  char* buf_ = nullptr;
  std::size_t size_ = 0;
  std::FILE* file_;
};

TEST(ServiceLogTest, ALineHasTheUtcTimeAndLevelAndBelowTheMinimumIsDropped) {
  Captured out;
  ServiceLog log(LogLevel::kInfo, out.file(), false);
  log.write(LogLevel::kDebug, "not shown");
  log.write(LogLevel::kWarning, "printer: paper near end");
  EXPECT_TRUE(std::regex_match(
      out.text(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z warning printer: paper near end\n)")))
      << out.text();
}

TEST(ServiceLogTest, UnderJournaldALineStartsWithItsSyslogPriority) {
  Captured out;
  ServiceLog log(LogLevel::kDebug, out.file(), true);
  log.write(LogLevel::kError, "a");
  log.at(LogLevel::kInfo)("b");
  log.write(LogLevel::kDebug, "c");
  EXPECT_EQ(out.text(), "<3>a\n<6>b\n<7>c\n");
}

TEST(ServiceLogTest, ANewlineInsideAMessageCannotForgeASecondLine) {
  Captured out;
  ServiceLog log(LogLevel::kInfo, out.file(), true);
  log.write(LogLevel::kInfo, "node said: ok\n<3>chainslipd: fake\r");
  EXPECT_EQ(out.text(), "<6>node said: ok <3>chainslipd: fake \n");
}

// What the log sent to the journal; `fail` makes send() fail as an
// unreachable journald does.
class FakeJournal final : public JournalSink {
 public:
  struct Entry {
    int priority;
    std::string message;
    LogFields fields;
  };
  explicit FakeJournal(std::vector<Entry>& entries, bool fail = false) : entries_(entries), fail_(fail) {}
  Status send(int priority, std::string_view message, const LogFields& fields) override {
    if (fail_) return make_error(ErrorCode::kUnavailable, "no journal socket");
    entries_.push_back({priority, std::string(message), fields});
    return {};
  }

 private:
  std::vector<Entry>& entries_;
  bool fail_;
};

TEST(ServiceLogTest, UnderSystemdEntriesGoToTheJournalWithTheirFields) {
  Captured out;
  std::vector<FakeJournal::Entry> entries;
  ServiceLog log(LogLevel::kInfo, out.file(), true, std::make_unique<FakeJournal>(entries));
  log.write(LogLevel::kWarning, "exchange 12: voided (printer): jam",
            {.exchange_id = 12, .paper_serial = "33010199-0000000007", .reason = "voided"});
  log.write(LogLevel::kInfo, "plain");
  log.write(LogLevel::kDebug, "dropped");
  EXPECT_EQ(out.text(), "");  // nothing on the stream: no entry twice
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].priority, 4);
  EXPECT_EQ(entries[0].message, "exchange 12: voided (printer): jam");
  EXPECT_EQ(entries[0].fields.exchange_id, 12);
  EXPECT_EQ(entries[0].fields.paper_serial, "33010199-0000000007");
  EXPECT_EQ(entries[0].fields.reason, "voided");
  EXPECT_EQ(entries[1].priority, 6);
  EXPECT_FALSE(entries[1].fields.exchange_id.has_value());
  EXPECT_EQ(entries[1].fields.reason, "");
}

TEST(ServiceLogTest, AJournalThatCannotBeReachedFallsBackToPriorityLines) {
  Captured out;
  std::vector<FakeJournal::Entry> entries;
  ServiceLog log(LogLevel::kInfo, out.file(), true, std::make_unique<FakeJournal>(entries, /*fail=*/true));
  log.write(LogLevel::kError, "journal behind the chain", {.reason = "journal_behind"});
  EXPECT_EQ(out.text(), "<3>journal behind the chain\n");
}

TEST(ServiceLogTest, LevelsParseByTheirConfigNames) {
  EXPECT_EQ(parse_log_level("warning").value(), LogLevel::kWarning);
  EXPECT_EQ(parse_log_level("debug").value(), LogLevel::kDebug);
  EXPECT_FALSE(parse_log_level("verbose").ok());
}

}  // namespace
}  // namespace chainslip

#include "tests/support/faulty_vfs.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/store/exchange_journal.h"
#include "tests/support/sample_exchange_request.h"

// The test VFS (tests/support/faulty_vfs.h) under the exchange journal:
// what a step costs in writes and syncs, a fault once and for good, and the
// codes a failing or full disk gets.
namespace chainslip {
namespace {

using test::Fault;
using test::FaultyVfs;
using test::FileOp;
using test::FileOpCounts;

class FaultyVfsTest : public ::testing::Test {
 protected:
  // A journal of this test's own: ctest runs the tests of this file in
  // parallel processes, which must not share (and delete) one file.
  void SetUp() override {
    const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    path_ = (std::filesystem::path(::testing::TempDir()) /
             ("faulty_vfs_" + name + "_" + std::to_string(::getpid()) + ".db"))
                .string();
    remove_files();
    FaultyVfs::instance().disarm();
  }
  void TearDown() override {
    FaultyVfs::instance().disarm();
    remove_files();
  }
  void remove_files() const {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  ExchangeJournal open() {
    return std::move(ExchangeJournal::open(path_, "12345678", FaultyVfs::instance().vfs_name())).value();
  }

  std::string path_;
};

TEST_F(FaultyVfsTest, CountsTheJournalsWritesAndSyncsAndFailsTheNthOnce) {
  ExchangeJournal journal = open();
  ASSERT_TRUE(journal.request(test::sample_exchange_request(1), 100).ok());  // the first also writes the WAL's header
  FaultyVfs::instance().disarm();
  ASSERT_TRUE(journal.request(test::sample_exchange_request(2), 101).ok());
  const FileOpCounts one_step = FaultyVfs::instance().counts();
  EXPECT_GE(one_step[FileOp::kWrite], 2u);    // a page and its commit frame, at least
  EXPECT_EQ(one_step[FileOp::kSync], 1u);     // synchronous = FULL: the WAL at commit
  EXPECT_GE(one_step[FileOp::kShmLock], 1u);  // the WAL's write lock

  FaultyVfs::instance().arm(Fault{FileOp::kSync, 1, false});
  const auto failed = journal.request(test::sample_exchange_request(4), 101);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.code(), ErrorCode::kDataLoss) << failed.error().message;
  EXPECT_NE(failed.error().message.find("disk I/O error"), std::string::npos) << failed.error().message;
  EXPECT_EQ(FaultyVfs::instance().failures(), 1u);
  // Once: the next step commits.
  ASSERT_TRUE(journal.request(test::sample_exchange_request(3), 102).ok());
  EXPECT_EQ(FaultyVfs::instance().failures(), 1u);
}

TEST_F(FaultyVfsTest, APersistentFaultFailsEveryLaterStepAndTheFileStaysSound) {
  {
    ExchangeJournal journal = open();
    ASSERT_TRUE(journal.request(test::sample_exchange_request(1), 100).ok());
    FaultyVfs::instance().arm(Fault{FileOp::kWrite, 1, true});
    for (int i = 2; i < 5; ++i) {
      const auto failed = journal.request(test::sample_exchange_request(i), 100 + i);
      ASSERT_FALSE(failed.ok());
      EXPECT_EQ(failed.code(), ErrorCode::kDataLoss);
    }
    EXPECT_GE(FaultyVfs::instance().failures(), 3u);
  }
  FaultyVfs::instance().disarm();
  auto reopened = ExchangeJournal::open(path_, "12345678");
  ASSERT_TRUE(reopened.ok()) << reopened.error().message;
  const auto summary = reopened->summary();
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->exchanges, 1u);  // the first step, whole; nothing of the failed ones
  EXPECT_EQ(summary->steps, 1u);
}

// Before: SQLITE_FULL and SQLITE_IOERR were kUnavailable, which the kiosk
// shows the patient as "the network is unavailable, your receipt is
// unchanged, try again later".
TEST_F(FaultyVfsTest, ADiskFullIsResourceExhaustedNotUnavailable) {
  ExchangeJournal journal = open();
  FaultyVfs::instance().arm(Fault{FileOp::kWrite, 1, true, true});
  const auto failed = journal.request(test::sample_exchange_request(1), 100);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.code(), ErrorCode::kResourceExhausted) << failed.error().message;
  EXPECT_NE(failed.error().message.find("full"), std::string::npos) << failed.error().message;
}

}  // namespace
}  // namespace chainslip

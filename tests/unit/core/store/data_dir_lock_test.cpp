#include "core/store/data_dir_lock.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace chainslip {
namespace {

namespace fs = std::filesystem;

class DataDirLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("data-dir-lock-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir() const { return (dir_ / "data").string(); }

  fs::path dir_;
};

TEST_F(DataDirLockTest, ASecondHolderIsRefusedWithTheFirstOnesPid) {
  auto first = DataDirLock::acquire(dir());
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(fs::status(dir()).permissions() & fs::perms::all, fs::perms::owner_all);

  auto second = DataDirLock::acquire(dir());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.code(), ErrorCode::kBusy);
  EXPECT_NE(second.error().message.find("in use by another chainslipd (pid " + std::to_string(::getpid()) + ")"),
            std::string::npos)
      << second.error().message;

  auto holder = DataDirLock::holder(dir());
  ASSERT_TRUE(holder.has_value());
  EXPECT_EQ(holder->pid, ::getpid());
}

TEST_F(DataDirLockTest, TheLockGoesWithItsHolder) {
  EXPECT_FALSE(DataDirLock::holder(dir()).has_value()) << "no lock file yet";
  {
    auto lock = DataDirLock::acquire(dir());
    ASSERT_TRUE(lock.ok()) << lock.error().message;
  }
  EXPECT_FALSE(DataDirLock::holder(dir()).has_value()) << "the file stays, the lock does not";
  EXPECT_TRUE(DataDirLock::acquire(dir()).ok());
}

TEST_F(DataDirLockTest, AHolderKilledWithSigkillLeavesNoLockBehind) {
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto lock = DataDirLock::acquire(dir());
    const char byte = lock.ok() ? 'y' : 'n';
    [[maybe_unused]] const ssize_t n = ::write(ready[1], &byte, 1);
    ::pause();
    ::_exit(0);
  }
  ::close(ready[1]);
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  ::close(ready[0]);
  ASSERT_EQ(byte, 'y');

  auto refused = DataDirLock::acquire(dir());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("(pid " + std::to_string(child) + ")"), std::string::npos)
      << refused.error().message;
  ASSERT_EQ(DataDirLock::holder(dir()).value_or(DataDirLock::Holder{}).pid, child);

  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  // The dead holder's PID is still in the file; it no longer means anything.
  EXPECT_FALSE(DataDirLock::holder(dir()).has_value());
  EXPECT_TRUE(DataDirLock::acquire(dir()).ok());
}

TEST_F(DataDirLockTest, AnUnopenableLockFileIsNamed) {
  fs::create_directories(dir());
  fs::create_symlink("/etc/passwd", DataDirLock::lock_path(dir()));  // never followed
  auto lock = DataDirLock::acquire(dir());
  ASSERT_FALSE(lock.ok());
  EXPECT_NE(lock.error().message.find(DataDirLock::lock_path(dir())), std::string::npos) << lock.error().message;
}

}  // namespace
}  // namespace chainslip

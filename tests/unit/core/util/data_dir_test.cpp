#include "core/util/data_dir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace chainslip {
namespace {

namespace fs = std::filesystem;

class DataDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("chainslip-data-dir-" + std::to_string(::getpid()));
    fs::create_directories(root_ / "usr" / "bin");
    std::ofstream(root_ / "usr" / "bin" / "chainslipd") << "";
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string program() const { return (root_ / "usr" / "bin" / "chainslipd").string(); }
  fs::path root_;
};

TEST_F(DataDirTest, AnInstalledProgramUsesTheShareFolderBesideIt) {
  fs::create_directories(root_ / "usr" / "share" / "chainslip" / "profiles");
  EXPECT_EQ(data_dir_for(program(), "profiles", "/src/drivers/printer/profiles"),
            (root_ / "usr" / "share" / "chainslip" / "profiles").string());
}

TEST_F(DataDirTest, WithoutTheShareFolderTheBuildsSourceFolderIsUsed) {
  // Another kind of data installed beside it does not count.
  fs::create_directories(root_ / "usr" / "share" / "chainslip" / "screen");
  EXPECT_EQ(data_dir_for(program(), "profiles", "/src/drivers/printer/profiles"), "/src/drivers/printer/profiles");
}

TEST_F(DataDirTest, AFileWhereTheFolderWouldBeIsNotAFolder) {
  fs::create_directories(root_ / "usr" / "share" / "chainslip");
  std::ofstream(root_ / "usr" / "share" / "chainslip" / "profiles") << "not a folder";
  EXPECT_EQ(data_dir_for(program(), "profiles", "/built/in"), "/built/in");
}

TEST_F(DataDirTest, AnUnknownProgramPathFallsBackToTheBuiltInFolder) {
  EXPECT_EQ(data_dir_for("", "profiles", "/built/in"), "/built/in");
}

TEST(DataDir, ATestProgramInTheBuildTreeUsesTheSourceFolder) {
  // The unit tests run from build/<preset>/tests/, which has no share/chainslip/.
  EXPECT_EQ(data_dir("profiles", "/built/in"), "/built/in");
}

}  // namespace
}  // namespace chainslip

#include "sim/scanner/panel_files.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "core/util/file_io.h"

namespace chainslip::sim {
namespace {

class ScannerPanelFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::path(::testing::TempDir()) / "feed_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void put(const std::string& name, const std::string& content) {
    ASSERT_TRUE(write_file_atomic(dir_ + "/" + name, content).ok());
  }
  std::string dir_;
};

TEST_F(ScannerPanelFilesTest, TheNewestTicketIsTheHighestNumberEvenPast9999) {
  EXPECT_FALSE(newest_ticket_png(dir_).has_value());
  put("ticket-0009.png", "nine");
  put("ticket-9999.png", "last four-digit");
  put("ticket-10000.png", "first five-digit");
  put("notes.png", "not a ticket");
  put("ticket-99999.txt", "not a png");
  auto png = newest_ticket_png(dir_);
  ASSERT_TRUE(png.has_value());
  EXPECT_EQ(std::string(png->begin(), png->end()), "first five-digit");
}

TEST_F(ScannerPanelFilesTest, AMissingFolderIsNoPaperYet) {
  EXPECT_FALSE(newest_ticket_png(dir_ + "/absent").has_value());
}

TEST_F(ScannerPanelFilesTest, PayloadsAreTheFirstNonEmptyLines) {
  put("qr-payloads.txt", "CS1,a\r\n\nCS1,b\nCS1,c\nCS1,d\n");
  auto payloads = read_qr_payloads(dir_ + "/qr-payloads.txt", 3);
  ASSERT_TRUE(payloads.ok());
  EXPECT_EQ(payloads.value(), (std::vector<std::string>{"CS1,a", "CS1,b", "CS1,c"}));
  EXPECT_FALSE(read_qr_payloads(dir_ + "/absent.txt", 3).ok());
}

}  // namespace
}  // namespace chainslip::sim

// The simulator's serial scanner and its panel, read by the kiosk's own
// serial scanner driver: what the panel presents is what chainslipd reads.

#include <gtest/gtest.h>
#include <httplib.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/util/file_io.h"
#include "core/util/strict_json.h"
#include "drivers/scanner/serial/serial_code_scanner.h"
#include "sim/scanner/scanner_panel.h"
#include "sim/scanner/virtual_serial_scanner.h"

namespace chainslip::sim {
namespace {

class VirtualSerialScannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::path(::testing::TempDir()) / "vscan_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto scanner = VirtualSerialScanner::open(dir_ + "/scanner");
    ASSERT_TRUE(scanner.ok()) << scanner.error().message;
    scanner_ = std::move(scanner).value();
    kiosk_ = std::make_unique<SerialCodeScanner>(clock_, SerialCodeScannerOptions{.device = dir_ + "/scanner"});
    Status opened = kiosk_->open();
    ASSERT_TRUE(opened.ok()) << opened.error().message;
  }
  void TearDown() override {
    kiosk_.reset();
    scanner_.reset();
    std::filesystem::remove_all(dir_);
  }
  // The next code the kiosk's driver reads, waiting for the tty a little.
  std::optional<std::string> read_by_kiosk() {
    for (int i = 0; i < 200; ++i) {
      auto code = kiosk_->take_code();
      EXPECT_TRUE(code.ok()) << code.error().message;
      if (!code.ok() || code->has_value()) return code.ok() ? *code : std::nullopt;
      ::usleep(5000);
    }
    return std::nullopt;
  }

  std::string dir_;
  ManualClock clock_;
  std::unique_ptr<VirtualSerialScanner> scanner_;
  std::unique_ptr<SerialCodeScanner> kiosk_;
};

TEST_F(VirtualSerialScannerTest, AScanIsReadByTheKiosksSerialDriverThroughTheLink) {
  EXPECT_EQ(std::filesystem::read_symlink(dir_ + "/scanner").string(), scanner_->tty_path());
  ASSERT_TRUE(scanner_->scan("CS1,33010126,0000000042,a1B2c3,1250,20260101").ok());
  EXPECT_EQ(read_by_kiosk(), "CS1,33010126,0000000042,a1B2c3,1250,20260101");
}

TEST_F(VirtualSerialScannerTest, AScanIsOneLineOfBoundedText) {
  EXPECT_EQ(scanner_->scan("").code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(scanner_->scan("two\rscans").code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(scanner_->scan(std::string(VirtualSerialScanner::kMaxScanBytes + 1, 'x')).code(),
            ErrorCode::kInvalidArgument);
}

TEST_F(VirtualSerialScannerTest, TheLinkGoesWithTheScannerAndTheKioskSeesItUnplugged) {
  scanner_.reset();
  EXPECT_FALSE(std::filesystem::is_symlink(dir_ + "/scanner"));
  auto code = kiosk_->take_code();
  ASSERT_FALSE(code.ok());
  EXPECT_EQ(code.code(), ErrorCode::kUnavailable);
}

TEST_F(VirtualSerialScannerTest, ThePanelPresentsCodesListsThemAndShowsTheNewestPaper) {
  ASSERT_TRUE(write_file_atomic(dir_ + "/qr-payloads.txt", "CODE-A\nCODE-B\n").ok());
  std::filesystem::create_directory(dir_ + "/paper");
  std::vector<std::string> log;
  auto panel = ScannerPanel::start(*scanner_, {.port = 0,
                                               .codes_file = dir_ + "/qr-payloads.txt",
                                               .paper_dir = dir_ + "/paper",
                                               .kiosk_url = "http://127.0.0.1:8080/",
                                               .log = [&log](const std::string& l) { log.push_back(l); }});
  ASSERT_TRUE(panel.ok()) << panel.error().message;
  httplib::Client http("127.0.0.1", (*panel)->port());

  auto page = http.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("data-testid=\"paper-image\""), std::string::npos);

  auto codes = http.Get("/codes");
  ASSERT_TRUE(codes);
  EXPECT_EQ(Json::parse(codes->body), (Json{{"codes", {"CODE-A", "CODE-B"}}, {"kiosk", "http://127.0.0.1:8080/"}}));

  auto presented = http.Post("/present", R"({"payload":"CODE-B"})", "application/json");
  ASSERT_TRUE(presented);
  EXPECT_EQ(presented->status, 202);
  EXPECT_EQ(read_by_kiosk(), "CODE-B");
  EXPECT_EQ(log, std::vector<std::string>{"presented CODE-B"});

  for (const char* bad : {R"({"payload":""})", R"({"payload":"a","x":1})", "not json", R"({"payload":"a\nb"})"}) {
    auto refused = http.Post("/present", bad, "application/json");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400) << bad;
  }

  auto none = http.Get("/paper/latest.png");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 404);
  ASSERT_TRUE(write_file_atomic(dir_ + "/paper/ticket-0001.png", "first").ok());
  ASSERT_TRUE(write_file_atomic(dir_ + "/paper/ticket-0002.png", "second").ok());
  auto paper = http.Get("/paper/latest.png");
  ASSERT_TRUE(paper);
  EXPECT_EQ(paper->status, 200);
  EXPECT_EQ(paper->body, "second");
}

}  // namespace
}  // namespace chainslip::sim

// `chainslip status`, run as the operator runs it: the program, a config
// file, the data folder, and (or not) a running service's screen endpoint.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "built_program.h"
#include "core/store/data_dir_lock.h"
#include "core/store/exchange_journal.h"
#include "firmware/screen/kiosk_screen_server.h"

namespace chainslip {
namespace {

namespace fs = std::filesystem;

struct StatusRun {
  int exit_code = -1;
  std::string out;
};

StatusRun run_status(const fs::path& config, bool json) {
  std::vector<std::string> args{"status", "--config", config.string()};
  if (json) args.push_back("--json");
  const std::string cmd = test::program_command(test::built_program("firmware/chainslip"), args) + " 2>&1";
  const test::ShellRun run = test::run_shell(cmd);
  return StatusRun{run.exit_code, run.out};
}

class StatusCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("chainslip-status-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write_config(const std::string& listen) {
    const fs::path path = dir_ / "chainslip.toml";
    std::ofstream(path) << "[kiosk]\nid = \"KIOSK-01\"\npaper_code = \"33010199\"\ndata_dir = \"" << dir_.string()
                        << "\"\n[chain]\nnodes = [\"http://127.0.0.1:1\"]\n[screen]\nlisten = \"" << listen << "\"\n";
    return path;
  }

  fs::path dir_;
};

TEST_F(StatusCommandTest, ServiceDownAndAnUnfinishedExchangeAreReported) {
  {
    auto journal = ExchangeJournal::open((dir_ / "journal.db").string(), "33010199");
    ASSERT_TRUE(journal.ok()) << journal.error().message;
    ExchangeRequest req{"chain", "33010126", "0000000001", {}, "refund"};
    auto paper = journal->request(req, 100);
    ASSERT_TRUE(paper.ok());
    ASSERT_TRUE(journal->submitted(paper->id, "{}", Bytes(32, 1), 101).ok());
  }
  // Port 1 on loopback: nothing listens there.
  const StatusRun r = run_status(write_config("127.0.0.1:1"), false);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("service: NOT RUNNING"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("UNFINISHED exchange 1: receipt 33010126-0000000001, paper 33010199-0000000001 is "
                       "submitted"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("cache: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("next nonce 1, next paper number 2 "), std::string::npos) << r.out;

  // A daemon that holds the data directory but whose screen does not answer.
  auto lock = DataDirLock::acquire(dir_.string());
  ASSERT_TRUE(lock.ok()) << lock.error().message;
  const StatusRun hung = run_status(write_config("127.0.0.1:1"), false);
  EXPECT_NE(hung.out.find("service: pid " + std::to_string(::getpid()) +
                          " holds the data directory but its screen does not answer"),
            std::string::npos)
      << hung.out;
}

TEST_F(StatusCommandTest, ARunningServiceShowsItsDevices) {
  auto server =
      KioskScreenServer::start({.listen = "127.0.0.1:0", .assets_dir = CHAINSLIP_SCREEN_ASSETS_DIR});
  ASSERT_TRUE(server.ok()) << server.error().message;
  auto lock = DataDirLock::acquire(dir_.string());  // as chainslipd holds it
  ASSERT_TRUE(lock.ok()) << lock.error().message;
  (*server)->publish({{"state", "idle"},
                      {"devices",
                       {{"printer", {{"ok", false}, {"text_zh", "缺纸"}, {"text_en", "paper out"}}},
                        {"node", {{"ok", true}, {"text_zh", "已连接"}, {"text_en", "connected"}}}}}});
  const StatusRun r = run_status(write_config("127.0.0.1:" + std::to_string((*server)->port())), true);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  auto doc = Json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << r.out;
  EXPECT_EQ(doc["service"]["running"], true);
  EXPECT_EQ(doc["service"]["state"], "idle");
  EXPECT_EQ(doc["service"]["pid"], ::getpid());
  EXPECT_EQ(doc["devices"]["printer"]["text_en"], "paper out");
  EXPECT_EQ(doc["journal"]["exchanges"], 0);
}

// Why the printer is not heard, as the service's view says it, for hospital IT.
TEST_F(StatusCommandTest, APrinterThatIsNotHeardShowsWhy) {
  auto server =
      KioskScreenServer::start({.listen = "127.0.0.1:0", .assets_dir = CHAINSLIP_SCREEN_ASSETS_DIR});
  ASSERT_TRUE(server.ok()) << server.error().message;
  const std::string why = "printer tcp 127.0.0.1:9 refused the connection";
  (*server)->publish({{"state", "idle"},
                      {"devices",
                       {{"printer",
                         {{"ok", false},
                          {"text_zh", "打印机未连接"},
                          {"text_en", "Printer not connected"},
                          {"fault", "unreachable"},
                          {"fault_detail", why}}}}}});
  const fs::path config = write_config("127.0.0.1:" + std::to_string((*server)->port()));
  const StatusRun text = run_status(config, false);
  EXPECT_NE(text.out.find("printer: PROBLEM — Printer not connected\n    " + why + "\n"), std::string::npos)
      << text.out;
  auto doc = Json::parse(run_status(config, true).out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded());
  EXPECT_EQ(doc["devices"]["printer"]["fault"], "unreachable");
  EXPECT_EQ(doc["devices"]["printer"]["fault_detail"], why);
}

TEST_F(StatusCommandTest, ABadConfigIsExitTwoWithTheReason) {
  const fs::path path = dir_ / "bad.toml";
  std::ofstream(path) << "[kiosk]\npaper_kode = \"1\"\n";
  const StatusRun r = run_status(path, false);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("kiosk.paper_kode: unknown key"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace chainslip

// Runs the built `chainslip qr` (firmware/cli/qr_command.h): exit codes and
// the --json fields. The program is found as in cli_test.cpp.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "built_program.h"
#include "core/util/strict_json.h"

namespace chainslip {
namespace {

const std::string kShort =
    "https://www.chinaebill.cn/eips-wxapp-service/"
    "d?t=504&a=Xy12AbCdEf&d=11010126_0000012345_a1b2c3_128.50_20261203&s=0A1B2C3D4E";
const std::string kDisplay =
    "http://www.chinaebill.cn/eips-wxapp-service/H5FinanceDisplay/"
    "showInvoice?invoice_code=11010126&invoice_number=0000012345&check_code=a1b2c3&app_id=Xy12AbCdEf&"
    "security=0A1B2C3D4E5F";

struct QrRun {
  int exit_code = -1;
  std::string out;

  Json json() const {
    auto doc = parse_strict_json(out);
    EXPECT_TRUE(doc.ok()) << "stdout is not one JSON object: " << out;
    return doc.ok() ? *doc : Json::object();
  }
};

QrRun run_qr(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"qr"};
  argv.insert(argv.end(), args.begin(), args.end());
  const std::string cmd =
      test::program_command(test::built_program("firmware/chainslip"), argv) + " 2>/dev/null";
  const test::ShellRun run = test::run_shell(cmd);
  QrRun r;
  r.exit_code = run.exit_code;
  r.out = run.out;
  return r;
}

class QrCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(test::built_program("firmware/chainslip")))
        << "chainslip binary not found beside the tests folder of the build";
  }
};

TEST_F(QrCommandTest, ShortFormAsJson) {
  const QrRun r = run_qr({"--json", kShort});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const Json j = r.json();
  EXPECT_EQ(j["ok"], true);
  EXPECT_EQ(j["form"], "short");
  EXPECT_EQ(j["code"], "11010126");
  EXPECT_EQ(j["number"], "0000012345");
  EXPECT_EQ(j["check_code"], "a1b2c3");
  EXPECT_EQ(j["amount"], "128.50");
  EXPECT_EQ(j["date"], "2026-12-03");
  EXPECT_EQ(j["platform_fields"], (Json{{"t", "504"}, {"a", "Xy12AbCdEf"}, {"s", "0A1B2C3D4E"}}));
}

TEST_F(QrCommandTest, DisplayPageHasNoAmountOrDate) {
  const QrRun r = run_qr({kDisplay, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const Json j = r.json();
  EXPECT_EQ(j["form"], "display-page");
  EXPECT_TRUE(j["amount"].is_null());
  EXPECT_TRUE(j["date"].is_null());
  EXPECT_EQ(j["platform_fields"], (Json{{"app_id", "Xy12AbCdEf"}, {"security", "0A1B2C3D4E5F"}}));
}

TEST_F(QrCommandTest, TextOutput) {
  const QrRun r = run_qr({kShort});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("short"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("128.50"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2026-12-03"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0A1B2C3D4E"), std::string::npos) << r.out;
}

TEST_F(QrCommandTest, RefusalsExitOneWithTheReason) {
  struct Case {
    std::string text;
    std::string refusal;
  };
  const Case cases[] = {
      {"https://pj.example.cn/eips-wxapp-service/d?d=11010126_0000012345_a1b2c3_128.50_20261203",
       "unknown_platform"},
      {"hello", "not_a_receipt_code"},
      {kShort + "&d=11010126_0000012345_a1b2c3_128.50_20261203", "malformed"},
  };
  for (const auto& c : cases) {
    const QrRun r = run_qr({"--json", c.text});
    EXPECT_EQ(r.exit_code, 1) << c.text;
    const Json j = r.json();
    EXPECT_EQ(j["ok"], false);
    EXPECT_EQ(j["refusal"], c.refusal) << c.text;
    EXPECT_TRUE(j["message"].is_string() && !j["message"].get<std::string>().empty());
    const QrRun text = run_qr({c.text});
    EXPECT_EQ(text.exit_code, 1);
    EXPECT_NE(text.out.find(c.refusal), std::string::npos) << text.out;
  }
}

TEST_F(QrCommandTest, UsageErrorsExitTwo) {
  EXPECT_EQ(run_qr({}).exit_code, 2);
  EXPECT_EQ(run_qr({"--json"}).exit_code, 2);
  EXPECT_EQ(run_qr({"--bogus", kShort}).exit_code, 2);
  EXPECT_EQ(run_qr({kShort, kDisplay}).exit_code, 2);
}

}  // namespace
}  // namespace chainslip

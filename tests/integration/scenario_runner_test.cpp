// The kiosk on simulated hardware: every shipped scenario (sim/scenarios,
// docs/SIMULATOR.md) run in-process, as `chainslip-sim run all` runs them —
// the integration tests of the kiosk service, the node client, the ESC/POS
// driver and the camera scanner together — plus the scenario parser's
// strictness and the runner's own honesty (a wrong expectation fails).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/app/scenario/scenario.h"
#include "sim/app/scenario/scenario_runner.h"
#include "sim/printer/paper_png.h"

namespace chainslip::simapp {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> shipped_scenarios() {
  Result<std::vector<std::string>> paths = list_scenarios(default_scenario_dir());
  return paths.ok() ? *paths : std::vector<std::string>{};
}

std::string name_of(const ::testing::TestParamInfo<std::string>& info) {
  return fs::path(info.param).stem().string();
}

class ShippedScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(ShippedScenario, EveryExpectationHolds) {
  Result<Scenario> scenario = load_scenario(GetParam());
  ASSERT_TRUE(scenario.ok()) << scenario.error().message;
  std::string log;
  Result<ScenarioReport> report = run_scenario(*scenario, {.out_dir = {}, .print = [&log](const std::string& l) {
                                                             log += l + "\n";
                                                           }});
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->passed()) << log;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ShippedScenario, ::testing::ValuesIn(shipped_scenarios()), name_of);

TEST(ScenarioFolder, ShipsEveryFaultTheKioskMustSurvive) {
  std::vector<std::string> names;
  for (const std::string& path : shipped_scenarios()) names.push_back(fs::path(path).stem().string());
  for (const char* wanted :
       {"happy_path", "refund_conversion", "node_down", "node_slow", "node_drops_connections",
        "lie_tampered_receipt", "lie_bad_proof", "lie_too_few_signatures", "lie_unknown_validators",
        "lie_wrong_chain_id", "lie_forked_header", "printer_paper_near_end", "printer_paper_out_mid_job",
        "printer_cover_open", "printer_cutter_error", "printer_unplugged_mid_job", "printer_slow_head",
        "camera_glare", "camera_noisy", "camera_blurred", "camera_rotated", "camera_perspective",
        "camera_inverted", "camera_occluded", "camera_no_code"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), wanted), names.end()) << wanted;
  }
}

Result<Scenario> parse(const std::string& text) { return parse_scenario(text, "t.toml", "t"); }

TEST(ScenarioRunner, AWrongExpectationFailsNamingItsLine) {
  Result<Scenario> scenario = parse(
      "description = \"expects the wrong thing\"\n"
      "[[step]]\npresent = 0\n"
      "[[step]]\nexpect = \"rejected\"\n"
      "[[step]]\nexpect_paper = 1\n");
  ASSERT_TRUE(scenario.ok()) << scenario.error().message;
  Result<ScenarioReport> report = run_scenario(*scenario, {});
  ASSERT_TRUE(report.ok()) << report.error().message;
  ASSERT_EQ(report->failures.size(), 2u);
  EXPECT_NE(report->failures[0].find("t.toml:4: step 2"), std::string::npos) << report->failures[0];
  EXPECT_NE(report->failures[0].find("the kiosk shows verified"), std::string::npos) << report->failures[0];
  EXPECT_NE(report->failures[1].find("t.toml:6: step 3"), std::string::npos) << report->failures[1];
}

TEST(ScenarioRunner, LeavesThePaperAsPngsWithTheReceiptOnIt) {
  Result<Scenario> scenario = load_scenario(default_scenario_dir() + "/happy_path.toml");
  ASSERT_TRUE(scenario.ok()) << scenario.error().message;
  const fs::path out = fs::temp_directory_path() / ("chainslip-scenario-png-" + std::to_string(::getpid()));
  fs::remove_all(out);
  Result<ScenarioReport> report = run_scenario(*scenario, {.out_dir = out.string(), .print = {}});
  ASSERT_TRUE(report.ok()) << report.error().message;
  ASSERT_EQ(report->pngs.size(), 1u);
  EXPECT_EQ(report->pngs[0], (out / "happy_path" / "ticket-0001.png").string());
  Result<sim::PaperImage> image = sim::read_paper_png(report->pngs[0]);
  ASSERT_TRUE(image.ok()) << image.error().message;
  std::string text;
  for (const std::string& line : image->text) text += line + "\n";
  EXPECT_NE(text.find("KIOSK-SIM-01"), std::string::npos) << text;
  fs::remove_all(out);
}

// --- the parser: strict, and every error names file:line

void expect_error(const std::string& text, const std::string& where, const std::string& what) {
  Result<Scenario> scenario = parse(text);
  ASSERT_FALSE(scenario.ok()) << "accepted:\n" << text;
  EXPECT_EQ(scenario.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(scenario.error().message.find(where), std::string::npos) << scenario.error().message;
  EXPECT_NE(scenario.error().message.find(what), std::string::npos) << scenario.error().message;
}

constexpr const char* kHead = "description = \"d\"\n";

TEST(ScenarioParser, ReadsEveryKindOfStep) {
  Result<Scenario> s = parse(std::string(kHead) +
                             "receipts = 3\n"
                             "[[step]]\npresent = 2\ncamera = \"glare\"\nhold_s = 1.5\n"
                             "[[step]]\npresent = \"https://example.org\"\n"
                             "[[step]]\nconfirm = \"other\"\n"
                             "[[step]]\ncancel = true\n"
                             "[[step]]\nwait_s = 0.25\n"
                             "[[step]]\nwait_for = \"done\"\nwithin_s = 40\n"
                             "[[step]]\nexpect = \"rejected\"\nreason = \"verification_failed\"\ncause = \"wrong_chain_id\"\n"
                             "[[step]]\nexpect_paper = 2\ncontains = [\"a\"]\nlacks = [\"b\"]\nuncut_tail = true\n"
                             "[[step]]\nexpect_log = \"kiosk:\"\n"
                             "[[step]]\nnode = \"slow\"\ndelay_ms = 7000\n"
                             "[[step]]\nnode = \"lie\"\nlie = \"forked_header\"\n"
                             "[[step]]\nprinter = \"paper_out\"\nafter_bytes = 900\n"
                             "[[step]]\nprinter = \"head_speed\"\nmm_s = 20\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->receipts, 3u);
  ASSERT_EQ(s->steps.size(), 13u);
  const auto& present = std::get<PresentStep>(s->steps[0].action);
  EXPECT_EQ(present.receipt, 2u);
  EXPECT_EQ(present.camera, "glare");
  EXPECT_EQ(present.hold, std::chrono::milliseconds(1500));
  EXPECT_EQ(s->steps[0].line, 3);
  EXPECT_EQ(std::get<PresentStep>(s->steps[1].action).text, "https://example.org");
  EXPECT_EQ(std::get<ConfirmStep>(s->steps[2].action).reason, "other");
  EXPECT_EQ(std::get<WaitStep>(s->steps[4].action).duration, std::chrono::milliseconds(250));
  EXPECT_EQ(std::get<WaitForStep>(s->steps[5].action).within, std::chrono::milliseconds(40'000));
  EXPECT_EQ(std::get<ExpectStep>(s->steps[6].action).cause, "wrong_chain_id");
  EXPECT_EQ(std::get<ExpectPaperStep>(s->steps[7].action).tickets, 2u);
  EXPECT_EQ(std::get<ExpectPaperStep>(s->steps[7].action).uncut_tail, true);
  EXPECT_EQ(std::get<NodeStep>(s->steps[9].action).delay, std::chrono::milliseconds(7000));
  EXPECT_EQ(std::get<NodeStep>(s->steps[10].action).lie, sim::Lie::kForkedHeader);
  EXPECT_EQ(std::get<PrinterStep>(s->steps[11].action).after_bytes, 900u);
  EXPECT_EQ(std::get<PrinterStep>(s->steps[12].action).head_speed_mm_s, 20);
}

TEST(ScenarioParser, RefusesWhatItDoesNotKnow) {
  expect_error(std::string(kHead) + "colour = \"red\"\n[[step]]\nwait_s = 1\n", "t.toml:2:", "colour: unknown key");
  expect_error(std::string(kHead) + "[[step]]\nwait_s = 1\nfor = 2\n", "t.toml:4:",
               "for: unknown key for a wait_s step");
  expect_error(std::string(kHead) + "[[step]]\npresent = 0\nwithin_s = 2\n", "t.toml:4:",
               "within_s: unknown key for a present step");
  expect_error(std::string(kHead) + "[[step]]\nnode = \"slow\"\nlie = \"bad_proof\"\n", "t.toml:4:",
               "lie: unknown key for a node step");
  expect_error(std::string(kHead) + "[[step]]\nprinter = \"paper_in\"\nafter_bytes = 5\n", "t.toml:4:",
               "after_bytes: unknown key for a printer step");
}

TEST(ScenarioParser, WantsExactlyOneActionPerStep) {
  expect_error(std::string(kHead) + "[[step]]\nwait_s = 1\ncancel = true\n", "t.toml:2:", "two actions");
  expect_error(std::string(kHead) + "[[step]]\ncamera = \"glare\"\n", "t.toml:3:", "no action");
  // A misspelled action is named where it is.
  expect_error(std::string(kHead) + "[[step]]\npresnt = 0\n", "t.toml:3:",
               "presnt: unknown key for a step without an action; step 1 has no action (one of present,");
}

TEST(ScenarioParser, RefusesBadValues) {
  expect_error(std::string(kHead) + "[[step]]\nwait_s = -1\n", "t.toml:3:", "wait_s");
  expect_error(std::string(kHead) + "[[step]]\nwait_s = \"1\"\n", "t.toml:3:", "wait_s");
  expect_error(std::string(kHead) + "[[step]]\nexpect = \"happy\"\n", "t.toml:3:", "\"happy\" is not one of");
  expect_error(std::string(kHead) + "[[step]]\npresent = 0\ncamera = \"fisheye\"\n", "t.toml:4:",
               "\"fisheye\" is not one of");
  expect_error(std::string(kHead) + "[[step]]\nnode = \"lie\"\nlie = \"white_lie\"\n", "t.toml:4:",
               "unknown lie");
  expect_error(std::string(kHead) + "[[step]]\nnode = \"lie\"\n", "t.toml:2:", "needs lie");
  expect_error(std::string(kHead) + "[[step]]\nconfirm = \"gift\"\n", "t.toml:3:", "confirm");
  expect_error(std::string(kHead) + "[[step]]\ncancel = false\n", "t.toml:3:", "must be true");
  expect_error(std::string(kHead) + "[[step]]\nprinter = \"head_speed\"\n", "t.toml:3:", "needs mm_s");
  expect_error(std::string(kHead) + "receipts = 2\n[[step]]\npresent = 2\n", "t.toml:3:", "receipt 2 does not exist");
}

TEST(ScenarioParser, NeedsADescriptionAndSteps) {
  expect_error("[[step]]\nwait_s = 1\n", "t.toml", "description is missing");
  expect_error(kHead, "t.toml", "no [[step]]");
  expect_error(std::string(kHead) + "step = 3\n", "t.toml:2:", "[[step]] tables");
  expect_error(std::string(kHead) + "[[step]\n", "t.toml:2:", "syntax");
}

}  // namespace
}  // namespace chainslip::simapp

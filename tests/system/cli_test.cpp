// Runs the built `chainslip` binary. The test binary lives at
// <build>/tests/chainslip_service_tests and the CLI at <build>/firmware/chainslip.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "built_program.h"
#include "core/util/strict_json.h"
#include "sim/chain/chain_builder.h"
#include "sim/chain/forgery.h"
#include "sim/chain/receipt_factory.h"

namespace chainslip {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kSkewSeconds = 5 * 60;

fs::path cli_path() { return test::built_program("firmware/chainslip"); }
// The demo chain, its keys and its forged bundles come from the simulator.
fs::path sim_path() { return test::built_program("sim/chainslip-sim"); }

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;

  // The --json verdict on stdout.
  Json json() const {
    auto doc = parse_strict_json(out);
    EXPECT_TRUE(doc.ok()) << "stdout is not one JSON object: " << out;
    return doc.ok() ? *doc : Json::object();
  }
  std::string reason() const {
    Json j = json();
    return j.contains("reason") && j["reason"].is_string() ? j["reason"].get<std::string>() : "<none>";
  }
};

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char tmpl[] = "/tmp/chainslip-cli-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    ASSERT_TRUE(fs::exists(cli_path())) << "chainslip binary not found at " << cli_path()
                                        << " (expected beside the tests folder of the build)";
    for (const char* suite : {"sm2-sm3", "p256-sha256"}) {
      CliRun r = run({"make-demo", (dir_ / suite).string(), "--suite", suite}, sim_path());
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  static CliRun run(const std::vector<std::string>& args, const fs::path& program = cli_path()) {
    const fs::path err_file = dir_ / "stderr.txt";
    const std::string cmd =
        test::program_command(program, args) + " 2>" + test::shell_quote(err_file.string());
    const test::ShellRun run = test::run_shell(cmd);
    CliRun r;
    r.exit_code = run.exit_code;
    r.out = run.out;
    r.err = read_text(err_file);
    return r;
  }

  static fs::path demo(const std::string& suite) { return dir_ / suite; }
  static std::vector<fs::path> bundles(const std::string& suite, const std::string& kind) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(demo(suite) / "bundles" / kind))
      out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
  }
  static fs::path a_valid_bundle(const std::string& suite) {
    // Block 2 (after the rotation): 33010126-0000000003.
    return demo(suite) / "bundles" / "valid" / "33010126-0000000003.json";
  }
  // The header time of a bundle, in Unix seconds.
  static std::uint64_t header_seconds(const fs::path& bundle) {
    auto doc = parse_strict_json(read_text(bundle));
    EXPECT_TRUE(doc.ok());
    return doc.ok() ? (*doc)["header"]["timestamp_ms"].get<std::uint64_t>() / 1000 : 0;
  }
  // A clock an hour after the demo's last block (2026-01-01T03:00Z).
  static std::string now_arg() { return std::to_string(1'767'225'600 + 3 * 3600); }

  static inline fs::path dir_;
};

const char* const kSuites[] = {"sm2-sm3", "p256-sha256"};

// The names of sim::forge_variants, from a small chain of our own.
std::set<std::string> forgery_names() {
  auto chain = sim::ChainBuilder::create(sim::ChainBuilder::Options{});
  EXPECT_TRUE(chain.ok());
  if (!chain.ok()) return {};
  auto issuer = chain->add_issuer("12330000470000000X", "浙江省人民医院", 0, 4'000'000'000);
  EXPECT_TRUE(issuer.ok());
  sim::ReceiptFactory factory(1);
  const std::uint64_t t = 1'767'229'200;
  auto bundles =
      chain->seal_block({{*issuer, factory.make("12330000470000000X", "浙江省人民医院", "33010126", 1, t)},
                         {*issuer, factory.make("12330000470000000X", "浙江省人民医院", "33010126", 2, t)}},
                        t * 1000);
  EXPECT_TRUE(bundles.ok());
  if (!bundles.ok()) return {};
  auto forgeries = sim::forge_variants(*chain, bundles->front());
  EXPECT_TRUE(forgeries.ok());
  std::set<std::string> names;
  if (forgeries.ok()) {
    for (const auto& f : *forgeries) names.insert(f.name);
  }
  EXPECT_GE(names.size(), 10u);
  return names;
}

TEST_F(CliTest, MakeDemoWritesAnchorKeysAndBundles) {
  for (const char* suite : kSuites) {
    EXPECT_TRUE(fs::is_regular_file(demo(suite) / "anchor.json")) << suite;
    auto anchor = parse_strict_json(read_text(demo(suite) / "anchor.json"));
    ASSERT_TRUE(anchor.ok());
    EXPECT_EQ((*anchor)["suite"], suite);
    EXPECT_FALSE(fs::is_empty(demo(suite) / "keys"));
    EXPECT_EQ(bundles(suite, "valid").size(), 5u) << suite;
    // One invalid bundle per forgery the simulator knows, named after it.
    std::set<std::string> names;
    for (const auto& path : bundles(suite, "invalid")) {
      names.insert(path.filename().string().substr(0, path.filename().string().find('.')));
    }
    EXPECT_EQ(names, forgery_names()) << suite;
    EXPECT_EQ(names.size(), bundles(suite, "invalid").size());
  }
}

TEST_F(CliTest, EveryValidBundleVerifies) {
  for (const char* suite : kSuites) {
    const auto valid = bundles(suite, "valid");
    ASSERT_FALSE(valid.empty());
    for (const auto& path : valid) {
      // Default anchor discovery (two folders up), plain output.
      CliRun plain = run({"verify", path.string(), "--now", now_arg()});
      EXPECT_EQ(plain.exit_code, 0) << path << "\n" << plain.out << plain.err;
      EXPECT_EQ(plain.out.rfind("VALID", 0), 0u) << plain.out;
      // Explicit anchor, JSON output naming the receipt of the file name.
      CliRun json = run({"verify", path.string(), "--anchor", (demo(suite) / "anchor.json").string(),
                         "--json", "--now", now_arg()});
      ASSERT_EQ(json.exit_code, 0) << path << "\n" << json.out << json.err;
      Json j = json.json();
      EXPECT_EQ(j["valid"], true);
      EXPECT_EQ(j["code"].get<std::string>() + "-" + j["number"].get<std::string>() + ".json",
                path.filename().string());
      EXPECT_EQ(j["chain_id"], "chainslip-demo");
      // Money is an exact decimal string, as in the bundle.
      const Json bundle = *parse_strict_json(read_text(path));
      EXPECT_EQ(j["amount"], bundle["receipt"]["amount"]);
      EXPECT_TRUE(std::regex_match(j["amount"].get<std::string>(), std::regex(R"(\d+\.\d\d)")))
          << j["amount"];
    }
  }
}

TEST_F(CliTest, ValidBundleVerifiesAgainstTheSystemClock) {
  // The demo chain is dated 2026-01-01; the clock is later than that.
  CliRun r = run({"verify", a_valid_bundle("sm2-sm3").string()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST_F(CliTest, EveryInvalidBundleFailsWithTheReasonInItsName) {
  for (const char* suite : kSuites) {
    const auto invalid = bundles(suite, "invalid");
    ASSERT_GE(invalid.size(), 10u);
    std::set<std::string> reasons;
    for (const auto& path : invalid) {
      // <forgery>.<reason>.json
      const std::string name = path.filename().string();
      const auto first_dot = name.find('.');
      const auto last_dot = name.rfind(".json");
      ASSERT_NE(first_dot, std::string::npos);
      ASSERT_EQ(last_dot, name.size() - 5);
      const std::string reason = name.substr(first_dot + 1, last_dot - first_dot - 1);
      reasons.insert(reason);
      CliRun json = run({"verify", path.string(), "--json", "--now", now_arg()});
      EXPECT_EQ(json.exit_code, 1) << name << "\n" << json.out << json.err;
      EXPECT_EQ(json.reason(), reason) << name << ": " << json.out;
      EXPECT_EQ(json.json()["valid"], false);
      CliRun plain = run({"verify", path.string(), "--now", now_arg()});
      EXPECT_EQ(plain.exit_code, 1) << name;
      EXPECT_EQ(plain.out.rfind("INVALID  " + reason, 0), 0u) << plain.out;
    }
    EXPECT_GE(reasons.size(), 8u) << suite;
  }
}

TEST_F(CliTest, MissingBundleFileIsUnusableInput) {
  CliRun r = run({"verify", (dir_ / "no-such-bundle.json").string(), "--anchor",
                  (demo("sm2-sm3") / "anchor.json").string()});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  CliRun j = run({"verify", (dir_ / "no-such-bundle.json").string(), "--json"});
  EXPECT_EQ(j.exit_code, 2);
  EXPECT_EQ(j.reason(), "unusable_input");
}

TEST_F(CliTest, BadAnchorIsUnusableInput) {
  const fs::path bundle = a_valid_bundle("sm2-sm3");
  const fs::path garbage = dir_ / "garbage-anchor.json";
  write_text(garbage, "this is not an anchor");
  Json anchor = *parse_strict_json(read_text(demo("sm2-sm3") / "anchor.json"));
  anchor.erase("validators");
  const fs::path incomplete = dir_ / "incomplete-anchor.json";
  write_text(incomplete, anchor.dump());
  Json dup_anchor_text = *parse_strict_json(read_text(demo("sm2-sm3") / "anchor.json"));
  std::string dup = dup_anchor_text.dump();
  dup.insert(1, R"("height":5,)");  // a duplicate key
  const fs::path duplicate = dir_ / "duplicate-anchor.json";
  write_text(duplicate, dup);
  for (const fs::path& bad : {garbage, incomplete, duplicate, dir_ / "no-such-anchor.json"}) {
    CliRun r = run({"verify", bundle.string(), "--anchor", bad.string(), "--now", now_arg()});
    EXPECT_EQ(r.exit_code, 2) << bad << "\n" << r.out << r.err;
    CliRun j = run({"verify", bundle.string(), "--anchor", bad.string(), "--json", "--now", now_arg()});
    EXPECT_EQ(j.exit_code, 2) << bad;
    EXPECT_EQ(j.reason(), "unusable_input") << bad;
  }
}

TEST_F(CliTest, AnchorOfTheOtherSuiteIsASuiteMismatch) {
  for (const auto& [bundle_suite, anchor_suite] :
       std::map<std::string, std::string>{{"sm2-sm3", "p256-sha256"}, {"p256-sha256", "sm2-sm3"}}) {
    CliRun r = run({"verify", a_valid_bundle(bundle_suite).string(), "--anchor",
                    (demo(anchor_suite) / "anchor.json").string(), "--json", "--now", now_arg()});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_EQ(r.reason(), "suite_mismatch") << r.out;
  }
}

TEST_F(CliTest, AnchorOfAnotherChainOfTheSameSuiteRejects) {
  // A second demo has the same chain id and suite but other keys.
  const fs::path other = dir_ / "other-sm2";
  ASSERT_EQ(run({"make-demo", other.string()}, sim_path()).exit_code, 0);
  CliRun r = run({"verify", a_valid_bundle("sm2-sm3").string(), "--anchor", (other / "anchor.json").string(),
                  "--json", "--now", now_arg()});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.reason(), "certificate_signature_invalid") << r.out;
}

TEST_F(CliTest, GarbageBundleIsInvalidArgument) {
  const fs::path garbage = dir_ / "garbage.json";
  const fs::path anchor = demo("sm2-sm3") / "anchor.json";
  for (const char* text :
       {"not json at all", "", "{}", "[1, 2, 3]", R"({"version": 1})", "{\"version\":\xff}"}) {
    write_text(garbage, std::string(text));
    CliRun r = run({"verify", garbage.string(), "--anchor", anchor.string(), "--json", "--now", now_arg()});
    EXPECT_EQ(r.exit_code, 1) << "\"" << text << "\": " << r.out << r.err;
    EXPECT_EQ(r.reason(), "invalid_argument") << text;
  }
}

TEST_F(CliTest, TamperedMoneyInTheTextIsInvalidArgument) {
  Json bundle = *parse_strict_json(read_text(a_valid_bundle("sm2-sm3")));
  bundle["receipt"]["amount"] = 12.5;  // a binary float, not the exact decimal string
  const fs::path tampered = dir_ / "tampered.json";
  write_text(tampered, bundle.dump());
  CliRun r = run({"verify", tampered.string(), "--anchor", (demo("sm2-sm3") / "anchor.json").string(),
                  "--json", "--now", now_arg()});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.reason(), "invalid_argument");
}

// PROTOCOL 4.1: a byte order mark makes a bundle invalid and an anchor
// unusable; and a bundle is refused by the text rules before any step of
// section 5 (here: against the other suite's anchor, step 1).
TEST_F(CliTest, ByteOrderMarkAndTextRulesComeBeforeVerification) {
  const std::string bom = "\xEF\xBB\xBF";
  const std::string text = read_text(a_valid_bundle("sm2-sm3"));
  const fs::path anchor = demo("sm2-sm3") / "anchor.json";
  const fs::path other_anchor = demo("p256-sha256") / "anchor.json";
  const fs::path bundle = dir_ / "bom-bundle.json";
  write_text(bundle, bom + text);
  CliRun r = run({"verify", bundle.string(), "--anchor", anchor.string(), "--json", "--now", now_arg()});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.reason(), "invalid_argument") << r.out;
  r = run({"verify", bundle.string(), "--anchor", other_anchor.string(), "--json", "--now", now_arg()});
  EXPECT_EQ(r.reason(), "invalid_argument") << r.out;
  Json extra = *parse_strict_json(text);
  extra["header"]["note"] = "x";
  write_text(bundle, extra.dump());
  r = run({"verify", bundle.string(), "--anchor", other_anchor.string(), "--json", "--now", now_arg()});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.reason(), "invalid_argument") << r.out;
  write_text(bundle, text);
  r = run({"verify", bundle.string(), "--anchor", other_anchor.string(), "--json", "--now", now_arg()});
  EXPECT_EQ(r.reason(), "suite_mismatch") << "premise: " << r.out;
  const fs::path bom_anchor = dir_ / "bom-anchor.json";
  write_text(bom_anchor, bom + read_text(anchor));
  r = run({"verify", bundle.string(), "--anchor", bom_anchor.string(), "--json", "--now", now_arg()});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.reason(), "unusable_input") << r.out;
}

// Regression: a bundle over 1 MiB exited 2 (unusable_input) while PROTOCOL 7
// calls every bundle that breaks section 4.1 invalid (exit 1).
TEST_F(CliTest, OversizeBundleIsInvalidNotUnusable) {
  const fs::path big = dir_ / "big.json";
  write_text(big, std::string(1024 * 1024 + 1, ' '));
  CliRun r = run({"verify", big.string(), "--anchor", (demo("sm2-sm3") / "anchor.json").string(), "--json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.reason(), "invalid_argument") << r.out;
}

TEST_F(CliTest, UsageErrorsExitWith2) {
  EXPECT_EQ(run({}).exit_code, 2);
  EXPECT_EQ(run({"verify"}).exit_code, 2);
  EXPECT_EQ(run({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(run({"verify", a_valid_bundle("sm2-sm3").string(), "--now", "yesterday"}).exit_code, 2);
  EXPECT_EQ(run({"verify", a_valid_bundle("sm2-sm3").string(), "--bogus-flag"}).exit_code, 2);
  EXPECT_EQ(run({"make-demo", (dir_ / "rsa").string(), "--suite", "rsa"}, sim_path()).exit_code, 2);
  EXPECT_FALSE(fs::exists(dir_ / "rsa"));
  EXPECT_EQ(run({"--help"}).exit_code, 0);
}

// The kiosk's own program cannot forge: make-demo (which writes forged
// bundles) is chainslip-sim's, and none of the forging code is linked in.
TEST_F(CliTest, TheKiosksProgramHasNoForgingCode) {
  CliRun r = run({"make-demo", (dir_ / "not-here").string()});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "not-here"));
  const std::string binary = read_text(cli_path());
  ASSERT_GT(binary.size(), 100000u);
  // A name only sim/chain/forgery.cpp writes; chainslip-sim has it.
  EXPECT_EQ(binary.find("forged-validator-signature"), std::string::npos);
  EXPECT_NE(read_text(sim_path()).find("forged-validator-signature"), std::string::npos);
}

TEST_F(CliTest, NowBeforeTheHeaderBeyondTheSkewIsHeaderFromFuture) {
  for (const char* suite : kSuites) {
    const fs::path bundle = a_valid_bundle(suite);
    const std::uint64_t header = header_seconds(bundle);
    ASSERT_GT(header, 0u);
    CliRun early =
        run({"verify", bundle.string(), "--json", "--now", std::to_string(header - kSkewSeconds - 1)});
    EXPECT_EQ(early.exit_code, 1) << early.out << early.err;
    EXPECT_EQ(early.reason(), "header_from_future") << early.out;
    CliRun within =
        run({"verify", bundle.string(), "--json", "--now", std::to_string(header - kSkewSeconds)});
    EXPECT_EQ(within.exit_code, 0) << within.out << within.err;
  }
}

TEST_F(CliTest, MaxAgeMakesOldHeadersStale) {
  for (const char* suite : kSuites) {
    const fs::path bundle = a_valid_bundle(suite);
    const std::uint64_t header = header_seconds(bundle);
    const std::string hour_later = std::to_string(header + 3600);
    CliRun stale = run({"verify", bundle.string(), "--json", "--now", hour_later, "--max-age", "1"});
    EXPECT_EQ(stale.exit_code, 1) << stale.out << stale.err;
    EXPECT_EQ(stale.reason(), "header_stale") << stale.out;
    // Regression: --max-age 0 meant "no limit", so any stale header passed.
    CliRun zero = run({"verify", bundle.string(), "--json", "--now", hour_later, "--max-age", "0"});
    EXPECT_EQ(zero.exit_code, 1) << zero.out << zero.err;
    EXPECT_EQ(zero.reason(), "header_stale") << zero.out;
    CliRun fresh = run({"verify", bundle.string(), "--json", "--now", hour_later, "--max-age", "3600"});
    EXPECT_EQ(fresh.exit_code, 0) << fresh.out << fresh.err;
    // Against the system clock (months after the demo) one second is stale too.
    CliRun clock = run({"verify", bundle.string(), "--json", "--max-age", "1"});
    EXPECT_EQ(clock.reason(), "header_stale") << clock.out;
  }
}

TEST_F(CliTest, PayerIsMaskedUnlessAsked) {
  const fs::path bundle = a_valid_bundle("sm2-sm3");
  Json doc = *parse_strict_json(read_text(bundle));
  const std::string payer = doc["receipt"]["payer"]["name"].get<std::string>();
  const std::string id_number = doc["receipt"]["payer"]["id_number"].get<std::string>();
  ASSERT_GT(payer.size(), 3u);  // a CJK surname and given name
  CliRun masked = run({"verify", bundle.string(), "--json", "--now", now_arg()});
  ASSERT_EQ(masked.exit_code, 0);
  EXPECT_EQ(masked.json()["payer"], payer.substr(0, 3) + "**");
  EXPECT_EQ(masked.out.find(payer), std::string::npos);
  CliRun shown = run({"verify", bundle.string(), "--json", "--show-payer", "--now", now_arg()});
  ASSERT_EQ(shown.exit_code, 0);
  EXPECT_EQ(shown.json()["payer"], payer);
  // The ID number is never printed, not even with --show-payer.
  EXPECT_EQ(masked.out.find(id_number), std::string::npos);
  EXPECT_EQ(shown.out.find(id_number), std::string::npos);
}

// Regression: a file name that is not UTF-8 ended up in the JSON verdict and
// made the JSON writer throw, aborting verify.
TEST_F(CliTest, NonUtf8FileNameStillGivesAJsonVerdict) {
  CliRun r = run({"verify", (dir_ / "\xff\xfe-bundle.json").string(), "--json"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.reason(), "unusable_input");
}


// `chainslip verify` through the chain-engine seam on a FISCO BCOS 3.x demo
// chain (make-demo --engine fisco-bcos), for both chain cryptos: the anchor
// picks the engine, valid bundles verify and say so, each lie fails with the
// reason in its name, and held sealer-list changes stand in for a bundle's.
TEST_F(CliTest, AFiscoBcosDemoVerifiesThroughTheAnchorsEngine) {
  for (const char* crypto : {"--sm", "--keccak"}) {
    SCOPED_TRACE(crypto);
    const fs::path demo_dir = dir_ / (std::string("fisco") + crypto);
    CliRun made = run({"make-demo", demo_dir.string(), "--engine", "fisco-bcos", crypto}, sim_path());
    ASSERT_EQ(made.exit_code, 0) << made.err;
    std::size_t valid = 0;
    for (const auto& entry : fs::directory_iterator(demo_dir / "bundles" / "valid")) {
      CliRun r = run({"verify", entry.path().string(), "--json", "--now", now_arg()});
      EXPECT_EQ(r.exit_code, 0) << entry.path() << "\n" << r.out << r.err;
      EXPECT_EQ(r.json()["engine"], "fisco-bcos-3");
      EXPECT_EQ(r.json()["chain_id"], "chain0");
      CliRun plain = run({"verify", entry.path().string(), "--now", now_arg()});
      EXPECT_NE(plain.out.find("sealer signatures"), std::string::npos) << plain.out;
      EXPECT_NE(plain.out.find(", account 0x"), std::string::npos) << plain.out;
      ++valid;
    }
    EXPECT_EQ(valid, 5u);
    std::set<std::string> reasons;
    for (const auto& entry : fs::directory_iterator(demo_dir / "bundles" / "invalid")) {
      const std::string name = entry.path().filename().string();
      const std::string reason = name.substr(name.find('.') + 1, name.size() - 5 - name.find('.') - 1);
      reasons.insert(reason);
      CliRun r = run({"verify", entry.path().string(), "--json", "--now", now_arg()});
      EXPECT_EQ(r.exit_code, 1) << name << "\n" << r.out << r.err;
      EXPECT_EQ(r.reason(), reason) << name << ": " << r.out;
    }
    EXPECT_EQ(reasons.size(), 6u);

    // The bundle that hides the sealer change verifies once the kiosk holds it.
    const fs::path hidden = demo_dir / "bundles" / "invalid" / "hidden-sealer-change.validator_set_mismatch.json";
    auto later = parse_strict_json(read_text(demo_dir / "bundles" / "valid" / "33010126-0000000003.json"));
    ASSERT_TRUE(later.ok());
    const fs::path known = demo_dir / "known_changes.json";
    {
      std::ofstream out(known);
      out << (*later)["sealer_list_changes"].dump();
    }
    CliRun held = run({"verify", hidden.string(), "--known-changes", known.string(), "--json", "--now", now_arg()});
    EXPECT_EQ(held.exit_code, 0) << held.out << held.err;

    // A chainslip anchor refuses a FISCO bundle, and the other way round.
    CliRun crossed = run({"verify", hidden.string(), "--anchor", (demo("sm2-sm3") / "anchor.json").string(), "--json",
                          "--now", now_arg()});
    EXPECT_EQ(crossed.exit_code, 1);
    EXPECT_EQ(crossed.reason(), "suite_mismatch") << crossed.out;
    CliRun other_way = run({"verify", a_valid_bundle("sm2-sm3").string(), "--anchor",
                            (demo_dir / "anchor.json").string(), "--json", "--now", now_arg()});
    EXPECT_EQ(other_way.exit_code, 1);
    EXPECT_EQ(other_way.reason(), "suite_mismatch") << other_way.out;
  }
}

}  // namespace
}  // namespace chainslip

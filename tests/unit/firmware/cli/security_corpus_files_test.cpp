// The committed security corpus (tests/security/corpus/<suite>/, written by
// `chainslip-sim security-corpus`) through `chainslip verify`'s own code:
// every file gets the reason its manifest names, with and without the
// kiosk's known changes. The files are what an independent verifier is
// checked against (docs/SECURITY.md), so they must stay true.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "core/util/file_io.h"
#include "core/util/strict_json.h"
#include "firmware/cli/verify_command.h"
#include "sim/chain/attack_corpus.h"

namespace chainslip {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpusDir = fs::path(CHAINSLIP_SOURCE_DIR) / "tests" / "security" / "corpus";

Json read_json(const fs::path& path) {
  auto text = read_file(path.string(), kMaxJsonBytes);
  EXPECT_TRUE(text.ok()) << path;
  if (!text.ok()) return Json();
  auto doc = parse_strict_json(*text);
  EXPECT_TRUE(doc.ok()) << path << ": " << doc.error().message;
  return doc.ok() ? *doc : Json();
}

// run_verify's --json verdict: "valid" or the reason.
std::string cli_verdict(const cli::VerifyArgs& args) {
  ::testing::internal::CaptureStdout();
  const int exit_code = cli::run_verify(args);
  const std::string out = ::testing::internal::GetCapturedStdout();
  auto verdict = parse_strict_json(out);
  if (!verdict.ok()) return "unparsable output: " + out;
  const std::string reason = (*verdict)["valid"].get<bool>() ? "valid" : (*verdict)["reason"].get<std::string>();
  const int expected_exit = reason == "valid" ? 0 : 1;
  return exit_code == expected_exit ? reason : reason + " with exit " + std::to_string(exit_code);
}

class SecurityCorpusFilesTest : public ::testing::TestWithParam<std::string> {
 protected:
  fs::path dir() const { return kCorpusDir / GetParam(); }
};

TEST_P(SecurityCorpusFilesTest, EveryFileGetsItsManifestsReasonFromTheCli) {
  const Json manifest = read_json(dir() / "manifest.json");
  ASSERT_TRUE(manifest.is_object());
  ASSERT_EQ(manifest["suite"].get<std::string>(), GetParam());
  ASSERT_GE(manifest["cases"].size(), 40u);
  for (const Json& c : manifest["cases"]) {
    cli::VerifyArgs args;
    args.bundle_path = (dir() / c["file"].get<std::string>()).string();
    args.anchor_path = (dir() / manifest["anchor"].get<std::string>()).string();
    args.json = true;
    args.now_unix = manifest["now"].get<std::uint64_t>();
    EXPECT_EQ(cli_verdict(args), c["expect_stateless"].get<std::string>()) << c["file"] << ": " << c["attack"];
    args.known_changes_path = (dir() / manifest["known_changes"].get<std::string>()).string();
    EXPECT_EQ(cli_verdict(args), c["expect"].get<std::string>()) << c["file"] << " (known changes)";
  }
}

// The files are the generator's output: same cases, same verdicts.
TEST_P(SecurityCorpusFilesTest, MatchesWhatTheGeneratorWritesToday) {
  auto suite = parse_suite(GetParam());
  ASSERT_TRUE(suite.ok());
  auto generated = sim::build_attack_corpus(*suite);
  ASSERT_TRUE(generated.ok()) << generated.error().message;
  std::set<std::string> from_generator;
  for (const auto& c : generated->cases) {
    from_generator.insert(c.category + "/" + c.name + ".json " +
                          (c.expected ? std::string(error_code_name(*c.expected)) : "valid"));
  }
  std::set<std::string> from_files;
  const Json manifest = read_json(dir() / "manifest.json");
  for (const Json& c : manifest["cases"]) {
    from_files.insert(c["file"].get<std::string>() + " " + c["expect"].get<std::string>());
  }
  EXPECT_EQ(from_files, from_generator)
      << "regenerate: chainslip-sim security-corpus tests/security/corpus/" << GetParam() << " --suite "
      << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Suites, SecurityCorpusFilesTest, ::testing::Values("sm2-sm3", "p256-sha256"),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                           return p.param == "sm2-sm3" ? std::string("sm2") : std::string("p256");
                         });

}  // namespace
}  // namespace chainslip

// The security corpus (docs/SECURITY.md): every attack is rejected with its
// own reason, by a verifier that knows only the anchor and by one that holds
// the chain's rotation, in memory and after a round trip through JSON.
#include "sim/chain/attack_corpus.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/bundle/bundle_verifier.h"

namespace chainslip {
namespace {

std::string verdict(const Result<VerifiedReceipt>& r) {
  return r.ok() ? "valid" : std::string(error_code_name(r.code()));
}

std::string expected_name(const std::optional<ErrorCode>& code) {
  return code ? std::string(error_code_name(*code)) : "valid";
}

class AttackCorpusTest : public ::testing::TestWithParam<Suite> {
 protected:
  static void SetUpTestSuite() {
    for (Suite suite : {Suite::kSm2Sm3, Suite::kP256Sha256}) {
      auto corpus = sim::build_attack_corpus(suite);
      ASSERT_TRUE(corpus.ok()) << corpus.error().message;
      corpora_.emplace(suite, std::move(corpus).value());
    }
  }
  static void TearDownTestSuite() { corpora_.clear(); }

  const sim::AttackCorpus& corpus() const { return corpora_.at(GetParam()); }
  HeaderCheckOptions options() const {
    HeaderCheckOptions o;
    o.now_ms = corpus().now_ms;
    return o;
  }
  LightClient kiosk() const {
    LightClient client(corpus().anchor);
    for (const auto& change : corpus().known_changes) EXPECT_TRUE(client.apply(change).ok());
    return client;
  }

  static std::map<Suite, sim::AttackCorpus> corpora_;
};
std::map<Suite, sim::AttackCorpus> AttackCorpusTest::corpora_;

TEST_P(AttackCorpusTest, EveryCaseGetsItsReasonFromAStatelessVerifier) {
  for (const auto& c : corpus().cases) {
    EXPECT_EQ(verdict(verify_bundle(c.bundle, corpus().anchor, options())),
              expected_name(c.expected_stateless))
        << c.name << ": " << c.what;
  }
}

TEST_P(AttackCorpusTest, EveryCaseGetsItsReasonFromAVerifierThatKeptTheRotation) {
  const LightClient known = kiosk();
  for (const auto& c : corpus().cases) {
    EXPECT_EQ(verdict(verify_bundle(c.bundle, known, options())), expected_name(c.expected))
        << c.name << ": " << c.what;
  }
}

TEST_P(AttackCorpusTest, VerdictsSurviveTheBundlesJson) {
  const LightClient known = kiosk();
  for (const auto& c : corpus().cases) {
    // A receipt that breaks a money rule is refused already by the parser,
    // with the same reason the verifier gives it in memory.
    auto parsed = parse_bundle(bundle_to_json(c.bundle).dump());
    const std::string got = parsed.ok() ? verdict(verify_bundle(*parsed, known, options()))
                                        : verdict(Result<VerifiedReceipt>(parsed.error()));
    EXPECT_EQ(got, expected_name(c.expected)) << c.name;
  }
}

TEST_P(AttackCorpusTest, CoversEveryAttackClassWithUniqueNames) {
  std::set<std::string> names;
  std::map<std::string, int> per_category;
  int attacks_only_history_catches = 0;
  for (const auto& c : corpus().cases) {
    EXPECT_TRUE(names.insert(c.name).second) << "duplicate " << c.name;
    ++per_category[c.category];
    if (c.expected && !c.expected_stateless) ++attacks_only_history_catches;
    // A case whose two verdicts differ is about the retired set or a left-out rotation.
    if (c.expected != c.expected_stateless) {
      EXPECT_TRUE(c.category == "forked-header" || c.category == "validator-set-change") << c.name;
    }
  }
  for (const char* category : {"valid", "forged-receipt", "tampered-proof", "forged-header", "forked-header",
                               "validator-set-change", "cross-chain"}) {
    EXPECT_GE(per_category[category], category == std::string("valid") ? 2 : 3) << category;
  }
  EXPECT_EQ(attacks_only_history_catches, 2);  // the retired set's fork and rotation
}

// The kiosk learns the rotation from a genuine bundle, then refuses the
// retired set's block that hides it (the stateless check would not).
TEST_P(AttackCorpusTest, AKioskLearnsARotationFromTheBundlesItAccepts) {
  LightClient client(corpus().anchor);
  const sim::AttackCase* genuine = nullptr;
  const sim::AttackCase* hiding = nullptr;
  for (const auto& c : corpus().cases) {
    if (c.name == "valid-after-rotation") genuine = &c;
    if (c.name == "retired-set-fork-hiding-rotation") hiding = &c;
  }
  ASSERT_NE(genuine, nullptr);
  ASSERT_NE(hiding, nullptr);
  EXPECT_EQ(verdict(verify_bundle(hiding->bundle, client, options())), "valid");
  for (const auto& change : genuine->bundle.validator_set_changes) ASSERT_TRUE(client.accept(change).ok());
  EXPECT_EQ(client.changes().size(), 1u);
  EXPECT_EQ(verdict(verify_bundle(hiding->bundle, client, options())), "validator_set_mismatch");
  // Accepting the same change again is a no-op; a different one at its height is refused.
  ASSERT_TRUE(client.accept(genuine->bundle.validator_set_changes.front()).ok());
  EXPECT_EQ(client.changes().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Suites, AttackCorpusTest, ::testing::Values(Suite::kSm2Sm3, Suite::kP256Sha256),
                         [](const ::testing::TestParamInfo<Suite>& p) {
                           return p.param == Suite::kSm2Sm3 ? "sm2" : "p256";
                         });

}  // namespace
}  // namespace chainslip

#include "firmware/kiosk/receipt_lookup.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/crypto/hasher.h"
#include "tests/support/kiosk_test_chain.h"
#include "sim/node/lies.h"

namespace chainslip {
namespace {

using test::TestChain;

class ReceiptLookupTest : public ::testing::Test {
 protected:
  // Runs a lookup to its answer, servicing the node client as the loop would (bounded).
  LookupAnswer run(const std::string& scanned) {
    std::optional<LookupAnswer> answer;
    chain_.lookup().lookup(scanned, [&answer](LookupAnswer a) { answer.emplace(std::move(a)); });
    for (int i = 0; i < 10 && !answer; ++i) chain_.client().process_events();
    EXPECT_TRUE(answer.has_value()) << "no answer";
    if (!answer) return Rejection{};
    return std::move(*answer);
  }
  static const VerifiedLookup& verified(const LookupAnswer& a) {
    static const VerifiedLookup kNone;
    if (const auto* v = std::get_if<VerifiedLookup>(&a)) return *v;
    ADD_FAILURE() << "rejected: " << std::get<Rejection>(a).log_line;
    return kNone;
  }
  static Rejection rejected(const LookupAnswer& a) {
    if (const auto* r = std::get_if<Rejection>(&a)) return *r;
    ADD_FAILURE() << "verified, expected a rejection";
    return {};
  }
  std::uint64_t cached_count() {
    auto n = chain_.store().count();
    EXPECT_TRUE(n.ok());
    return n.ok() ? *n : 0;
  }

  TestChain chain_;
};

TEST_F(ReceiptLookupTest, MissIsFetchedVerifiedAndCached) {
  const LookupAnswer a = run(chain_.scanned());
  const VerifiedLookup& v = verified(a);
  const Receipt expected = chain_.receipt();
  EXPECT_EQ(v.receipt, expected);
  EXPECT_EQ(v.receipt_hash, hash(Suite::kP256Sha256, canonical_receipt_bytes(expected)));
  EXPECT_EQ(v.header_height, 1u);
  auto header = chain_.node().header(1);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(v.header_hash, header_hash(Suite::kP256Sha256, *header));
  EXPECT_FALSE(v.from_cache);
  EXPECT_TRUE(v.node_reachable);
  EXPECT_EQ(cached_count(), 1u);
}

TEST_F(ReceiptLookupTest, HitIsServedFromTheCacheWithoutAskingTheNodeForIt) {
  (void)verified(run(chain_.scanned()));
  // Were the node asked again, its lie would be caught and the lookup rejected.
  chain_.client().set_lie(sim::Lie::kTamperedReceipt);
  const LookupAnswer a = run(chain_.scanned());
  const VerifiedLookup& v = verified(a);
  EXPECT_TRUE(v.from_cache);
  EXPECT_TRUE(v.node_reachable);
  EXPECT_EQ(v.receipt, chain_.receipt());
  EXPECT_EQ(v.header_height, 1u);
}

TEST_F(ReceiptLookupTest, NodeDownWithACacheHitIsVerifiedFromTheCacheAndSaysTheNodeIsDown) {
  (void)verified(run(chain_.scanned()));
  chain_.client().fail_next(5);
  const LookupAnswer a = run(chain_.scanned());
  const VerifiedLookup& v = verified(a);
  EXPECT_TRUE(v.from_cache);
  EXPECT_FALSE(v.node_reachable);
}

TEST_F(ReceiptLookupTest, NodeDownWithoutTheReceiptCachedIsNodeUnavailable) {
  chain_.client().fail_next(5);
  const Rejection r = rejected(run(chain_.scanned()));
  EXPECT_EQ(r.kind, RejectionKind::kNodeUnavailable);
  EXPECT_EQ(r.code, "node_unavailable");
  EXPECT_NE(r.log_line.find("cause=unavailable"), std::string::npos) << r.log_line;
  EXPECT_EQ(cached_count(), 0u);
}

struct LieCase {
  sim::Lie lie;
  const char* operator_reason;
};

class ReceiptLookupLieTest : public ReceiptLookupTest, public ::testing::WithParamInterface<LieCase> {};

TEST_P(ReceiptLookupLieTest, LyingNodeIsVerificationFailedWithTheSpecificReasonForTheOperator) {
  chain_.client().set_lie(GetParam().lie);
  const Rejection r = rejected(run(chain_.scanned()));
  EXPECT_EQ(r.kind, RejectionKind::kVerificationFailed);
  EXPECT_EQ(r.code, "verification_failed");
  EXPECT_NE(r.log_line.find(std::string("cause=") + GetParam().operator_reason), std::string::npos)
      << r.log_line;
  // The patient is told the class, never the internals.
  EXPECT_EQ(r.text_en.find(GetParam().operator_reason), std::string::npos);
  EXPECT_EQ(cached_count(), 0u) << "a receipt that failed verification was cached";
}

INSTANTIATE_TEST_SUITE_P(EveryLie, ReceiptLookupLieTest,
                         ::testing::Values(LieCase{sim::Lie::kTamperedReceipt, "issuer_signature_invalid"},
                                           LieCase{sim::Lie::kBadProof, "inclusion_proof_invalid"},
                                           LieCase{sim::Lie::kTooFewSignatures, "insufficient_quorum"},
                                           LieCase{sim::Lie::kUnknownValidators, "unknown_validator"},
                                           LieCase{sim::Lie::kWrongChainId, "wrong_chain_id"},
                                           LieCase{sim::Lie::kForkedHeader, "insufficient_quorum"}),
                         [](const ::testing::TestParamInfo<LieCase>& param) {
                           return std::string(sim::lie_name(param.param.lie));
                         });

std::string with_wrong_check_code(const TestChain& chain, ReceiptCode p) {
  p.check_code[0] = p.check_code[0] == 'a' ? 'b' : 'a';
  return chain.url(p);
}

TEST_F(ReceiptLookupTest, WrongCheckCodeIsNotFound) {
  const Rejection r = rejected(run(with_wrong_check_code(chain_, chain_.payload())));
  EXPECT_EQ(r.kind, RejectionKind::kReceiptNotFound);
  EXPECT_EQ(r.code, "receipt_not_found");
}

TEST_F(ReceiptLookupTest, WrongCheckCodeIsNotFoundEvenWhenTheReceiptIsCached) {
  (void)verified(run(chain_.scanned()));
  const Rejection r = rejected(run(with_wrong_check_code(chain_, chain_.payload())));
  EXPECT_EQ(r.kind, RejectionKind::kReceiptNotFound);
}

TEST_F(ReceiptLookupTest, GarbageIsNotAReceiptCodeAnsweredAtOnceWithoutTheNode) {
  for (const std::string& scanned :
       std::vector<std::string>{"https://example.com/", "", "CS1,1,2,3,4,5",
                                "CSP1,33010126,0000000001,abc123,100,20260101", std::string(500, 'x')}) {
    std::optional<LookupAnswer> answer;
    chain_.lookup().lookup(scanned, [&answer](LookupAnswer a) { answer.emplace(std::move(a)); });
    ASSERT_TRUE(answer.has_value()) << scanned;
    const Rejection r = rejected(*answer);
    EXPECT_EQ(r.kind, RejectionKind::kNotAReceiptCode) << scanned;
    EXPECT_EQ(r.code, "not_a_receipt_code");
    EXPECT_FALSE(r.text_zh.empty());
    EXPECT_FALSE(r.text_en.empty());
    EXPECT_EQ(chain_.client().next_timeout(), std::nullopt) << "the node was asked about " << scanned;
  }
}

TEST_F(ReceiptLookupTest, PayloadAmountDifferentFromTheReceiptIsQrMismatch) {
  ReceiptCode p = chain_.payload();
  ASSERT_TRUE(p.amount_fen.has_value());
  *p.amount_fen += 100;
  const Rejection r = rejected(run(chain_.url(p)));
  EXPECT_EQ(r.kind, RejectionKind::kQrMismatch);
  EXPECT_EQ(r.code, "qr_mismatch");
  EXPECT_NE(r.log_line.find("amount"), std::string::npos) << r.log_line;
  EXPECT_EQ(cached_count(), 0u);
}

TEST_F(ReceiptLookupTest, PayloadDateDifferentFromTheReceiptIsQrMismatch) {
  ReceiptCode p = chain_.payload();
  ASSERT_TRUE(p.issue_date.has_value());
  p.issue_date = CalendarDate{p.issue_date->yyyymmdd == 20260102 ? 20260103u : 20260102u};
  const Rejection r = rejected(run(chain_.url(p)));
  EXPECT_EQ(r.kind, RejectionKind::kQrMismatch);
  EXPECT_NE(r.log_line.find("issue date"), std::string::npos) << r.log_line;
}

TEST_F(ReceiptLookupTest, DisplayPageFormIsVerifiedWithoutAmountOrDate) {
  const ReceiptCode shortform = chain_.payload();
  ReceiptCode page = shortform;
  page.form = ReceiptCodeForm::kDisplayPage;
  page.amount_fen.reset();
  page.issue_date.reset();
  page.platform_fields = {{"app_id", "CSSIMAPP01"}, {"security", "0A1B2C3D4E5F"}};
  const std::string url =
      receipt_code_url(page, ReceiptCodePlatform{"http", "www.chinaebill.cn", 0,
                                                 "/eips-wxapp-service/H5FinanceDisplay/showInvoice",
                                                 ReceiptCodeForm::kDisplayPage});
  const VerifiedLookup v = verified(run(url));
  EXPECT_EQ(v.receipt.number, shortform.number);
  EXPECT_EQ(v.scanned.form, ReceiptCodeForm::kDisplayPage);
}

TEST_F(ReceiptLookupTest, ForeignHostAndMalformedCodesHaveTheirOwnReasonsAndNeverReachTheNode) {
  const std::string good = chain_.scanned();
  std::string foreign = good;
  foreign.replace(foreign.find("www.chinaebill.cn"), 17, "www.chinaebill.cn.example.com");
  const std::string duplicated = good + "&t=504";
  std::string cut = good.substr(0, good.find("&s="));
  const std::vector<std::pair<std::string, RejectionKind>> cases = {
      {foreign, RejectionKind::kUnknownPlatform},
      {duplicated, RejectionKind::kMalformedCode},
      {cut, RejectionKind::kMalformedCode},
  };
  for (const auto& [scanned, kind] : cases) {
    std::optional<LookupAnswer> answer;
    chain_.lookup().lookup(scanned, [&answer](LookupAnswer a) { answer.emplace(std::move(a)); });
    ASSERT_TRUE(answer.has_value()) << scanned;
    const Rejection r = rejected(*answer);
    EXPECT_EQ(r.kind, kind) << scanned << ": " << r.log_line;
    EXPECT_EQ(r.code, rejection_kind_name(kind));
    EXPECT_FALSE(r.text_zh.empty());
    EXPECT_EQ(chain_.client().next_timeout(), std::nullopt) << "the node was asked about " << scanned;
  }
}

TEST_F(ReceiptLookupTest, CancelledLookupNeverAnswers) {
  bool answered = false;
  chain_.lookup().lookup(chain_.scanned(), [&answered](LookupAnswer) { answered = true; });
  chain_.lookup().cancel();
  for (int i = 0; i < 5; ++i) chain_.client().process_events();
  EXPECT_FALSE(answered);
}

TEST_F(ReceiptLookupTest, ProbeSaysWhetherTheNodeAnswers) {
  std::optional<bool> up;
  chain_.lookup().probe_node([&up](bool r) { up = r; });
  chain_.client().process_events();
  EXPECT_EQ(up, true);
  chain_.client().fail_next(1);
  chain_.lookup().probe_node([&up](bool r) { up = r; });
  chain_.client().process_events();
  EXPECT_EQ(up, false);
}

}  // namespace
}  // namespace chainslip

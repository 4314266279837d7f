#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/bundle/bundle_verifier.h"
#include "core/chain/light_client.h"
#include "core/crypto/hasher.h"
#include "core/merkle/merkle.h"
#include "core/receipt/receipt_code_match.h"
#include "sim/node/chain_node.h"
#include "sim/node/lies.h"

namespace chainslip {
namespace {

using sim::ChainNode;

constexpr std::uint64_t kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z, the node's genesis
constexpr std::uint64_t kMinute = 60'000;

HeaderCheckOptions at(std::uint64_t now_ms) {
  HeaderCheckOptions o;
  o.now_ms = now_ms;
  return o;
}

// A node with 4 validators, 2 issuers and 8 sealed receipts, and one
// certified kiosk. P-256 keeps the suite-independent rules fast; the
// end-to-end flow runs on both suites.
class ChainNodeTest : public ::testing::TestWithParam<Suite> {
 protected:
  void SetUp() override {
    ChainNode::Options o;
    o.suite = GetParam();
    o.issuer_count = 2;
    auto node = ChainNode::create(o);
    ASSERT_TRUE(node.ok()) << node.error().message;
    node_ = std::move(node).value();
    ASSERT_TRUE(node_->issue_receipts(8, now_).ok());
    seal();
    auto kit = node_->make_device("K1", "浙江省人民医院门诊大厅 1号机", kT0 / 1000 - 86400, kT0 / 1000 + 86400);
    ASSERT_TRUE(kit.ok()) << kit.error().message;
    kit_.emplace(std::move(kit).value());
    for (const auto& p : node_->sample_codes(8)) ids_.emplace_back(p.code, p.number);
    ASSERT_EQ(ids_.size(), 8u);
  }

  std::uint64_t seal() {
    now_ += kMinute;
    auto r = node_->seal_block(now_);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->height : 0;
  }

  Receipt receipt(std::size_t i) const {
    auto r = node_->receipt(ids_[i].first, ids_[i].second);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : Receipt{};
  }

  Transaction convert(std::size_t i, const std::string& paper_number, std::uint64_t nonce,
                      const DeviceIdentity* kit = nullptr) {
    const DeviceIdentity& k = kit ? *kit : *kit_;
    auto tx = make_convert_tx(node_->chain_id(), receipt(i), {"12345678", paper_number}, "refund", "王芳",
                              now_ / 1000, nonce, k.certificate, k.key);
    EXPECT_TRUE(tx.ok()) << tx.error().message;
    return *tx;
  }

  Transaction void_tx(std::size_t i, const std::string& paper_number, std::uint64_t nonce) {
    auto tx = make_void_tx(node_->chain_id(), ids_[i].first, ids_[i].second, {"12345678", paper_number},
                           "printer-jam", "王芳", now_ / 1000, nonce, kit_->certificate, kit_->key);
    EXPECT_TRUE(tx.ok()) << tx.error().message;
    return *tx;
  }

  // Submits; returns the refusal name or "accepted".
  std::string submit(const Transaction& tx) {
    auto r = node_->submit(tx);
    last_hash_ = r.tx_hash;
    return r.accepted() ? "accepted" : std::string(tx_refusal_name(*r.refusal));
  }

  std::string status(std::size_t i) {
    auto s = node_->receipt_status(ids_[i].first, ids_[i].second);
    EXPECT_TRUE(s.ok());
    return s.ok() ? std::string(receipt_status_name(s->status)) : "";
  }

  std::unique_ptr<ChainNode> node_;
  std::optional<DeviceIdentity> kit_;
  std::vector<std::pair<std::string, std::string>> ids_;
  std::uint64_t now_ = kT0 + 10 * kMinute;
  Digest last_hash_{};
};

std::string suite_param_name(const ::testing::TestParamInfo<Suite>& info) {
  return info.param == Suite::kSm2Sm3 ? "Sm2Sm3" : "P256Sha256";
}

INSTANTIATE_TEST_SUITE_P(Suites, ChainNodeTest, ::testing::Values(Suite::kSm2Sm3, Suite::kP256Sha256),
                         suite_param_name);

class ChainNodeRulesTest : public ChainNodeTest {};
INSTANTIATE_TEST_SUITE_P(P256, ChainNodeRulesTest, ::testing::Values(Suite::kP256Sha256), suite_param_name);

TEST_P(ChainNodeTest, ConvertIsIncludedAndProvableToTheAnchor) {
  const Transaction tx = convert(0, "0000000042", 1);
  ASSERT_EQ(submit(tx), "accepted");
  const Digest h = last_hash_;
  EXPECT_EQ(h, transaction_hash(GetParam(), tx));
  auto pending = node_->transaction(h);
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->state, TxLookupState::kPending);

  const std::uint64_t height = seal();
  ASSERT_EQ(height, 2u);
  auto rec = node_->transaction(h);
  ASSERT_TRUE(rec.ok());
  ASSERT_EQ(rec->state, TxLookupState::kIncluded);
  EXPECT_EQ(rec->height, height);

  // What a kiosk does: the header verifies against its trust anchor, and its
  // own transaction bytes are in the header's tx_root.
  LightClient client(node_->anchor());
  for (const auto& c : node_->validator_set_changes()) ASSERT_TRUE(client.apply(c).ok());
  auto verified = client.verify_header(rec->header, at(now_));
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(rec->proof.tree_size, rec->header.tx_count);
  EXPECT_TRUE(verify_inclusion(GetParam(), rec->proof.leaf_index, rec->proof.tree_size,
                               merkle_leaf_hash(GetParam(), transaction_bytes(tx)), rec->proof.path,
                               rec->header.tx_root)
                  .ok());
  // A different transaction is not provable with that proof.
  const Transaction other = convert(0, "0000000043", 2);
  EXPECT_FALSE(verify_inclusion(GetParam(), rec->proof.leaf_index, rec->proof.tree_size,
                                merkle_leaf_hash(GetParam(), transaction_bytes(other)), rec->proof.path,
                                rec->header.tx_root)
                   .ok());

  auto s = node_->receipt_status(ids_[0].first, ids_[0].second);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->status, ReceiptStatus::kConverted);
  ASSERT_TRUE(s->paper.has_value());
  EXPECT_EQ(s->paper->paper_number, "0000000042");
  EXPECT_EQ(s->paper->device_id, "K1");
  ASSERT_EQ(s->history.size(), 2u);
  EXPECT_EQ(s->history[0].type, TxType::kIssue);
  EXPECT_EQ(s->history[0].height, 1u);
  EXPECT_EQ(s->history[1].type, TxType::kConvert);
  EXPECT_EQ(s->history[1].tx_hash, h);
}

TEST_P(ChainNodeTest, EveryBundleVerifiesAndCheckCodeGuards) {
  ASSERT_TRUE(node_->rotate_validators(5).ok());
  ASSERT_TRUE(node_->issue_receipts(3, now_).ok());
  seal();
  for (const auto& p : node_->sample_codes(11)) {
    auto b = node_->bundle(p.code, p.number, p.check_code);
    ASSERT_TRUE(b.ok()) << b.error().message;
    auto v = verify_bundle(*b, node_->anchor(), at(now_));
    ASSERT_TRUE(v.ok()) << p.code << "-" << p.number << ": " << v.error().message;
    EXPECT_TRUE(check_receipt_code_matches(p, b->receipt).ok());
    std::string wrong = p.check_code;
    wrong[0] = wrong[0] == 'z' ? 'y' : 'z';
    EXPECT_EQ(node_->bundle(p.code, p.number, wrong).code(), ErrorCode::kNotFound);
  }
  EXPECT_EQ(node_->bundle("33010126", "9999999999").code(), ErrorCode::kNotFound);
  EXPECT_EQ(node_->bundle("99999999", "0000000001").code(), ErrorCode::kNotFound);
  // The second block's bundles carry the validator-set change.
  auto latest = node_->latest_header();
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->signatures.size(), 5u);
}

TEST_P(ChainNodeRulesTest, SecondConvertIsRefused) {
  ASSERT_EQ(submit(convert(0, "0000000042", 1)), "accepted");
  seal();
  EXPECT_EQ(submit(convert(0, "0000000043", 2)), "already_converted");
}

TEST_P(ChainNodeRulesTest, VoidThenReconvertIsAcceptedAndRecorded) {
  ASSERT_EQ(submit(convert(0, "0000000042", 1)), "accepted");
  seal();
  ASSERT_EQ(submit(void_tx(0, "0000000042", 2)), "accepted");
  seal();
  EXPECT_EQ(status(0), "issued");
  ASSERT_EQ(submit(convert(0, "0000000043", 3)), "accepted");
  seal();
  auto s = node_->receipt_status(ids_[0].first, ids_[0].second);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->status, ReceiptStatus::kConverted);
  EXPECT_EQ(s->paper->paper_number, "0000000043");
  ASSERT_EQ(s->history.size(), 4u);
  EXPECT_EQ(s->history[1].type, TxType::kConvert);
  EXPECT_EQ(s->history[2].type, TxType::kVoid);
  EXPECT_EQ(s->history[3].type, TxType::kConvert);
  EXPECT_LT(s->history[1].height, s->history[2].height);
  EXPECT_LT(s->history[2].height, s->history[3].height);
}

TEST_P(ChainNodeRulesTest, VoidOfAPaperThatIsNotActiveIsRefused) {
  EXPECT_EQ(submit(void_tx(0, "0000000042", 1)), "not_active_paper");  // never converted
  ASSERT_EQ(submit(convert(0, "0000000042", 2)), "accepted");
  seal();
  EXPECT_EQ(submit(void_tx(0, "0000000099", 3)), "not_active_paper");  // another paper
  ASSERT_EQ(submit(void_tx(0, "0000000042", 4)), "accepted");
  seal();
  EXPECT_EQ(submit(void_tx(0, "0000000042", 5)), "not_active_paper");  // already voided
}

TEST_P(ChainNodeRulesTest, PostedOrReversedReceiptsAreNeverConverted) {
  ASSERT_TRUE(node_->post(ids_[0].first, ids_[0].second, now_).accepted());
  ASSERT_TRUE(node_->reverse(ids_[1].first, ids_[1].second, "开票信息有误", now_).accepted());
  seal();
  EXPECT_EQ(status(0), "posted");
  EXPECT_EQ(status(1), "reversed");
  EXPECT_EQ(submit(convert(0, "0000000042", 1)), "receipt_posted");
  EXPECT_EQ(submit(convert(1, "0000000042", 2)), "receipt_reversed");
  EXPECT_EQ(node_->reverse(ids_[0].first, ids_[0].second, "冲红", now_).refusal, TxRefusal::kReceiptPosted);
  EXPECT_EQ(node_->post(ids_[1].first, ids_[1].second, now_).refusal, TxRefusal::kReceiptReversed);
}

TEST_P(ChainNodeRulesTest, PostOrReverseWhileAPaperIsActiveIsRefused) {
  ASSERT_EQ(submit(convert(0, "0000000042", 1)), "accepted");
  seal();
  EXPECT_EQ(node_->post(ids_[0].first, ids_[0].second, now_).refusal, TxRefusal::kPaperActive);
  EXPECT_EQ(node_->reverse(ids_[0].first, ids_[0].second, "冲红", now_).refusal, TxRefusal::kPaperActive);
  ASSERT_EQ(submit(void_tx(0, "0000000042", 2)), "accepted");
  seal();
  EXPECT_TRUE(node_->reverse(ids_[0].first, ids_[0].second, "冲红", now_).accepted());
}

TEST_P(ChainNodeRulesTest, ReplayedBytesAreRefusedPendingAndIncluded) {
  const Transaction tx = convert(0, "0000000042", 1);
  ASSERT_EQ(submit(tx), "accepted");
  EXPECT_EQ(submit(tx), "replayed");
  seal();
  EXPECT_EQ(submit(tx), "replayed");
  const Transaction post = *make_post_tx(node_->chain_id(), ids_[2].first, ids_[2].second, now_ / 1000, "p",
                                         node_->authority_key());
  ASSERT_EQ(submit(post), "accepted");
  EXPECT_EQ(submit(post), "replayed");
}

TEST_P(ChainNodeRulesTest, DeviceNonceReuseIsRefused) {
  ASSERT_EQ(submit(convert(0, "0000000042", 7)), "accepted");
  EXPECT_EQ(submit(convert(1, "0000000043", 7)), "replayed");  // pending
  seal();
  EXPECT_EQ(submit(convert(2, "0000000044", 7)), "replayed");  // included
  EXPECT_EQ(submit(void_tx(0, "0000000042", 7)), "replayed");
  // Another kiosk may use the same number.
  auto k2 = node_->make_device("K2", "门诊二楼", kT0 / 1000 - 86400, kT0 / 1000 + 86400);
  ASSERT_TRUE(k2.ok());
  EXPECT_EQ(submit(convert(1, "0000000043", 7, &*k2)), "accepted");
}

TEST_P(ChainNodeRulesTest, DeviceActivityIsTheHighestNonceAndTheLastIncludedPaper) {
  const std::string id = kit_->certificate.device_id;
  DeviceActivity never = node_->device_activity(id);
  EXPECT_EQ(never.device_id, id);
  EXPECT_FALSE(never.last_nonce.has_value());
  EXPECT_FALSE(never.last_paper.has_value());

  ASSERT_EQ(submit(convert(0, "0000000042", 5)), "accepted");
  DeviceActivity pending = node_->device_activity(id);
  EXPECT_EQ(pending.last_nonce, 5u);             // a pending nonce counts...
  EXPECT_FALSE(pending.last_paper.has_value());  // ...a pending paper does not
  seal();
  ASSERT_EQ(submit(convert(1, "0000000043", 3)), "accepted");  // a lower nonce, later
  ASSERT_EQ(submit(void_tx(0, "0000000042", 9)), "accepted");
  seal();
  DeviceActivity after = node_->device_activity(id);
  EXPECT_EQ(after.last_nonce, 9u);  // the void's
  ASSERT_TRUE(after.last_paper.has_value());
  EXPECT_EQ(after.last_paper->paper_code, "12345678");
  EXPECT_EQ(after.last_paper->paper_number, "0000000042");  // the convert of the highest nonce, voided or not
  // Refused transactions leave no trace; other kiosks are not this one.
  EXPECT_EQ(submit(convert(2, "0000000044", 9)), "replayed");
  EXPECT_EQ(node_->device_activity(id).last_nonce, 9u);
  EXPECT_FALSE(node_->device_activity("K2").last_nonce.has_value());
}

TEST_P(ChainNodeRulesTest, CrossChainTransactionIsRefused) {
  auto tx = make_convert_tx("another-chain", receipt(0), {"12345678", "0000000042"}, "refund", "op", now_ / 1000, 1,
                            kit_->certificate, kit_->key);
  ASSERT_TRUE(tx.ok());
  EXPECT_EQ(submit(*tx), "wrong_chain_id");
}

TEST_P(ChainNodeRulesTest, SignatureAndCertificateFailuresAreRefused) {
  Transaction tampered = convert(0, "0000000042", 1);
  tampered.operator_name = "李四";  // changed after signing
  EXPECT_EQ(submit(tampered), "signature_invalid");

  // A kiosk certified by someone other than the finance authority.
  auto rogue_authority = PrivateKey::generate(GetParam());
  auto rogue_key = PrivateKey::generate(GetParam());
  ASSERT_TRUE(rogue_authority.ok() && rogue_key.ok());
  DeviceCertificate c = kit_->certificate;
  c.serial = "DEV-ROGUE";
  auto rogue_cert = certify_device(c, rogue_key->public_key(), *rogue_authority);
  ASSERT_TRUE(rogue_cert.ok());
  DeviceIdentity rogue{*rogue_cert, *rogue_key};
  EXPECT_EQ(submit(convert(0, "0000000042", 2, &rogue)), "certificate_invalid");

  // An expired certificate (valid until yesterday).
  auto expired = node_->make_device("K9", "门诊大厅", now_ / 1000 - 10 * 86400, now_ / 1000 - 86400);
  ASSERT_TRUE(expired.ok());
  EXPECT_EQ(submit(convert(0, "0000000042", 3, &*expired)), "certificate_invalid");

  // A post not signed by the authority; a reverse not by the receipt's issuer.
  auto post = make_post_tx(node_->chain_id(), ids_[0].first, ids_[0].second, now_ / 1000, "p", kit_->key);
  ASSERT_TRUE(post.ok());
  EXPECT_EQ(submit(*post), "signature_invalid");
  const auto issuers = node_->issuers();
  const std::size_t other = issuers[0].code == ids_[0].first ? 1 : 0;
  auto rev = make_reverse_tx(node_->chain_id(), ids_[0].first, ids_[0].second, now_ / 1000, "冲红",
                             issuers[other].certificate, node_->issuer_key(other));
  ASSERT_TRUE(rev.ok());
  EXPECT_EQ(submit(*rev), "certificate_invalid");
  EXPECT_EQ(status(0), "issued");
}

TEST_P(ChainNodeRulesTest, ReceiptHashMismatchAndUnknownReceiptAreRefused) {
  Receipt other = receipt(1);
  other.code = ids_[0].first;
  other.number = ids_[0].second;  // names receipt 0, hashes something else
  auto tx = make_convert_tx(node_->chain_id(), other, {"12345678", "0000000042"}, "refund", "op", now_ / 1000, 1,
                            kit_->certificate, kit_->key);
  ASSERT_TRUE(tx.ok());
  EXPECT_EQ(submit(*tx), "receipt_hash_mismatch");
  Receipt unknown = receipt(0);
  unknown.number = "0000099999";
  auto tx2 = make_convert_tx(node_->chain_id(), unknown, {"12345678", "0000000042"}, "refund", "op", now_ / 1000, 2,
                             kit_->certificate, kit_->key);
  ASSERT_TRUE(tx2.ok());
  EXPECT_EQ(submit(*tx2), "unknown_receipt");
  Transaction bad = convert(0, "0000000042", 3);
  bad.paper_code = "1";
  EXPECT_EQ(submit(bad), "malformed");
}

TEST_P(ChainNodeRulesTest, ATransactionValidAtSubmitCanBeRefusedAtSealing) {
  auto k2 = node_->make_device("K2", "门诊二楼", kT0 / 1000 - 86400, kT0 / 1000 + 86400);
  ASSERT_TRUE(k2.ok());
  ASSERT_EQ(submit(convert(0, "0000000042", 1)), "accepted");
  const Digest first = last_hash_;
  ASSERT_EQ(submit(convert(0, "0000000077", 1, &*k2)), "accepted");  // both valid against the chain
  const Digest second = last_hash_;
  now_ += kMinute;
  auto report = node_->seal_block(now_);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->tx_count, 1u);
  ASSERT_EQ(report->refused.size(), 1u);
  EXPECT_EQ(report->refused[0].first, second);
  EXPECT_EQ(report->refused[0].second.reason, TxRefusal::kAlreadyConverted);
  EXPECT_EQ(node_->transaction(first)->state, TxLookupState::kIncluded);
  auto refused = node_->transaction(second);
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->state, TxLookupState::kRefused);
  EXPECT_EQ(refused->refusal, TxRefusal::kAlreadyConverted);
  auto s = node_->receipt_status(ids_[0].first, ids_[0].second);
  EXPECT_EQ(s->paper->paper_number, "0000000042");
  EXPECT_EQ(s->history.size(), 2u);
}

TEST_P(ChainNodeRulesTest, NothingPendingSealsNoBlock) {
  const std::uint64_t h = node_->height();
  auto r = node_->seal_block(now_ + kMinute);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->height, 0u);
  EXPECT_EQ(node_->height(), h);
}

TEST_P(ChainNodeRulesTest, ReceiptsAreRegeneratedDeterministically) {
  auto a = node_->receipt(ids_[3].first, ids_[3].second);
  auto b = node_->bundle(ids_[3].first, ids_[3].second);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, b->receipt);
  EXPECT_TRUE(validate_receipt(*a).ok());
}

// Every lie the node can tell is caught by the kiosk's verifier, with its reason.
TEST_P(ChainNodeRulesTest, EveryLieIsRejectedWithItsReason) {
  ASSERT_TRUE(node_->rotate_validators(4).ok());
  ASSERT_TRUE(node_->issue_receipts(1, now_).ok());  // a one-transaction block: empty audit path
  seal();
  const struct {
    sim::Lie lie;
    ErrorCode bundle_reason;
    std::optional<ErrorCode> header_reason;
  } cases[] = {
      {sim::Lie::kTamperedReceipt, ErrorCode::kIssuerSignatureInvalid, std::nullopt},
      {sim::Lie::kBadProof, ErrorCode::kInclusionProofInvalid, std::nullopt},
      {sim::Lie::kTooFewSignatures, ErrorCode::kInsufficientQuorum, ErrorCode::kInsufficientQuorum},
      {sim::Lie::kUnknownValidators, ErrorCode::kUnknownValidator, ErrorCode::kUnknownValidator},
      {sim::Lie::kWrongChainId, ErrorCode::kWrongChainId, ErrorCode::kWrongChainId},
      {sim::Lie::kForkedHeader, ErrorCode::kInsufficientQuorum, ErrorCode::kInsufficientQuorum},
  };
  LightClient client(node_->anchor());
  for (const auto& c : node_->validator_set_changes()) ASSERT_TRUE(client.apply(c).ok());
  for (const auto& p : node_->sample_codes(20)) {
    auto b = node_->bundle(p.code, p.number);
    ASSERT_TRUE(b.ok());
    for (const auto& c : cases) {
      auto lying = sim::lie_about_bundle(*node_, c.lie, *b);
      ASSERT_TRUE(lying.ok());
      auto v = verify_bundle(*lying, node_->anchor(), at(now_));
      ASSERT_FALSE(v.ok()) << sim::lie_name(c.lie);
      EXPECT_EQ(v.code(), c.bundle_reason) << sim::lie_name(c.lie) << ": " << v.error().message;
      auto h = sim::lie_about_header(*node_, c.lie, b->header);
      ASSERT_TRUE(h.ok());
      auto hv = client.verify_header(*h, at(now_));
      if (c.header_reason) {
        EXPECT_EQ(hv.code(), *c.header_reason) << sim::lie_name(c.lie);
      } else {
        EXPECT_TRUE(hv.ok()) << sim::lie_name(c.lie);  // these lies are about receipts and proofs only
      }
    }
  }
  // The forked header claims an existing height with another tx_root.
  auto real = node_->header(2);
  auto forked = sim::lie_about_header(*node_, sim::Lie::kForkedHeader, *real);
  ASSERT_TRUE(real.ok() && forked.ok());
  EXPECT_EQ(forked->height, real->height);
  EXPECT_NE(forked->tx_root, real->tx_root);
  EXPECT_EQ(forked->signatures.size(), 1u);  // floor((4 - 1) / 3)
}

}  // namespace
}  // namespace chainslip

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/chain/light_client.h"
#include "core/node/node_api.h"
#include "sim/node/chain_node.h"
#include "sim/node/node_answers.h"

namespace chainslip {
namespace {

using sim::ChainNode;

constexpr std::uint64_t kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
const std::string kHash(64, 'a');

// -- shapes -------------------------------------------------------------------

TEST(NodeApiTest, InfoIsReadStrictly) {
  auto info = parse_info(R"({"chain_id": "c1", "suite": "sm2-sm3", "height": 7})");
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->chain_id, "c1");
  EXPECT_EQ(info->suite, Suite::kSm2Sm3);
  EXPECT_EQ(info->height, 7u);
  for (const char* bad :
       {R"({"chain_id": "c1", "suite": "sm2-sm3", "height": 7, "extra": 1})",        // unknown field
        R"({"chain_id": "c1", "suite": "sm2-sm3"})",                                 // missing field
        R"({"chain_id": "c1", "suite": "sm2-sm3", "height": "7"})",                  // wrong type
        R"({"chain_id": "c1", "suite": "sm2-sm3", "height": -1})",                   // negative
        R"({"chain_id": "c1", "suite": "rsa", "height": 7})",                        // unknown suite
        R"({"chain_id": "c1", "chain_id": "c2", "suite": "sm2-sm3", "height": 7})",  // duplicate key
        R"([1, 2])", "not json", ""}) {
    auto r = parse_info(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.code(), ErrorCode::kInvalidArgument) << bad;
    EXPECT_NE(r.error().message.find("GET /v1/info"), std::string::npos) << r.error().message;
  }
}

// PROTOCOL 4.1 and 2.4 in a node's answer: no byte order mark, integers
// 0..2^63-1, a chain id of 1-64 of A-Z a-z 0-9 - _ .
TEST(NodeApiTest, AnswersFollowTheJsonIntegerAndChainIdRules) {
  const std::string chain64(64, 'c');
  for (const std::string& good :
       {std::string(R"({"chain_id": "c1", "suite": "sm2-sm3", "height": 9223372036854775807})"),
        R"({"chain_id": ")" + chain64 + R"(", "suite": "sm2-sm3", "height": 0})",
        std::string(R"({"chain_id": "Zj_fiscal.2026-A", "suite": "sm2-sm3", "height": 1})")}) {
    auto r = parse_info(good);
    EXPECT_TRUE(r.ok()) << good << ": " << r.error().message;
  }
  for (const std::string& bad :
       {std::string("\xEF\xBB\xBF") + R"({"chain_id": "c1", "suite": "sm2-sm3", "height": 7})",
        std::string(R"({"chain_id": "c1", "suite": "sm2-sm3", "height": 9223372036854775808})"),
        std::string(R"({"chain_id": "c1", "suite": "sm2-sm3", "height": 7.0})"),
        std::string(R"({"chain_id": "c1", "suite": "sm2-sm3", "height": 7e0})"),
        std::string(R"({"chain_id": "c 1", "suite": "sm2-sm3", "height": 7})"),
        std::string(R"({"chain_id": "", "suite": "sm2-sm3", "height": 7})"),
        R"({"chain_id": ")" + chain64 + R"(c", "suite": "sm2-sm3", "height": 7})"}) {
    auto r = parse_info(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.code(), ErrorCode::kInvalidArgument) << bad;
  }
}

TEST(NodeApiTest, OversizeAnswersAreRefusedBeforeParsing) {
  const std::string huge =
      R"({"chain_id": ")" + std::string(kMaxJsonBytes, 'x') + R"(", "suite": "sm2-sm3", "height": 1})";
  auto r = info_from_answer(NodeAnswer{200, huge});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kInvalidArgument);
}

TEST(NodeApiTest, DeeplyNestedAnswersAreRefusedNotDumped) {
  // A wrong-typed field's value is quoted in the error: a lying node's
  // 400 000 nested arrays there overflowed the stack of nlohmann's dump.
  const std::size_t depth = (kMaxJsonBytes - 64) / 2;
  const std::string deep = R"({"chain_id": "c1", "suite": "sm2-sm3", "height": )" + std::string(depth, '[') +
                           std::string(depth, ']') + "}";
  auto r = info_from_answer(NodeAnswer{200, deep});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("nested"), std::string::npos) << r.error().message;
}

TEST(NodeApiTest, ErrorBodiesMapRefusalNames) {
  auto replayed = parse_error_body(R"({"error": "replayed", "message": "seen"})", "POST /v1/transactions");
  ASSERT_TRUE(replayed.ok());
  ASSERT_TRUE(replayed->refusal.has_value());
  EXPECT_EQ(*replayed->refusal, TxRefusal::kReplayed);
  EXPECT_EQ(replayed->message, "seen");
  auto not_found = parse_error_body(R"({"error": "not_found", "message": ""})", "GET /v1/info");
  ASSERT_TRUE(not_found.ok());
  EXPECT_FALSE(not_found->refusal.has_value());
  EXPECT_EQ(not_found->error, "not_found");
  EXPECT_FALSE(parse_error_body(R"({"error": "teapot", "message": ""})", "x").ok());
  EXPECT_FALSE(parse_error_body(R"({"error": "internal"})", "x").ok());
  EXPECT_FALSE(parse_error_body(R"({"error": 5, "message": ""})", "x").ok());
}

TEST(NodeApiTest, SubmitAnswersAcceptedOrRefusedAsValues) {
  auto accepted =
      submit_from_answer(NodeAnswer{202, R"({"tx_hash": ")" + kHash + R"(", "state": "pending"})"});
  ASSERT_TRUE(accepted.ok()) << accepted.error().message;
  EXPECT_TRUE(accepted->accepted());
  EXPECT_EQ(to_hex(accepted->tx_hash), kHash);

  auto refused =
      submit_from_answer(NodeAnswer{409, R"({"error": "already_converted", "message": "paper active"})"});
  ASSERT_TRUE(refused.ok());
  ASSERT_FALSE(refused->accepted());
  EXPECT_EQ(*refused->refusal, TxRefusal::kAlreadyConverted);
  EXPECT_EQ(refused->message, "paper active");
  auto malformed = submit_from_answer(NodeAnswer{400, R"({"error": "malformed", "message": "bad nonce"})"});
  ASSERT_TRUE(malformed.ok());
  EXPECT_EQ(*malformed->refusal, TxRefusal::kMalformed);

  EXPECT_EQ(
      submit_from_answer(NodeAnswer{202, R"({"tx_hash": ")" + kHash + R"(", "state": "included"})"}).code(),
      ErrorCode::kInvalidArgument);
  EXPECT_EQ(submit_from_answer(NodeAnswer{202, R"({"tx_hash": "abcd", "state": "pending"})"}).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(submit_from_answer(NodeAnswer{409, R"({"error": "not_found", "message": ""})"}).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(submit_from_answer(NodeAnswer{500, R"({"error": "internal", "message": "disk"})"}).code(),
            ErrorCode::kUnavailable);
  EXPECT_EQ(submit_from_answer(NodeAnswer{502, "<html>bad gateway</html>"}).code(), ErrorCode::kUnavailable);
}

TEST(NodeApiTest, StatusCodesOutsideTheProtocolAreErrors) {
  auto missing = info_from_answer(NodeAnswer{404, R"({"error": "not_found", "message": "no"})"});
  EXPECT_EQ(missing.code(), ErrorCode::kNotFound);
  // A 404 that is not the node's (a web server at the wrong URL) is not "unknown receipt".
  EXPECT_EQ(bundle_from_answer(NodeAnswer{404, "<html>Not Found</html>"}).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(info_from_answer(NodeAnswer{302, ""}).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(info_from_answer(NodeAnswer{503, ""}).code(), ErrorCode::kUnavailable);
  EXPECT_EQ(tx_lookup_from_answer(NodeAnswer{201, R"({"state": "pending"})"}).code(),
            ErrorCode::kInvalidArgument);
}

TEST(NodeApiTest, TransactionLookupShapes) {
  auto pending = parse_tx_lookup(R"({"state": "pending"})");
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->state, TxLookupState::kPending);
  auto refused = parse_tx_lookup(R"({"state": "refused", "error": "already_converted", "message": "m"})");
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->state, TxLookupState::kRefused);
  EXPECT_EQ(refused->refusal, TxRefusal::kAlreadyConverted);
  for (
      const char* bad :
      {R"({"state": "pending", "height": 3})", R"({"state": "lost"})",
       R"({"state": "refused", "error": "nope", "message": "m"})",
       R"({"state": "refused", "error": "replayed"})",
       R"({"state": "included", "height": 2, "inclusion_proof": {"leaf_index": 0, "tree_size": 1, "path": []}})",
       R"({"state": 1})"}) {
    auto r = parse_tx_lookup(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find("GET /v1/transactions/"), std::string::npos) << r.error().message;
  }
  // A proof against an empty tree (PROTOCOL 2.6) is refused as it is read.
  auto empty_tree = parse_tx_lookup(
      R"({"state": "included", "height": 2, "inclusion_proof": {"leaf_index": 0, "tree_size": 0, "path": []}})");
  ASSERT_FALSE(empty_tree.ok());
  EXPECT_EQ(empty_tree.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(empty_tree.error().message.find("tree_size"), std::string::npos) << empty_tree.error().message;
}

TEST(NodeApiTest, DeviceActivityShapes) {
  auto seen =
      device_activity_from_answer(NodeAnswer{200, R"({"device_id": "K1", "last_nonce": 9223372036854775807,
                          "last_paper": {"paper_code": "12345678", "paper_number": "0000000042"}})"},
                                  "K1");
  ASSERT_TRUE(seen.ok()) << seen.error().message;
  EXPECT_EQ(seen->last_nonce, 9223372036854775807u);
  ASSERT_TRUE(seen->last_paper.has_value());
  EXPECT_EQ(seen->last_paper->paper_code, "12345678");
  EXPECT_EQ(seen->last_paper->paper_number, "0000000042");
  auto never = device_activity_from_answer(
      NodeAnswer{200, R"({"device_id": "K/1?", "last_nonce": null, "last_paper": null})"}, "K/1?");
  ASSERT_TRUE(never.ok()) << never.error().message;
  EXPECT_FALSE(never->last_nonce.has_value());
  EXPECT_FALSE(never->last_paper.has_value());
  for (
      const char* bad :
      {R"({"device_id": "K1", "last_nonce": null})",                                  // missing field
       R"({"device_id": "K1", "last_nonce": null, "last_paper": null, "extra": 1})",  // unknown field
       R"({"device_id": "K1", "last_nonce": -1, "last_paper": null})",                // negative
       R"({"device_id": "K1", "last_nonce": 9223372036854775808, "last_paper": null})",  // over 2^63-1
       R"({"device_id": "K1", "last_nonce": "7", "last_paper": null})",               // quoted
       R"({"device_id": "K1", "last_nonce": 7.0, "last_paper": null})",               // fraction
       R"({"device_id": "K 1", "last_nonce": null, "last_paper": null})",             // a space
       R"({"device_id": "", "last_nonce": null, "last_paper": null})",                // empty
       R"({"device_id": "K1", "last_nonce": 1, "last_paper": {"paper_code": "1234567", "paper_number": "0000000042"}})",
       R"({"device_id": "K1", "last_nonce": 1, "last_paper": {"paper_code": "12345678", "paper_number": "00000000x2"}})",
       R"({"device_id": "K1", "last_nonce": 1, "last_paper": {"paper_code": "12345678"}})",
       R"({"device_id": "K1", "last_nonce": 1, "last_paper": 3})"}) {
    auto r = parse_device_activity(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.code(), ErrorCode::kInvalidArgument) << bad;
    EXPECT_NE(r.error().message.find("GET /v1/devices/"), std::string::npos) << r.error().message;
  }
  // An answer about another device is not an answer about this one.
  EXPECT_EQ(device_activity_from_answer(
                NodeAnswer{200, R"({"device_id": "K2", "last_nonce": 1, "last_paper": null})"}, "K1")
                .code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(device_activity_from_answer(NodeAnswer{503, ""}, "K1").code(), ErrorCode::kUnavailable);
  // A web server without the endpoint is no "device never seen".
  EXPECT_EQ(device_activity_from_answer(NodeAnswer{404, "<html>Not Found</html>"}, "K1").code(),
            ErrorCode::kInvalidArgument);
}

TEST(NodeApiTest, ReceiptStatusAndValidatorSetChangeShapes) {
  auto issued = parse_receipt_status_answer(
      R"({"status": "issued", "paper": null, "history": [{"type": "issue", "tx_hash": ")" + kHash +
      R"(", "height": 1}]})");
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  EXPECT_EQ(issued->status, ReceiptStatus::kIssued);
  EXPECT_FALSE(issued->paper.has_value());
  ASSERT_EQ(issued->history.size(), 1u);
  EXPECT_EQ(issued->history[0].type, TxType::kIssue);
  auto converted = parse_receipt_status_answer(
      R"({"status": "converted", "paper": {"paper_code": "12345678", "paper_number": "0000000042", "device_id": "K1", "time": 5}, "history": []})");
  ASSERT_TRUE(converted.ok()) << converted.error().message;
  EXPECT_EQ(converted->paper->paper_number, "0000000042");
  EXPECT_FALSE(parse_receipt_status_answer(R"({"status": "lost", "paper": null, "history": []})").ok());
  EXPECT_FALSE(parse_receipt_status_answer(R"({"status": "issued", "paper": 3, "history": []})").ok());
  EXPECT_FALSE(parse_receipt_status_answer(R"({"status": "issued", "history": []})").ok());

  auto none = parse_validator_set_changes(Suite::kP256Sha256, "[]");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  EXPECT_FALSE(parse_validator_set_changes(Suite::kP256Sha256, "{}").ok());
  EXPECT_FALSE(parse_validator_set_changes(Suite::kP256Sha256, R"([{"chain_id": "c"}])").ok());
}

// -- verify_tx_inclusion ----------------------------------------------------------

// A chain with a kiosk's conversion sealed in block 2 beside another kiosk's.
class TxInclusionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ChainNode::Options o;
    o.suite = Suite::kP256Sha256;
    auto node = ChainNode::create(o);
    ASSERT_TRUE(node.ok());
    node_ = std::move(node).value();
    ASSERT_TRUE(node_->issue_receipts(4, kT0).ok());
    ASSERT_TRUE(node_->seal_block(kT0).ok());
    auto kit = node_->make_device("K1", "门诊大厅", kT0 / 1000 - 86400, kT0 / 1000 + 86400);
    ASSERT_TRUE(kit.ok());
    const auto payloads = node_->sample_codes(2);
    mine_ = convert(*kit, payloads.at(0), 1);
    other_ = convert(*kit, payloads.at(1), 2);
    ASSERT_TRUE(node_->submit(mine_).accepted());
    ASSERT_TRUE(node_->submit(other_).accepted());
    auto sealed = node_->seal_block(kT0 + 1000);
    ASSERT_TRUE(sealed.ok());
    ASSERT_EQ(sealed->tx_count, 2u);
  }

  Transaction convert(const DeviceIdentity& kit, const ReceiptCode& p, std::uint64_t nonce) const {
    auto receipt = node_->receipt(p.code, p.number);
    EXPECT_TRUE(receipt.ok());
    auto tx = make_convert_tx(node_->chain_id(), *receipt, {"12345678", "000000004" + std::to_string(nonce)},
                              "refund", "王芳", kT0 / 1000, nonce, kit.certificate, kit.key);
    EXPECT_TRUE(tx.ok());
    return *tx;
  }

  // The answer exactly as the node API sends it, read by the client's parser.
  TxLookup lookup(const Transaction& tx, std::optional<sim::Lie> lie = std::nullopt) const {
    auto answer = sim::answer_transaction(*node_, to_hex(transaction_hash(node_->suite(), tx)), lie);
    auto parsed = tx_lookup_from_answer(answer);
    EXPECT_TRUE(parsed.ok()) << parsed.error().message;
    return *parsed;
  }

  Result<VerifiedInclusion> verify(const Transaction& tx, const TxLookup& l) const {
    HeaderCheckOptions options;
    options.now_ms = kT0 + 60'000;
    return verify_tx_inclusion(tx, l, node_->anchor(), node_->validator_set_changes(), options);
  }

  std::unique_ptr<ChainNode> node_;
  Transaction mine_;
  Transaction other_;
};

TEST_F(TxInclusionTest, TheKiosksOwnIncludedTransactionVerifies) {
  const TxLookup l = lookup(mine_);
  ASSERT_EQ(l.state, TxLookupState::kIncluded);
  auto v = verify(mine_, l);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->height, 2u);
  auto header = node_->header(2);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(v->header_hash, header_hash(node_->suite(), *header));
  EXPECT_EQ(v->tx_hash, transaction_hash(node_->suite(), mine_));
}

TEST_F(TxInclusionTest, AProofAtAnotherLeafIndexIsRejected) {
  TxLookup l = lookup(mine_);
  l.proof.leaf_index ^= 1;  // the other leaf of the two-transaction block
  EXPECT_EQ(verify(mine_, l).code(), ErrorCode::kInclusionProofInvalid);
}

TEST_F(TxInclusionTest, AnotherTransactionsProofIsRejected) {
  // The node answers with the proof of the other kiosk's conversion.
  EXPECT_EQ(verify(mine_, lookup(other_)).code(), ErrorCode::kInclusionProofInvalid);
}

TEST_F(TxInclusionTest, ATamperedHeaderIsRejected) {
  TxLookup l = lookup(mine_);
  l.header.tx_root[0] ^= 1;
  EXPECT_EQ(verify(mine_, l).code(), ErrorCode::kHeaderHashMismatch);  // its "hash" field no longer matches
  l.header.claimed_hash.reset();
  EXPECT_EQ(verify(mine_, l).code(),
            ErrorCode::kValidatorSignatureInvalid);  // signatures are over the real one
}

TEST_F(TxInclusionTest, ATreeSizeOtherThanTheHeadersIsRejected) {
  TxLookup l = lookup(mine_);
  l.proof.tree_size += 1;
  EXPECT_EQ(verify(mine_, l).code(), ErrorCode::kInclusionProofInvalid);
}

TEST_F(TxInclusionTest, LyingNodesAreCaughtWithTheirReason) {
  EXPECT_EQ(verify(mine_, lookup(mine_, sim::Lie::kBadProof)).code(), ErrorCode::kInclusionProofInvalid);
  EXPECT_EQ(verify(mine_, lookup(mine_, sim::Lie::kForkedHeader)).code(), ErrorCode::kInsufficientQuorum);
  EXPECT_EQ(verify(mine_, lookup(mine_, sim::Lie::kWrongChainId)).code(), ErrorCode::kWrongChainId);
  EXPECT_EQ(verify(mine_, lookup(mine_, sim::Lie::kUnknownValidators)).code(), ErrorCode::kUnknownValidator);
}

TEST_F(TxInclusionTest, OnlyAnIncludedAnswerAtItsOwnHeightCanVerify) {
  TxLookup pending;
  EXPECT_EQ(verify(mine_, pending).code(), ErrorCode::kFailedPrecondition);
  TxLookup l = lookup(mine_);
  l.height = 1;
  EXPECT_EQ(verify(mine_, l).code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace chainslip

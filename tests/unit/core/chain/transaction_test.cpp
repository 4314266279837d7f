#include <gtest/gtest.h>

#include "tests/support/receipt_fixtures.h"

#include <limits>
#include <string>
#include <vector>

#include "core/chain/device_certificate.h"
#include "core/chain/transaction.h"
#include "core/crypto/hasher.h"

namespace chainslip {
namespace {

constexpr std::uint64_t kNow = 1'767'225'600;  // 2026-01-01T00:00:00Z

Bytes hex_bytes(const std::string& hex) {
  auto b = from_hex(hex);
  EXPECT_TRUE(b.ok()) << hex;
  return b.ok() ? *b : Bytes{};
}

PrivateKey key_of(Suite suite) {
  auto k = PrivateKey::generate(suite);
  EXPECT_TRUE(k.ok());
  return std::move(k).value();
}

DeviceCertificate device_cert(const PrivateKey& authority, const PublicKey& device, std::uint64_t from = kNow - 86400,
                              std::uint64_t to = kNow + 86400) {
  DeviceCertificate c;
  c.serial = "DEV-K1";
  c.device_id = "K1";
  c.place = "浙江省人民医院门诊大厅 1号机";
  c.not_before = from;
  c.not_after = to;
  auto signed_cert = certify_device(c, device, authority);
  EXPECT_TRUE(signed_cert.ok()) << (signed_cert.ok() ? "" : signed_cert.error().message);
  return std::move(signed_cert).value();
}

// One Convert tx with every field fixed; the signature is 64 arbitrary bytes
// (the layout does not depend on it verifying).
Transaction golden_convert() {
  Transaction tx;
  tx.type = TxType::kConvert;
  tx.chain_id = "c1";
  tx.code = "33010126";
  tx.number = "0000000001";
  tx.receipt_hash.fill(0xab);
  tx.paper_code = "12345678";
  tx.paper_number = "0000000042";
  tx.reason = "refund";
  tx.operator_name = "op";
  tx.time = kNow;
  tx.nonce = 7;
  tx.certificate_serial = "DEV-K1";
  Signature::Raw raw;
  for (std::size_t i = 0; i < raw.size(); ++i) raw[i] = static_cast<std::uint8_t>(i + 1);
  tx.signature = Signature::from_raw(raw);
  return tx;
}

TEST(TransactionTest, ConvertCanonicalBytesAreTheDocumentedLayout) {
  // Written out by hand from docs/PROTOCOL.md, not by CanonicalWriter.
  const std::string expected_signed =
      "0000000f" "636861696e736c69702e74782e7631"  // text("chainslip.tx.v1")
      "02"                                          // u8(2) convert
      "00000002" "6331"                             // text("c1")
      "00000008" "3333303130313236"                 // text("33010126")
      "0000000a" "30303030303030303031"             // text("0000000001")
      "abababababababababababababababababababababababababababababababab"  // raw(receipt_hash)
      "00000008" "3132333435363738"                 // text("12345678") paper code
      "0000000a" "30303030303030303432"             // text("0000000042") paper number
      "00000006" "726566756e64"                     // text("refund")
      "00000002" "6f70"                             // text("op")
      "000000006955b900"                            // u64(1767225600)
      "0000000000000007"                            // u64(7) nonce
      "00000006" "4445562d4b31";                    // text("DEV-K1")
  std::string sig_hex;
  for (int i = 1; i <= 64; ++i) {
    static constexpr char kHex[] = "0123456789abcdef";
    sig_hex += kHex[i >> 4];
    sig_hex += kHex[i & 15];
  }
  const Transaction tx = golden_convert();
  EXPECT_EQ(to_hex(transaction_signed_bytes(tx)), expected_signed);
  EXPECT_EQ(to_hex(transaction_bytes(tx)), expected_signed + sig_hex);
  EXPECT_EQ(transaction_hash(Suite::kP256Sha256, tx), hash(Suite::kP256Sha256, hex_bytes(expected_signed + sig_hex)));
}

TEST(TransactionTest, PostVoidReverseLayouts) {
  Transaction post;
  post.type = TxType::kPost;
  post.chain_id = "c1";
  post.code = "33010126";
  post.number = "0000000001";
  post.time = kNow;
  post.poster = "p";
  EXPECT_EQ(to_hex(transaction_signed_bytes(post)),
            "0000000f636861696e736c69702e74782e7631" "04" "000000026331" "000000083333303130313236"
            "0000000a30303030303030303031" "000000006955b900" "0000000170");

  Transaction rev = post;
  rev.type = TxType::kReverse;
  rev.poster.clear();
  rev.reason = "r";
  rev.certificate_serial = "S";
  EXPECT_EQ(to_hex(transaction_signed_bytes(rev)),
            "0000000f636861696e736c69702e74782e7631" "05" "000000026331" "000000083333303130313236"
            "0000000a30303030303030303031" "000000006955b900" "0000000172" "0000000153");

  Transaction v = golden_convert();
  v.type = TxType::kVoid;
  v.reason = "printer-jam";
  EXPECT_EQ(to_hex(transaction_signed_bytes(v)),
            "0000000f636861696e736c69702e74782e7631" "03" "000000026331" "000000083333303130313236"
            "0000000a30303030303030303031" "000000083132333435363738" "0000000a30303030303030303432"
            "0000000b7072696e7465722d6a616d" "000000026f70" "000000006955b900" "0000000000000007"
            "000000064445562d4b31");
}

class TransactionJsonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    authority_ = key_of(Suite::kP256Sha256);
    device_ = key_of(Suite::kP256Sha256);
    cert_ = device_cert(*authority_, device_->public_key());
  }
  Receipt receipt() const {
    Receipt r = test::make_test_receipt(ReceiptKind::kOutpatient, "张伟", {{"挂号费", 100, 50000}});
    r.number = "0000000001";
    r.issued_at = kNow;
    r.issuer_id = "12330000470000000X";
    r.issuer_name = "浙江省人民医院";
    return r;
  }
  std::optional<PrivateKey> authority_, device_;
  DeviceCertificate cert_;
};

TEST_F(TransactionJsonTest, EveryTypeRoundTripsAndVerifies) {
  auto convert = make_convert_tx("c1", receipt(), {"12345678", "0000000042"}, "refund", "王芳", kNow, 1, cert_, *device_);
  auto v = make_void_tx("c1", "33010126", "0000000001", {"12345678", "0000000042"}, "printer-jam", "王芳", kNow, 2,
                        cert_, *device_);
  auto post = make_post_tx("c1", "33010126", "0000000001", kNow, "财政局", *authority_);
  IssuerCertificate issuer_cert;
  issuer_cert.serial = "CERT-1";
  auto rev = make_reverse_tx("c1", "33010126", "0000000001", kNow, "开票信息有误", issuer_cert, *device_);
  for (auto* r : {&convert, &v, &post, &rev}) {
    ASSERT_TRUE(r->ok()) << r->error().message;
    const Transaction& tx = r->value();
    const std::string text = transaction_to_json(tx).dump();
    auto back = parse_transaction(text);
    ASSERT_TRUE(back.ok()) << back.error().message << "\n" << text;
    EXPECT_EQ(transaction_bytes(*back), transaction_bytes(tx)) << text;
    EXPECT_EQ(transaction_to_json(*back), transaction_to_json(tx));
    const PublicKey& signer =
        tx.type == TxType::kPost ? authority_->public_key() : device_->public_key();
    EXPECT_TRUE(signer.verify(transaction_signed_bytes(*back), back->signature));
  }
  EXPECT_EQ(convert->receipt_hash, hash(Suite::kP256Sha256, canonical_receipt_bytes(receipt())));
  EXPECT_EQ(convert->certificate_serial, "DEV-K1");
}

TEST_F(TransactionJsonTest, ParserIsStrict) {
  auto convert = make_convert_tx("c1", receipt(), {"12345678", "0000000042"}, "refund", "op", kNow, 1, cert_, *device_);
  ASSERT_TRUE(convert.ok());
  const Json good = transaction_to_json(*convert);
  auto rejects = [&](const char* what, auto&& mutate) {
    Json j = good;
    mutate(j);
    auto r = transaction_from_json(j, "tx");
    EXPECT_FALSE(r.ok()) << what;
    if (!r.ok()) {
      EXPECT_EQ(r.code(), ErrorCode::kInvalidArgument) << what;
    }
  };
  rejects("unknown field", [](Json& j) { j["extra"] = 1; });
  rejects("missing nonce", [](Json& j) { j.erase("nonce"); });
  rejects("post field on convert", [](Json& j) { j["poster"] = "x"; });
  rejects("bad reason", [](Json& j) { j["reason"] = "because"; });
  rejects("short paper code", [](Json& j) { j["paper_code"] = "1234567"; });
  rejects("letters in paper number", [](Json& j) { j["paper_number"] = "00000000a2"; });
  rejects("empty operator", [](Json& j) { j["operator"] = ""; });
  rejects("operator too long", [](Json& j) { j["operator"] = std::string(33, 'o'); });
  rejects("string time", [](Json& j) { j["time"] = "1767225600"; });
  rejects("negative nonce", [](Json& j) { j["nonce"] = -1; });
  rejects("short receipt hash", [](Json& j) { j["receipt_hash"] = "abcd"; });
  rejects("bad signature", [](Json& j) { j["signature"] = "00"; });
  rejects("issue type", [](Json& j) { j["type"] = "issue"; });
  rejects("unknown type", [](Json& j) { j["type"] = "burn"; });
  rejects("no device certificate", [](Json& j) { j.erase("device_certificate"); });
  rejects("non-ASCII device id", [](Json& j) { j["device_certificate"]["device_id"] = "机1"; });
  EXPECT_FALSE(parse_transaction(good.dump() + "x").ok());
  EXPECT_FALSE(parse_transaction(R"({"type":"post","type":"post"})").ok());
}

// PROTOCOL 2.4 and 4.1 in a status transaction: the chain id is 1-64 of
// A-Z a-z 0-9 - _ . ; time and nonce are integers 0..2^63-1.
TEST_F(TransactionJsonTest, ChainIdAndIntegerBounds) {
  auto convert = make_convert_tx("c1", receipt(), {"12345678", "0000000042"}, "refund", "op", kNow, 1, cert_, *device_);
  ASSERT_TRUE(convert.ok());
  const Json good = transaction_to_json(*convert);
  const std::uint64_t max = std::numeric_limits<std::int64_t>::max();
  auto verdict = [&](auto&& mutate) {
    Json j = good;
    mutate(j);
    auto r = transaction_from_json(j, "tx");
    return r.ok() ? std::string("ok") : std::string(error_code_name(r.code()));
  };
  const std::vector<std::string> good_ids = {"c", "zj-fiscal_1.A", std::string(64, 'c')};
  const std::vector<std::string> bad_ids = {"", std::string(65, 'c'), "c 1", "c/1", "链1", "c1\u200b"};
  for (const std::string& id : good_ids) {
    EXPECT_EQ(verdict([&](Json& j) { j["chain_id"] = id; }), "ok") << id;
  }
  for (const std::string& id : bad_ids) {
    EXPECT_EQ(verdict([&](Json& j) { j["chain_id"] = id; }), "invalid_argument") << id;
  }
  for (const char* key : {"time", "nonce"}) {
    EXPECT_EQ(verdict([&](Json& j) { j[key] = max; }), "ok") << key;
    EXPECT_EQ(verdict([&](Json& j) { j[key] = max + 1; }), "invalid_argument") << key;
    EXPECT_EQ(verdict([&](Json& j) { j[key] = 1.0; }), "invalid_argument") << key;
  }
  // A transaction built in memory is held to the same chain id rule.
  EXPECT_FALSE(make_post_tx("c 1", "33010126", "0000000001", kNow, "p", *authority_).ok());
  EXPECT_TRUE(make_post_tx("c1", "33010126", "0000000001", kNow, "p", *authority_).ok());
}

TEST(TransactionTest, RefusalNamesAreStable) {
  const std::vector<std::pair<TxRefusal, std::string>> names{
      {TxRefusal::kUnknownReceipt, "unknown_receipt"},   {TxRefusal::kReceiptPosted, "receipt_posted"},
      {TxRefusal::kReceiptReversed, "receipt_reversed"}, {TxRefusal::kAlreadyConverted, "already_converted"},
      {TxRefusal::kNotActivePaper, "not_active_paper"},  {TxRefusal::kPaperActive, "paper_active"},
      {TxRefusal::kReplayed, "replayed"},                {TxRefusal::kWrongChainId, "wrong_chain_id"},
      {TxRefusal::kReceiptHashMismatch, "receipt_hash_mismatch"},
      {TxRefusal::kCertificateInvalid, "certificate_invalid"},
      {TxRefusal::kSignatureInvalid, "signature_invalid"}, {TxRefusal::kMalformed, "malformed"}};
  for (const auto& [r, name] : names) {
    EXPECT_EQ(tx_refusal_name(r), name);
    auto back = parse_tx_refusal(name);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, r);
  }
}

// -- device certificates ----------------------------------------------------

TEST(DeviceCertificateTest, VerifiesOnlyUnderItsAuthorityInItsWindowAndSuite) {
  const PrivateKey authority = key_of(Suite::kSm2Sm3);
  const PrivateKey device = key_of(Suite::kSm2Sm3);
  const DeviceCertificate cert = device_cert(authority, device.public_key());

  auto good = verify_device_certificate(cert, authority.public_key(), kNow);
  ASSERT_TRUE(good.ok()) << good.error().message;
  EXPECT_EQ(good->bytes(), device.public_key().bytes());
  EXPECT_TRUE(verify_device_certificate(cert, authority.public_key(), cert.not_before).ok());
  EXPECT_TRUE(verify_device_certificate(cert, authority.public_key(), cert.not_after).ok());

  const PrivateKey other = key_of(Suite::kSm2Sm3);
  EXPECT_EQ(verify_device_certificate(cert, other.public_key(), kNow).code(), ErrorCode::kCertificateSignatureInvalid);
  EXPECT_EQ(verify_device_certificate(cert, authority.public_key(), cert.not_after + 1).code(),
            ErrorCode::kCertificateNotValidAtIssueTime);
  EXPECT_EQ(verify_device_certificate(cert, authority.public_key(), cert.not_before - 1).code(),
            ErrorCode::kCertificateNotValidAtIssueTime);
  DeviceCertificate moved = cert;
  moved.place = "另一家医院";
  EXPECT_EQ(verify_device_certificate(moved, authority.public_key(), kNow).code(),
            ErrorCode::kCertificateSignatureInvalid);
  const PrivateKey p256_authority = key_of(Suite::kP256Sha256);
  EXPECT_EQ(verify_device_certificate(cert, p256_authority.public_key(), kNow).code(), ErrorCode::kSuiteMismatch);
}

TEST(DeviceCertificateTest, JsonRoundTripAndCanonicalBytes) {
  const PrivateKey authority = key_of(Suite::kP256Sha256);
  const PrivateKey device = key_of(Suite::kP256Sha256);
  const DeviceCertificate cert = device_cert(authority, device.public_key());
  auto back = device_certificate_from_json(device_certificate_to_json(cert), "cert");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(canonical_device_certificate_bytes(*back), canonical_device_certificate_bytes(cert));
  EXPECT_TRUE(verify_device_certificate(*back, authority.public_key(), kNow).ok());
  const std::string tag_hex = "0000001f" + to_hex(as_bytes("chainslip.device-certificate.v1"));
  EXPECT_EQ(to_hex(canonical_device_certificate_bytes(cert)).rfind(tag_hex + "00000006" + to_hex(as_bytes("DEV-K1")), 0),
            0u);
  Json j = device_certificate_to_json(cert);
  j["not_after"] = cert.not_before - 1;
  EXPECT_FALSE(device_certificate_from_json(j, "cert").ok());
  j = device_certificate_to_json(cert);
  j["device_id"] = "K 1";
  EXPECT_FALSE(device_certificate_from_json(j, "cert").ok());
  j = device_certificate_to_json(cert);
  j["issuer_id"] = "x";
  EXPECT_FALSE(device_certificate_from_json(j, "cert").ok());
}

}  // namespace
}  // namespace chainslip

#include <gtest/gtest.h>
#include <openssl/err.h>

#include <string>

#include "core/crypto/hasher.h"
#include "core/crypto/keys.h"
#include "core/crypto/signature.h"
#include "core/crypto/suite.h"

namespace chainslip {
namespace {

Bytes hex(std::string_view h) {
  auto bytes = from_hex(h);
  EXPECT_TRUE(bytes.ok()) << h;
  return bytes.ok() ? *bytes : Bytes{};
}

Bytes concat(const Bytes& a, const Bytes& b) {
  Bytes out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

// DER SEQUENCE { INTEGER r, INTEGER s } from the INTEGERs' content octets,
// written out by hand so malformed encodings can be built too.
// (Built with push_back: GCC 12 at -O2 reports a bogus -Warray-bounds for
// vector::insert into a freshly brace-initialised vector.)
Bytes der_seq(const Bytes& r, const Bytes& s) {
  Bytes out;
  out.reserve(6 + r.size() + s.size());
  out.push_back(0x30);
  out.push_back(static_cast<std::uint8_t>(4 + r.size() + s.size()));
  for (const Bytes* integer : {&r, &s}) {
    out.push_back(0x02);
    out.push_back(static_cast<std::uint8_t>(integer->size()));
    for (std::uint8_t b : *integer) out.push_back(b);
  }
  return out;
}

Signature flip_bit(const Signature& sig, std::size_t byte) {
  Signature::Raw rs = sig.raw();
  rs[byte] ^= 0x01;
  return Signature::from_raw(rs);
}

constexpr Suite kSuites[] = {Suite::kSm2Sm3, Suite::kP256Sha256};

// Curve constants (SEC 2 for P-256, GB/T 32918.5 for SM2).
constexpr std::string_view kP256Order =
    "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
constexpr std::string_view kP256G =
    "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
constexpr std::string_view kSm2Order =
    "fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123";
constexpr std::string_view kSm2G =
    "0432c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7"
    "bc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0";

// GB/T 32918.5-2016 Annex A (see tests/data/crypto-vectors.md).
constexpr std::string_view kAnnexAD =
    "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8";
constexpr std::string_view kAnnexAPublic =
    "0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020"
    "ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13";
constexpr std::string_view kAnnexARS =
    "f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3"
    "b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa";
constexpr std::string_view kAnnexAMessage = "message digest";

// ---------------------------------------------------------------- suite

TEST(SuiteTest, ParsesBothNamesAndRoundTrips) {
  ASSERT_TRUE(parse_suite("sm2-sm3").ok());
  EXPECT_EQ(*parse_suite("sm2-sm3"), Suite::kSm2Sm3);
  ASSERT_TRUE(parse_suite("p256-sha256").ok());
  EXPECT_EQ(*parse_suite("p256-sha256"), Suite::kP256Sha256);
  for (Suite suite : kSuites) {
    auto parsed = parse_suite(suite_name(suite));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, suite);
  }
  EXPECT_EQ(kDefaultSuite, Suite::kSm2Sm3);
}

TEST(SuiteTest, RejectsOtherNamesListingTheAcceptedOnes) {
  for (std::string_view name : {"", "sm2", "SM2-SM3", "sm2-sm3 ", "p256", "p256_sha256",
                                "secp256r1-sha256"}) {
    auto parsed = parse_suite(name);
    ASSERT_FALSE(parsed.ok()) << name;
    EXPECT_EQ(parsed.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(parsed.error().message.find("sm2-sm3"), std::string::npos);
    EXPECT_NE(parsed.error().message.find("p256-sha256"), std::string::npos);
  }
}

// ---------------------------------------------------------------- hashing

TEST(HasherTest, Sm3PublishedVectors) {
  EXPECT_EQ(to_hex(hash(Suite::kSm2Sm3, as_bytes("abc"))),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  std::string abcd16;
  for (int i = 0; i < 16; ++i) abcd16 += "abcd";
  EXPECT_EQ(to_hex(hash(Suite::kSm2Sm3, as_bytes(abcd16))),
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

TEST(HasherTest, Sha256PublishedVectors) {
  EXPECT_EQ(to_hex(hash(Suite::kP256Sha256, as_bytes(""))),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(to_hex(hash(Suite::kP256Sha256, as_bytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(hash(Suite::kP256Sha256,
                        as_bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // RFC 6962 leaf hash of the empty leaf: SHA-256(0x00), through update(byte).
  Hasher hasher(Suite::kP256Sha256);
  EXPECT_EQ(to_hex(hasher.update(std::uint8_t{0x00}).finish()),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
}

TEST(HasherTest, IncrementalMatchesOneShotAndFinishResets) {
  std::string abcd16;
  for (int i = 0; i < 16; ++i) abcd16 += "abcd";
  for (Suite suite : kSuites) {
    Hasher hasher(suite);
    EXPECT_EQ(hasher.suite(), suite);
    const ByteView all = as_bytes(abcd16);
    hasher.update(all.first(1)).update(ByteView{}).update(all.subspan(1, 40));
    hasher.update(all.subspan(41));
    const Digest incremental = hasher.finish();
    EXPECT_EQ(incremental, hash(suite, all));
    // finish() must leave a fresh context behind, not continue the old one.
    EXPECT_EQ(hasher.update(all).finish(), incremental);
    EXPECT_EQ(hasher.finish(), hash(suite, {}));
  }
}

TEST(HasherTest, SuitesDiffer) {
  EXPECT_NE(hash(Suite::kSm2Sm3, as_bytes("abc")), hash(Suite::kP256Sha256, as_bytes("abc")));
}

TEST(HasherTest, MovedHasherKeepsItsState) {
  Hasher first(Suite::kSm2Sm3);
  first.update(as_bytes("ab"));
  Hasher second(std::move(first));
  second.update(as_bytes("c"));
  EXPECT_EQ(to_hex(second.finish()),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  Hasher third(Suite::kP256Sha256);
  third = std::move(second);
  EXPECT_EQ(third.suite(), Suite::kSm2Sm3);
  EXPECT_EQ(third.update(as_bytes("abc")).finish(), hash(Suite::kSm2Sm3, as_bytes("abc")));
}

// ---------------------------------------------------------------- signatures

// r has its top bit set (DER needs a 0x00 pad), s has a leading zero byte
// (DER drops it): both INTEGER minimality rules are exercised.
const Bytes kR = hex("80000000000000000000000000000000000000000000000000000000000000ff");
const Bytes kS = hex("007fffffffffffffffffffffffffffffffffffffffffffffffffffffffffff01");

TEST(SignatureTest, RawAndDerParseToTheSameSignature) {
  auto raw = Signature::parse(concat(kR, kS));
  ASSERT_TRUE(raw.ok()) << raw.error().message;
  const Bytes expected_der = der_seq(concat({0x00}, kR), Bytes(kS.begin() + 1, kS.end()));
  EXPECT_EQ(raw->der(), expected_der);
  auto der = Signature::parse(expected_der);
  ASSERT_TRUE(der.ok()) << der.error().message;
  EXPECT_EQ(*der, *raw);
  EXPECT_EQ(Bytes(der->raw().begin(), der->raw().end()), concat(kR, kS));
}

TEST(SignatureTest, DerRoundTripsThroughParse) {
  auto sig = Signature::parse(hex(kAnnexARS));
  ASSERT_TRUE(sig.ok());
  auto again = Signature::parse(sig->der());
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, *sig);
  EXPECT_NE(*sig, flip_bit(*sig, 63));
}

TEST(SignatureTest, RejectsMalformedDer) {
  const Bytes r = concat({0x00}, kR);
  const Bytes s(kS.begin() + 1, kS.end());
  const Bytes good = der_seq(r, s);
  ASSERT_TRUE(Signature::parse(good).ok());

  Bytes trailing = good;
  trailing.push_back(0x00);
  Bytes truncated(good.begin(), good.end() - 1);
  Bytes long_form_length{0x30, 0x81, good[1]};
  long_form_length.insert(long_form_length.end(), good.begin() + 2, good.end());
  Bytes set_instead_of_sequence = good;
  set_instead_of_sequence[0] = 0x31;

  const struct {
    const char* name;
    Bytes der;
  } cases[] = {
      {"trailing byte", trailing},
      {"truncated", truncated},
      {"long-form length", long_form_length},
      {"SET tag", set_instead_of_sequence},
      {"non-minimal r", der_seq(concat({0x00}, r), s)},
      {"non-minimal s", der_seq(r, concat({0x00}, s))},
      {"negative r", der_seq(kR, s)},
      {"zero r", der_seq({0x00}, s)},
      {"zero s", der_seq(r, {0x00})},
      {"empty r", der_seq({}, s)},
      {"r of 33 bytes", der_seq(concat({0x01}, kR), s)},
      {"s of 33 bytes", der_seq(r, concat({0x01}, kR))},
      {"empty input", {}},
      {"63 raw bytes", Bytes(63, 0x11)},
      {"65 raw bytes", Bytes(65, 0x11)},
  };
  for (const auto& c : cases) {
    auto parsed = Signature::parse(c.der);
    ASSERT_FALSE(parsed.ok()) << c.name;
    EXPECT_EQ(parsed.code(), ErrorCode::kInvalidArgument) << c.name;
    EXPECT_FALSE(parsed.error().message.empty()) << c.name;
  }
}

// ---------------------------------------------------------------- keys

TEST(Sm2Test, GbT32918AnnexAVector) {
  auto key = PrivateKey::from_bytes(Suite::kSm2Sm3, hex(kAnnexAD));
  ASSERT_TRUE(key.ok()) << key.error().message;
  const PublicKey& pub = key->public_key();
  EXPECT_EQ(to_hex(pub.bytes()), kAnnexAPublic);
  EXPECT_EQ(pub.suite(), Suite::kSm2Sm3);

  auto sig = Signature::parse(hex(kAnnexARS));
  ASSERT_TRUE(sig.ok());
  // Passes only with the Z value of ID "1234567812345678".
  EXPECT_TRUE(pub.verify(as_bytes(kAnnexAMessage), *sig));
  auto from_der = Signature::parse(sig->der());
  ASSERT_TRUE(from_der.ok());
  EXPECT_TRUE(pub.verify(as_bytes(kAnnexAMessage), *from_der));

  EXPECT_FALSE(pub.verify(as_bytes(kAnnexAMessage), flip_bit(*sig, 31)));  // r
  EXPECT_FALSE(pub.verify(as_bytes(kAnnexAMessage), flip_bit(*sig, 0)));   // r
  EXPECT_FALSE(pub.verify(as_bytes(kAnnexAMessage), flip_bit(*sig, 63)));  // s
  EXPECT_FALSE(pub.verify(as_bytes(kAnnexAMessage), flip_bit(*sig, 32)));  // s
  std::string message(kAnnexAMessage);
  message[3] ^= 0x01;
  EXPECT_FALSE(pub.verify(as_bytes(message), *sig));
  EXPECT_FALSE(pub.verify(as_bytes("message digest "), *sig));

  std::string other_d(kAnnexAD);
  other_d.back() = '9';
  auto other = PrivateKey::from_bytes(Suite::kSm2Sm3, hex(other_d));
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->public_key().verify(as_bytes(kAnnexAMessage), *sig));
  auto generated = PrivateKey::generate(Suite::kSm2Sm3);
  ASSERT_TRUE(generated.ok());
  EXPECT_FALSE(generated->public_key().verify(as_bytes(kAnnexAMessage), *sig));

  // The same public point imported directly verifies too.
  auto imported = PublicKey::from_bytes(Suite::kSm2Sm3, hex(kAnnexAPublic));
  ASSERT_TRUE(imported.ok());
  EXPECT_TRUE(imported->verify(as_bytes(kAnnexAMessage), *sig));
}

// RFC 6979 A.2.5 (P-256, SHA-256): deterministic-k signatures, which any
// ECDSA-SHA256 verifier accepts. Its "sample" signature has a high s: under
// chainslip's low-s rule (PROTOCOL 2.2) only its twin (r, n - s) is valid.
TEST(P256Test, Rfc6979A25Vectors) {
  auto key = PrivateKey::from_bytes(
      Suite::kP256Sha256, hex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721"));
  ASSERT_TRUE(key.ok()) << key.error().message;
  const PublicKey& pub = key->public_key();
  EXPECT_EQ(to_hex(pub.bytes()),
            "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
            "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299");
  auto sample = Signature::parse(
      hex("efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
          "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"));
  auto test = Signature::parse(
      hex("f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367"
          "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083"));
  auto sample_low_s = Signature::parse(
      hex("efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
          "0834e36ad29a83bf2bc9385e491d6099c8fdf9d1ed67aa7ea5f51f93782857a9"));
  ASSERT_TRUE(sample.ok());
  ASSERT_TRUE(sample_low_s.ok());
  ASSERT_TRUE(test.ok());
  EXPECT_EQ(p256_twin(*sample), *sample_low_s);
  EXPECT_FALSE(pub.verify(as_bytes("sample"), *sample)) << "the high-s form is malleable, so refused";
  EXPECT_TRUE(pub.verify(as_bytes("sample"), *sample_low_s));
  EXPECT_TRUE(pub.verify(as_bytes("test"), *test));
  EXPECT_FALSE(pub.verify(as_bytes("test"), *sample_low_s));
  EXPECT_FALSE(pub.verify(as_bytes("sample"), flip_bit(*sample_low_s, 5)));
  EXPECT_FALSE(pub.verify(as_bytes("sample"), flip_bit(*sample_low_s, 50)));
}

// Every P-256 signature chainslip makes is low-s (s <= n/2), and its high
// twin is refused.
TEST(P256Test, SigningGivesLowSAndTheHighTwinIsRefused) {
  constexpr char kHalfOrder[] = "7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8";
  auto key = PrivateKey::generate(Suite::kP256Sha256);
  ASSERT_TRUE(key.ok());
  for (int i = 0; i < 64; ++i) {
    const std::string message = "tx " + std::to_string(i);
    auto sig = key->sign(as_bytes(message));
    ASSERT_TRUE(sig.ok()) << sig.error().message;
    const std::string s_hex = to_hex(ByteView(sig->raw()).subspan(32));
    EXPECT_LE(s_hex, kHalfOrder) << i;
    EXPECT_TRUE(key->public_key().verify(as_bytes(message), *sig));
    // (r, n - s) is the same signature to ECDSA, and not to chainslip.
    const Signature twin = p256_twin(*sig);
    EXPECT_GT(to_hex(ByteView(twin.raw()).subspan(32)), kHalfOrder) << i;
    EXPECT_FALSE(key->public_key().verify(as_bytes(message), twin)) << i;
    EXPECT_EQ(p256_twin(twin), *sig);
  }
  // SM2 has no such twin: its signatures need no rule.
  auto sm2 = PrivateKey::generate(Suite::kSm2Sm3);
  ASSERT_TRUE(sm2.ok());
  int high = 0;
  for (int i = 0; i < 64; ++i) {
    auto sig = sm2->sign(as_bytes("m" + std::to_string(i)));
    ASSERT_TRUE(sig.ok());
    high += to_hex(ByteView(sig->raw()).subspan(32)) > std::string(kHalfOrder);
  }
  EXPECT_GT(high, 0) << "SM2 signatures are not normalised";
}

TEST(KeysTest, ScalarOneGivesTheGenerator) {
  const Bytes one = hex("0000000000000000000000000000000000000000000000000000000000000001");
  auto sm2 = PrivateKey::from_bytes(Suite::kSm2Sm3, one);
  auto p256 = PrivateKey::from_bytes(Suite::kP256Sha256, one);
  ASSERT_TRUE(sm2.ok());
  ASSERT_TRUE(p256.ok());
  EXPECT_EQ(to_hex(sm2->public_key().bytes()), kSm2G);
  EXPECT_EQ(to_hex(p256->public_key().bytes()), kP256G);
}

TEST(KeysTest, SignVerifyRoundTrip) {
  for (Suite suite : kSuites) {
    SCOPED_TRACE(suite_name(suite));
    auto key = PrivateKey::generate(suite);
    ASSERT_TRUE(key.ok()) << key.error().message;
    EXPECT_EQ(key->suite(), suite);
    EXPECT_EQ(key->scalar().size(), 32u);
    ASSERT_EQ(key->public_key().bytes().size(), 65u);
    EXPECT_EQ(key->public_key().bytes()[0], 0x04);

    const std::string_view messages[] = {"", "receipt #42", {"embedded\0NUL", 12}};
    for (std::string_view message : messages) {
      auto sig = key->sign(as_bytes(message));
      ASSERT_TRUE(sig.ok()) << sig.error().message;
      EXPECT_TRUE(key->public_key().verify(as_bytes(message), *sig));
      EXPECT_FALSE(key->public_key().verify(as_bytes("other"), *sig));
      EXPECT_FALSE(key->public_key().verify(as_bytes(message), flip_bit(*sig, 10)));
      EXPECT_FALSE(key->public_key().verify(as_bytes(message), flip_bit(*sig, 40)));
      auto from_der = Signature::parse(sig->der());
      ASSERT_TRUE(from_der.ok());
      EXPECT_EQ(*from_der, *sig);
    }

    // Reimporting the scalar gives the same key; the public bytes alone too.
    auto again = PrivateKey::from_bytes(suite, key->scalar());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->public_key().bytes(), key->public_key().bytes());
    auto pub = PublicKey::from_bytes(suite, key->public_key().bytes());
    ASSERT_TRUE(pub.ok());
    auto sig = again->sign(as_bytes("hello"));
    ASSERT_TRUE(sig.ok());
    EXPECT_TRUE(pub->verify(as_bytes("hello"), *sig));
    EXPECT_TRUE(key->public_key().verify(as_bytes("hello"), *sig));

    auto other = PrivateKey::generate(suite);
    ASSERT_TRUE(other.ok());
    EXPECT_NE(other->scalar(), key->scalar());
    EXPECT_FALSE(other->public_key().verify(as_bytes("hello"), *sig));
  }
}

TEST(KeysTest, NoSuiteVerifiesTheOtherSuitesSignature) {
  // Same scalar in both suites, so only the suite differs.
  auto sm2_key = PrivateKey::from_bytes(Suite::kSm2Sm3, hex(kAnnexAD));
  auto p256_key = PrivateKey::from_bytes(Suite::kP256Sha256, hex(kAnnexAD));
  ASSERT_TRUE(sm2_key.ok()) << sm2_key.error().message;
  ASSERT_TRUE(p256_key.ok()) << p256_key.error().message;
  const PrivateKey& sm2 = *sm2_key;
  const PrivateKey& p256 = *p256_key;
  auto sm2_sig = sm2.sign(as_bytes("hello"));
  auto p256_sig = p256.sign(as_bytes("hello"));
  ASSERT_TRUE(sm2_sig.ok());
  ASSERT_TRUE(p256_sig.ok());
  EXPECT_TRUE(sm2.public_key().verify(as_bytes("hello"), *sm2_sig));
  EXPECT_TRUE(p256.public_key().verify(as_bytes("hello"), *p256_sig));
  EXPECT_FALSE(p256.public_key().verify(as_bytes("hello"), *sm2_sig));
  EXPECT_FALSE(sm2.public_key().verify(as_bytes("hello"), *p256_sig));
  auto annex_sig = Signature::parse(hex(kAnnexARS));
  ASSERT_TRUE(annex_sig.ok());
  EXPECT_FALSE(p256.public_key().verify(as_bytes(kAnnexAMessage), *annex_sig));
  // A point of one curve is not a point of the other.
  EXPECT_FALSE(PublicKey::from_bytes(Suite::kP256Sha256, sm2.public_key().bytes()).ok());
  EXPECT_FALSE(PublicKey::from_bytes(Suite::kSm2Sm3, p256.public_key().bytes()).ok());
}

TEST(KeysTest, VerifyRejectsOutOfRangeSignaturesAndLeavesNoOpenSslError) {
  for (Suite suite : kSuites) {
    SCOPED_TRACE(suite_name(suite));
    auto key = PrivateKey::generate(suite);
    ASSERT_TRUE(key.ok());
    auto sig = key->sign(as_bytes("m"));
    ASSERT_TRUE(sig.ok());
    const Bytes order = hex(suite == Suite::kSm2Sm3 ? kSm2Order : kP256Order);
    Signature::Raw rs = sig->raw();
    std::fill(rs.begin(), rs.begin() + 32, 0);  // r = 0
    EXPECT_FALSE(key->public_key().verify(as_bytes("m"), Signature::from_raw(rs)));
    rs = sig->raw();
    std::copy(order.begin(), order.end(), rs.begin() + 32);  // s = n
    EXPECT_FALSE(key->public_key().verify(as_bytes("m"), Signature::from_raw(rs)));
    EXPECT_EQ(ERR_peek_error(), 0u);
  }
}

TEST(KeysTest, RejectsBadPublicKeys) {
  for (Suite suite : kSuites) {
    SCOPED_TRACE(suite_name(suite));
    auto key = PrivateKey::generate(suite);
    ASSERT_TRUE(key.ok());
    const Bytes good = key->public_key().bytes();
    ASSERT_TRUE(PublicKey::from_bytes(suite, good).ok());

    Bytes off_curve = good;
    off_curve.back() ^= 0x01;
    Bytes compressed(good.begin(), good.begin() + 33);
    compressed[0] = static_cast<std::uint8_t>(0x02 | (good.back() & 1));
    Bytes hybrid = good;
    hybrid[0] = static_cast<std::uint8_t>(0x06 | (good.back() & 1));
    Bytes x_too_big(65, 0xff);
    x_too_big[0] = 0x04;
    Bytes zeros(65, 0x00);
    zeros[0] = 0x04;

    const struct {
      const char* name;
      Bytes bytes;
    } cases[] = {
        {"empty", {}},
        {"64 bytes", Bytes(good.begin() + 1, good.end())},
        {"66 bytes", concat(good, {0x00})},
        {"compressed form", compressed},
        {"prefix 0x02 at 65 bytes", concat({0x02}, Bytes(good.begin() + 1, good.end()))},
        {"hybrid prefix", hybrid},
        {"off curve", off_curve},
        {"coordinates >= p", x_too_big},
        {"(0, 0)", zeros},
    };
    for (const auto& c : cases) {
      auto pub = PublicKey::from_bytes(suite, c.bytes);
      ASSERT_FALSE(pub.ok()) << c.name;
      EXPECT_EQ(pub.code(), ErrorCode::kInvalidArgument) << c.name << ": " << pub.error().message;
    }
  }
}

TEST(KeysTest, RejectsBadPrivateScalars) {
  const Bytes zero(32, 0x00);
  for (Suite suite : kSuites) {
    SCOPED_TRACE(suite_name(suite));
    const Bytes order = hex(suite == Suite::kSm2Sm3 ? kSm2Order : kP256Order);
    for (const Bytes& scalar : {Bytes(31, 0x01), Bytes(33, 0x01), Bytes{}, zero, order,
                                Bytes(32, 0xff)}) {
      auto key = PrivateKey::from_bytes(suite, scalar);
      ASSERT_FALSE(key.ok()) << to_hex(scalar);
      EXPECT_EQ(key.code(), ErrorCode::kInvalidArgument);
    }
  }
}

TEST(KeysTest, Sm2ScalarStopsAtOrderMinusTwo) {
  // SM2 signing needs (1 + d)^-1 mod n, so d = n - 1 is not a valid SM2 key;
  // for ECDSA it is.
  const std::string sm2_n_minus_1 = std::string(kSm2Order.substr(0, 63)) + "2";
  const std::string sm2_n_minus_2 = std::string(kSm2Order.substr(0, 63)) + "1";
  auto rejected = PrivateKey::from_bytes(Suite::kSm2Sm3, hex(sm2_n_minus_1));
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.code(), ErrorCode::kInvalidArgument);

  auto sm2 = PrivateKey::from_bytes(Suite::kSm2Sm3, hex(sm2_n_minus_2));
  ASSERT_TRUE(sm2.ok()) << sm2.error().message;
  auto sig = sm2->sign(as_bytes("edge"));
  ASSERT_TRUE(sig.ok()) << sig.error().message;
  EXPECT_TRUE(sm2->public_key().verify(as_bytes("edge"), *sig));

  const std::string p256_n_minus_1 = std::string(kP256Order.substr(0, 63)) + "0";
  auto p256 = PrivateKey::from_bytes(Suite::kP256Sha256, hex(p256_n_minus_1));
  ASSERT_TRUE(p256.ok()) << p256.error().message;
  // (n - 1)G = -G: same x as G.
  EXPECT_EQ(to_hex(p256->public_key().bytes()).substr(0, 66), kP256G.substr(0, 66));
  auto p256_sig = p256->sign(as_bytes("edge"));
  ASSERT_TRUE(p256_sig.ok()) << p256_sig.error().message;
  EXPECT_TRUE(p256->public_key().verify(as_bytes("edge"), *p256_sig));
}

}  // namespace
}  // namespace chainslip

// Checks the implementation against the vectors as published in
// tests/data/crypto-vectors.md (read from the file, not retyped), so a
// change to either side is caught.
#include <gtest/gtest.h>

#include <regex>

#include "core/crypto/hasher.h"
#include "core/crypto/keys.h"
#include "core/merkle/merkle.h"
#include "core/util/file_io.h"

namespace chainslip {
namespace {

class PublishedVectorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto text = read_file(CHAINSLIP_TESTDATA_DIR "/crypto-vectors.md", 1 << 20);
    ASSERT_TRUE(text.ok()) << text.error().message;
    text_ = *text;
  }

  // The hex value following `label` (e.g. "d = ", "\"abc\" -> ").
  std::string hex_after(const std::string& label) const {
    const auto at = text_.find(label);
    EXPECT_NE(at, std::string::npos) << "vector not found: " << label;
    if (at == std::string::npos) return "";
    std::smatch m;
    const std::string rest = text_.substr(at + label.size());
    EXPECT_TRUE(std::regex_search(rest, m, std::regex("^([0-9a-f]{64})"))) << label;
    return m.size() > 1 ? m[1].str() : "";
  }

  Bytes hex(const std::string& label) const {
    auto b = from_hex(hex_after(label));
    EXPECT_TRUE(b.ok());
    return b.ok() ? *b : Bytes{};
  }

  std::string text_;
};

TEST_F(PublishedVectorsTest, Sm3) {
  EXPECT_EQ(to_hex(hash(Suite::kSm2Sm3, as_bytes("abc"))), hex_after("\"abc\" -> "));
  std::string abcd16;
  for (int i = 0; i < 16; ++i) abcd16 += "abcd";
  EXPECT_EQ(to_hex(hash(Suite::kSm2Sm3, as_bytes(abcd16))), hex_after("\"abcd\" x16 -> "));
}

TEST_F(PublishedVectorsTest, Sm2AnnexASignatureVerifiesWithTheStandardId) {
  auto key = PrivateKey::from_bytes(Suite::kSm2Sm3, hex("- d = "));
  ASSERT_TRUE(key.ok()) << key.error().message;
  Bytes rs = hex("- r = ");
  const Bytes s = hex("- s = ");
  rs.insert(rs.end(), s.begin(), s.end());
  auto sig = Signature::parse(rs);
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(key->public_key().verify(as_bytes("message digest"), *sig));
  EXPECT_FALSE(key->public_key().verify(as_bytes("message digesT"), *sig));
}

TEST_F(PublishedVectorsTest, Rfc6962MerkleRoots) {
  const Suite sha256 = Suite::kP256Sha256;
  EXPECT_EQ(to_hex(merkle_empty_root(sha256)), hex_after("empty tree root = "));
  EXPECT_EQ(to_hex(merkle_leaf_hash(sha256, {})), hex_after("leaf hash of the empty leaf = "));
  std::vector<Digest> leaves;
  for (const char* leaf : {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                           "606162636465666768696a6b6c6d6e6f"}) {
    ASSERT_NE(text_.find(leaf), std::string::npos) << "leaf not in the published list: " << leaf;
    leaves.push_back(merkle_leaf_hash(sha256, *from_hex(leaf)));
  }
  EXPECT_EQ(to_hex(MerkleTree(sha256, leaves).root()), hex_after("root of all eight =\n  "));
}

}  // namespace
}  // namespace chainslip

// FISCO BCOS header verification (header_verifier.h, quorum.h,
// parent_link.h, secp256k1_recovery.h) on headers sealed here: secp256k1
// sealers whose signatures OpenSSL makes, and block 2 of the 国密 chain in
// tests/data/fisco-bcos with its signature list rearranged.
#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include "core/engine/fisco_bcos/header_verifier.h"
#include "core/engine/fisco_bcos/object_hash.h"
#include "core/engine/fisco_bcos/parent_link.h"
#include "core/engine/fisco_bcos/quorum.h"
#include "core/engine/fisco_bcos/secp256k1_recovery.h"
#include "core/engine/fisco_bcos/transaction_check.h"
#include "tests/support/fisco_bcos_node_data.h"

namespace chainslip::fisco {
namespace {

constexpr ChainCrypto kK1 = ChainCrypto::kKeccak256Secp256k1;

// A secp256k1 sealer: OpenSSL's key and ECDSA, the recovery id found by
// trying the four.
class K1Sealer {
 public:
  K1Sealer() : key_(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "secp256k1"), EVP_PKEY_free) {
    std::uint8_t point[65];
    std::size_t len = 0;
    EXPECT_EQ(EVP_PKEY_get_octet_string_param(key_.get(), OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point, &len), 1);
    EXPECT_EQ(len, 65u);
    node_id_.assign(point + 1, point + 65);
  }
  const Bytes& node_id() const { return node_id_; }

  // r||s (s as OpenSSL chose it) without v.
  Bytes sign_rs(const Digest& digest) const {
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key_.get(), nullptr);
    std::uint8_t der[80];
    std::size_t der_len = sizeof der;
    EXPECT_EQ(EVP_PKEY_sign_init(ctx), 1);
    EXPECT_EQ(EVP_PKEY_sign(ctx, der, &der_len, digest.data(), digest.size()), 1);
    EVP_PKEY_CTX_free(ctx);
    const std::uint8_t* p = der;
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der_len));
    Bytes rs(64);
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), rs.data(), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), rs.data() + 32, 32);
    ECDSA_SIG_free(sig);
    return rs;
  }

  Bytes sign(const Digest& digest) const {
    Bytes sig = sign_rs(digest);
    sig.push_back(0);
    for (std::uint8_t v = 0; v < 4; ++v) {
      sig[64] = v;
      auto key = recover_secp256k1_public_key(digest, sig);
      if (key.ok() && *key == node_id_) return sig;
    }
    ADD_FAILURE() << "no recovery id gives the signer's key";
    return sig;
  }

 private:
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key_;
  Bytes node_id_;
};

const std::vector<K1Sealer>& sealers() {
  static const std::vector<K1Sealer> four(4);
  return four;
}

BlockHeader unsealed_header(std::int64_t number, std::vector<std::uint64_t> weights = {1, 1, 1, 1}) {
  BlockHeader h;
  h.version = 0x03030000;
  h.number = number;
  h.parents = {{number - 1, Digest{}}};
  h.txs_root.fill(0x01);
  h.receipts_root.fill(0x02);
  h.state_root.fill(0x03);
  h.gas_used = "21000";
  h.timestamp = 1700000000000 + number;
  for (const K1Sealer& s : sealers()) h.sealer_list.push_back(s.node_id());
  h.consensus_weights = std::move(weights);
  return h;
}

// States the header's hash and has `signers` sign it.
BlockHeader sealed(BlockHeader h, const std::vector<std::uint64_t>& signers) {
  h.stated_hash = header_hash(kK1, h);
  for (std::uint64_t i : signers) h.signatures.push_back({i, sealers()[i].sign(h.stated_hash)});
  return h;
}

ErrorCode code_of(const Result<SealedHeader>& r) { return r.ok() ? ErrorCode::kInternal : r.code(); }

TEST(FiscoBcosQuorumTest, RequiredWeightIsMoreThanTwoThirds) {
  const std::vector<std::pair<std::vector<std::uint64_t>, std::uint64_t>> cases = {
      {{1}, 1}, {{1, 1}, 2}, {{1, 1, 1}, 3}, {{1, 1, 1, 1}, 3}, {{1, 1, 1, 1, 1, 1, 1}, 5}, {{10, 1, 1, 1}, 9}, {{0, 3}, 3}};
  for (const auto& [weights, required] : cases) {
    auto r = required_weight(weights);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, required) << weights.size() << " sealers";
  }
  EXPECT_EQ(required_weight({}).code(), ErrorCode::kInsufficientQuorum);
  EXPECT_EQ(required_weight({0, 0}).code(), ErrorCode::kInsufficientQuorum);
  EXPECT_EQ(required_weight({1ULL << 62, 1ULL << 62}).code(), ErrorCode::kInsufficientQuorum);
}

TEST(FiscoBcosHeaderTest, ThreeOfFourSecp256k1SealersMakeAQuorumTwoDoNot) {
  auto ok = verify_sealed_header(kK1, sealed(unsealed_header(9), {3, 0, 2}));
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->signers, (std::vector<std::uint64_t>{3, 0, 2}));
  EXPECT_EQ(code_of(verify_sealed_header(kK1, sealed(unsealed_header(9), {0, 1}))), ErrorCode::kInsufficientQuorum);
}

TEST(FiscoBcosHeaderTest, QuorumCountsWeightsNotSigners) {
  // Total 6, quorum 5: the heavy sealer and two light ones, not three light ones.
  EXPECT_TRUE(verify_sealed_header(kK1, sealed(unsealed_header(9, {3, 1, 1, 1}), {0, 1, 2})).ok());
  EXPECT_EQ(code_of(verify_sealed_header(kK1, sealed(unsealed_header(9, {3, 1, 1, 1}), {1, 2, 3}))),
            ErrorCode::kInsufficientQuorum);
}

TEST(FiscoBcosHeaderTest, DuplicateAndOutOfRangeSealerIndicesAreRefused) {
  BlockHeader dup = sealed(unsealed_header(9), {0, 1, 2});
  dup.signatures[2] = dup.signatures[1];
  EXPECT_EQ(code_of(verify_sealed_header(kK1, dup)), ErrorCode::kDuplicateSigner);
  BlockHeader outside = sealed(unsealed_header(9), {0, 1, 2});
  outside.signatures[2].sealer_index = 4;
  EXPECT_EQ(code_of(verify_sealed_header(kK1, outside)), ErrorCode::kUnknownValidator);
  BlockHeader far = sealed(unsealed_header(9), {0, 1, 2});
  far.signatures[0].sealer_index = ~std::uint64_t{0};
  EXPECT_EQ(code_of(verify_sealed_header(kK1, far)), ErrorCode::kUnknownValidator);
}

TEST(FiscoBcosHeaderTest, ASignatureUnderAnotherSealersIndexIsRefused) {
  BlockHeader h = sealed(unsealed_header(9), {0, 1, 2});
  h.signatures[0].sealer_index = 3;
  EXPECT_EQ(code_of(verify_sealed_header(kK1, h)), ErrorCode::kValidatorSignatureInvalid);
}

TEST(FiscoBcosHeaderTest, WrongRecoveryIdsAndOutOfRangeScalarsAreRefused) {
  const BlockHeader h = sealed(unsealed_header(9), {0, 1, 2});
  for (std::uint8_t v = 0; v < 6; ++v) {
    BlockHeader changed = h;
    if (v == h.signatures[0].signature[64]) continue;
    changed.signatures[0].signature[64] = v;
    EXPECT_EQ(code_of(verify_sealed_header(kK1, changed)), ErrorCode::kValidatorSignatureInvalid) << int(v);
  }
  BlockHeader zero_r = h;
  std::fill(zero_r.signatures[0].signature.begin(), zero_r.signatures[0].signature.begin() + 32, 0);
  EXPECT_EQ(code_of(verify_sealed_header(kK1, zero_r)), ErrorCode::kValidatorSignatureInvalid);
  BlockHeader big_s = h;
  std::fill(big_s.signatures[0].signature.begin() + 32, big_s.signatures[0].signature.begin() + 64, 0xff);
  EXPECT_EQ(code_of(verify_sealed_header(kK1, big_s)), ErrorCode::kValidatorSignatureInvalid);
  BlockHeader short_sig = h;
  short_sig.signatures[0].signature.pop_back();
  EXPECT_EQ(code_of(verify_sealed_header(kK1, short_sig)), ErrorCode::kValidatorSignatureInvalid);
}

TEST(FiscoBcosHeaderTest, HighSTwinIsAcceptedAsTheNodeAcceptsIt) {
  // libsecp256k1's recovery takes either s; the twin (r, n - s) recovers the
  // same key with the other parity of R.
  const Digest digest = chain_hash(kK1, as_bytes("twin"));
  const K1Sealer& sealer = sealers()[0];
  Bytes sig = sealer.sign(digest);
  BIGNUM* n = BN_new();
  BN_hex2bn(&n, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");
  BIGNUM* s = BN_bin2bn(sig.data() + 32, 32, nullptr);
  BN_sub(s, n, s);
  BN_bn2binpad(s, sig.data() + 32, 32);
  BN_free(s);
  BN_free(n);
  sig[64] ^= 1;
  auto key = recover_secp256k1_public_key(digest, sig);
  ASSERT_TRUE(key.ok()) << key.error().message;
  EXPECT_EQ(*key, sealer.node_id());
}

TEST(FiscoBcosHeaderTest, AHeaderWithAnyFieldChangedAfterSealingIsAHashMismatch) {
  BlockHeader h = sealed(unsealed_header(9), {0, 1, 2});
  h.timestamp += 1;
  EXPECT_EQ(code_of(verify_sealed_header(kK1, h)), ErrorCode::kHeaderHashMismatch);
}

TEST(FiscoBcosHeaderTest, SealerOutsideTheListAndMissingWeightsAreRefused) {
  BlockHeader proposer = unsealed_header(9);
  proposer.sealer = 4;
  EXPECT_EQ(code_of(verify_sealed_header(kK1, sealed(proposer, {0, 1, 2}))), ErrorCode::kInvalidArgument);
  BlockHeader weights = unsealed_header(9, {1, 1, 1});
  EXPECT_EQ(code_of(verify_sealed_header(kK1, sealed(weights, {0, 1, 2}))), ErrorCode::kInvalidArgument);
}

TEST(FiscoBcosHeaderTest, GenesisHasNoQuorum) {
  BlockHeader genesis;
  genesis.gas_used = "0";
  genesis.stated_hash = header_hash(kK1, genesis);
  EXPECT_EQ(code_of(verify_sealed_header(kK1, genesis)), ErrorCode::kInsufficientQuorum);
}

TEST(FiscoBcosHeaderTest, Block2WithItsSignaturesRearranged) {
  const BlockHeader block2 = test::header_of(test::load_node_data("doc-api-block2-sm"));
  BlockHeader reversed = block2;
  std::reverse(reversed.signatures.begin(), reversed.signatures.end());
  EXPECT_TRUE(verify_sealed_header(ChainCrypto::kSm3Sm2, reversed).ok());
  BlockHeader repeated = block2;
  repeated.signatures[2] = repeated.signatures[0];
  EXPECT_EQ(code_of(verify_sealed_header(ChainCrypto::kSm3Sm2, repeated)), ErrorCode::kDuplicateSigner);
  BlockHeader two = block2;
  two.signatures.pop_back();
  EXPECT_EQ(code_of(verify_sealed_header(ChainCrypto::kSm3Sm2, two)), ErrorCode::kInsufficientQuorum);
  BlockHeader swapped = block2;
  std::swap(swapped.signatures[0].sealer_index, swapped.signatures[1].sealer_index);
  EXPECT_EQ(code_of(verify_sealed_header(ChainCrypto::kSm3Sm2, swapped)), ErrorCode::kValidatorSignatureInvalid);
  BlockHeader long_sig = block2;
  long_sig.signatures[0].signature.push_back(0);  // the node would read only the first 64 bytes
  EXPECT_EQ(code_of(verify_sealed_header(ChainCrypto::kSm3Sm2, long_sig)), ErrorCode::kValidatorSignatureInvalid);
}

TEST(FiscoBcosParentLinkTest, AChildNamesItsParentsRecomputedHash) {
  const BlockHeader parent = sealed(unsealed_header(8), {0, 1, 2});
  BlockHeader child = unsealed_header(9);
  child.parents = {{8, header_hash(kK1, parent)}};
  EXPECT_TRUE(check_parent_link(kK1, parent, child).ok());

  BlockHeader wrong_hash = child;
  wrong_hash.parents[0].hash[0] ^= 1;
  EXPECT_EQ(check_parent_link(kK1, parent, wrong_hash).code(), ErrorCode::kParentMismatch);
  BlockHeader wrong_number = child;
  wrong_number.parents[0].number = 7;
  EXPECT_EQ(check_parent_link(kK1, parent, wrong_number).code(), ErrorCode::kParentMismatch);
  BlockHeader two_parents = child;
  two_parents.parents.push_back(child.parents[0]);
  EXPECT_EQ(check_parent_link(kK1, parent, two_parents).code(), ErrorCode::kParentMismatch);
  BlockHeader skipped = child;
  skipped.number = 10;
  EXPECT_EQ(check_parent_link(kK1, parent, skipped).code(), ErrorCode::kParentMismatch);
  BlockHeader forged_parent = parent;
  forged_parent.timestamp += 1;  // its stated hash no longer holds
  EXPECT_EQ(check_parent_link(kK1, forged_parent, child).code(), ErrorCode::kHeaderHashMismatch);
}

TEST(FiscoBcosSenderTest, SignerOfARealTransactionIsItsFromAndNotWithAnotherHash) {
  const Transaction tx = test::transaction_of(test::load_node_data("doc-rpcapi-tx-51a375"));
  auto signer = transaction_signer(kK1, tx.stated_hash, tx.signature);
  ASSERT_TRUE(signer.ok()) << signer.error().message;
  EXPECT_EQ(*signer, tx.from);
  Digest other = tx.stated_hash;
  other[31] ^= 1;
  auto wrong = transaction_signer(kK1, other, tx.signature);
  EXPECT_TRUE(!wrong.ok() || *wrong != tx.from);
}

}  // namespace
}  // namespace chainslip::fisco

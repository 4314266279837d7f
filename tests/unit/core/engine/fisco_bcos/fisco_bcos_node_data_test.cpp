// The FISCO BCOS engine on real node output (tests/data/fisco-bcos): every
// object's hash, block 2's sealer signatures and quorum, the proofs, and the
// pre-release header refused.
#include <gtest/gtest.h>

#include "core/engine/fisco_bcos/header_verifier.h"
#include "core/engine/fisco_bcos/inclusion.h"
#include "core/engine/fisco_bcos/merkle_proof.h"
#include "core/engine/fisco_bcos/object_hash.h"
#include "core/engine/fisco_bcos/sealer_signature.h"
#include "core/engine/fisco_bcos/transaction_check.h"
#include "tests/support/fisco_bcos_node_data.h"

namespace chainslip::fisco {
namespace {

using test::crypto_of;
using test::digest_of;
using test::header_of;
using test::load_node_data;
using test::receipt_of;
using test::transaction_of;

Digest recomputed_hash(const Json& file) {
  const ChainCrypto crypto = crypto_of(file);
  const std::string kind = file.at("kind");
  if (kind == "header") return header_hash(crypto, header_of(file));
  if (kind == "transaction") return transaction_hash(crypto, transaction_of(file));
  return receipt_hash(crypto, receipt_of(file));
}

class NodeDataFileTest : public ::testing::TestWithParam<const char*> {};

TEST_P(NodeDataFileTest, RecomputedHashIsTheExpectedOneOrRefusedWhenThe3xRulesDoNotHold) {
  const Json file = load_node_data(GetParam());
  const Digest hash = recomputed_hash(file);
  const Digest stated = digest_of(file.at("node_output").at("hash"));
  if (file.at("valid_under_3x_rules") == true) {
    EXPECT_EQ(to_hex(hash), to_hex(digest_of(file.at("expected_hash"))));
    EXPECT_EQ(hash, stated);
  } else {
    EXPECT_NE(hash, stated) << "the pre-release header must not verify under the 3.0.0+ rules";
  }
}

TEST_P(NodeDataFileTest, ParsesInsideAJsonRpcReplyToo) {
  const Json file = load_node_data(GetParam());
  const Json reply = {{"id", 1}, {"jsonrpc", "2.0"}, {"result", file.at("node_output")}};
  auto object = node_result(reply);
  ASSERT_TRUE(object.ok()) << object.error().message;
  EXPECT_EQ(**object, file.at("node_output"));
}

INSTANTIATE_TEST_SUITE_P(FiscoBcos, NodeDataFileTest, ::testing::ValuesIn(test::kNodeDataFiles),
                         test::file_test_name);

TEST(FiscoBcosNodeDataTest, Block2IsSealedByThreeOfItsFourSealers) {
  const Json file = load_node_data("doc-api-block2-sm");
  auto sealed = verify_sealed_header(ChainCrypto::kSm3Sm2, header_of(file));
  ASSERT_TRUE(sealed.ok()) << sealed.error().message;
  EXPECT_EQ(sealed->signers, (std::vector<std::uint64_t>{0, 1, 2}));
  EXPECT_EQ(sealed->signed_weight, 3u);
  EXPECT_EQ(sealed->required_weight, 3u);  // 4 - floor(3 / 3)
}

TEST(FiscoBcosNodeDataTest, EachBlock2SignatureVerifiesAgainstItsOwnSealerAndNoOther) {
  const BlockHeader header = header_of(load_node_data("doc-api-block2-sm"));
  const Digest hash = header_hash(ChainCrypto::kSm3Sm2, header);
  ASSERT_EQ(header.signatures.size(), 3u);
  for (const SealerSignature& sig : header.signatures) {
    for (std::size_t sealer = 0; sealer < header.sealer_list.size(); ++sealer) {
      const Status ok = verify_sealer_signature(ChainCrypto::kSm3Sm2, header.sealer_list[sealer], hash, sig.signature);
      EXPECT_EQ(ok.ok(), sealer == sig.sealer_index) << "signature of " << sig.sealer_index << " against sealer " << sealer;
      if (!ok.ok()) {
        EXPECT_EQ(ok.code(), ErrorCode::kValidatorSignatureInvalid);
      }
    }
  }
}

TEST(FiscoBcosNodeDataTest, Block2SignaturesDoNotVerifyOverAnotherHash) {
  const BlockHeader header = header_of(load_node_data("doc-api-block2-sm"));
  const Digest parent = header.parents.at(0).hash;
  for (const SealerSignature& sig : header.signatures) {
    EXPECT_FALSE(verify_sealer_signature(ChainCrypto::kSm3Sm2, header.sealer_list[sig.sealer_index], parent,
                                         sig.signature).ok());
  }
}

TEST(FiscoBcosNodeDataTest, Block2ReceiptIsInBlock2AndItsTransactionIsBlock2sOnlyOne) {
  const BlockHeader header = header_of(load_node_data("doc-api-block2-sm"));
  const TransactionReceipt receipt = receipt_of(load_node_data("doc-api-receipt-block2-sm"));
  auto index = verify_receipt_in_header(ChainCrypto::kSm3Sm2, receipt, header);
  ASSERT_TRUE(index.ok()) << index.error().message;
  EXPECT_EQ(*index, 0u);
  // One transaction: the transaction tree's root is its hash.
  EXPECT_EQ(receipt.transaction_hash, header.txs_root);
}

TEST(FiscoBcosNodeDataTest, ReceiptOfBlock2IsRefusedWithAnotherBlocksHeader) {
  BlockHeader header = header_of(load_node_data("doc-api-block2-sm"));
  header.number = 3;
  const TransactionReceipt receipt = receipt_of(load_node_data("doc-api-receipt-block2-sm"));
  auto index = verify_receipt_in_header(ChainCrypto::kSm3Sm2, receipt, header);
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.code(), ErrorCode::kInclusionProofInvalid);
}

TEST(FiscoBcosNodeDataTest, ChecksumContractAddressIsTheNodesRenderingOnBothChains) {
  for (const char* name : {"doc-api-receipt-block2-sm", "doc-archive-receipt-f358ed"}) {
    const Json file = load_node_data(name);
    const TransactionReceipt receipt = receipt_of(file);
    EXPECT_EQ(checksum_address(crypto_of(file), receipt.contract_address),
              file.at("node_output").at("checksumContractAddress"))
        << name;
  }
}

TEST(FiscoBcosNodeDataTest, WasmContractPathsAndEmptyAddressesArePrintedAsTheyAre) {
  TransactionReceipt rc;
  rc.gas_used = "1";
  for (const std::string held : {"/apps/hello_world", ""}) {
    rc.contract_address = held;
    rc.stated_hash = receipt_hash(ChainCrypto::kSm3Sm2, rc);
    rc.checksum_contract_address = held;
    EXPECT_TRUE(check_receipt(ChainCrypto::kSm3Sm2, rc).ok()) << held;
    rc.checksum_contract_address = "0x" + held;
    EXPECT_EQ(check_receipt(ChainCrypto::kSm3Sm2, rc).code(), ErrorCode::kInvalidArgument) << held;
  }
}

TEST(FiscoBcosNodeDataTest, KeccakTransactionIsSignedByItsFromAndItsProofVerifies) {
  const Transaction tx = transaction_of(load_node_data("doc-rpcapi-tx-51a375"));
  auto hash = check_transaction(ChainCrypto::kKeccak256Secp256k1, tx);
  ASSERT_TRUE(hash.ok()) << hash.error().message;
  // Its block holds this one transaction: the root is the transaction's hash.
  auto index = verify_merkle_proof(ChainCrypto::kKeccak256Secp256k1, *tx.proof, *hash, *hash);
  ASSERT_TRUE(index.ok()) << index.error().message;
  EXPECT_EQ(*index, 0u);
}

TEST(FiscoBcosNodeDataTest, KeccakReceiptBelongsToItsTransactionAndItsProofVerifies) {
  const Transaction tx = transaction_of(load_node_data("doc-rpcapi-tx-51a375"));
  const TransactionReceipt receipt = receipt_of(load_node_data("doc-rpcapi-receipt-3949c1"));
  auto hash = check_receipt(ChainCrypto::kKeccak256Secp256k1, receipt);
  ASSERT_TRUE(hash.ok()) << hash.error().message;
  EXPECT_TRUE(check_receipt_of_transaction(ChainCrypto::kKeccak256Secp256k1, receipt, tx).ok());
  auto index = verify_merkle_proof(ChainCrypto::kKeccak256Secp256k1, *receipt.proof, *hash, *hash);
  ASSERT_TRUE(index.ok()) << index.error().message;
  EXPECT_EQ(receipt.status, 0);
}

TEST(FiscoBcosNodeDataTest, NineLevelProofReachesTheRootJavaSdkChecksAtIndex0) {
  const Transaction tx = transaction_of(load_node_data("javasdk-tx-08bf58-proof"));
  auto hash = check_transaction(ChainCrypto::kKeccak256Secp256k1, tx);
  ASSERT_TRUE(hash.ok()) << hash.error().message;
  ASSERT_TRUE(tx.proof.has_value());
  auto index = verify_merkle_proof(ChainCrypto::kKeccak256Secp256k1, *tx.proof, *hash, digest_of(test::kJavaSdkProofRoot));
  ASSERT_TRUE(index.ok()) << index.error().message;
  // The leaf is first at the bottom level and the running hash first or
  // second above: the index read off the proof.
  EXPECT_LT(*index, 1u << 9);
  // java-sdk's own negative case: the root is no leaf of its own proof.
  EXPECT_FALSE(verify_merkle_proof(ChainCrypto::kKeccak256Secp256k1, *tx.proof, digest_of(test::kJavaSdkProofRoot),
                                   digest_of(test::kJavaSdkProofRoot)).ok());
}

TEST(FiscoBcosNodeDataTest, ArchiveTransactionWithRawNonceIsSignedByItsFrom) {
  const Transaction tx = transaction_of(load_node_data("doc-archive-tx-818d17"));
  auto hash = check_transaction(ChainCrypto::kKeccak256Secp256k1, tx);
  ASSERT_TRUE(hash.ok()) << hash.error().message;
}

TEST(FiscoBcosNodeDataTest, NonceReadInTheOtherFormGivesAnotherHash) {
  const Json file = load_node_data("doc-rpcapi-tx-51a375");
  auto as_raw = read_transaction(file.at("node_output"), NonceForm::kRaw);
  ASSERT_TRUE(as_raw.ok());
  EXPECT_FALSE(check_transaction(ChainCrypto::kKeccak256Secp256k1, *as_raw).ok());
}

TEST(FiscoBcosNodeDataTest, PreReleaseHeaderIsRefusedAsAHashMismatch) {
  const BlockHeader header = header_of(load_node_data("javasdk-header-c3c038-rc4"));
  auto sealed = verify_sealed_header(ChainCrypto::kKeccak256Secp256k1, header);
  ASSERT_FALSE(sealed.ok());
  EXPECT_EQ(sealed.code(), ErrorCode::kHeaderHashMismatch);
}

TEST(FiscoBcosNodeDataTest, TheWrongChainCryptoRefusesEveryObject) {
  for (const char* name : test::kNodeDataFiles) {
    const Json file = load_node_data(name);
    if (file.at("valid_under_3x_rules") != true) continue;
    const ChainCrypto other =
        crypto_of(file) == ChainCrypto::kSm3Sm2 ? ChainCrypto::kKeccak256Secp256k1 : ChainCrypto::kSm3Sm2;
    Json swapped = file;
    swapped["hash_algorithm"] = other == ChainCrypto::kSm3Sm2 ? "SM3" : "Keccak-256";
    EXPECT_NE(recomputed_hash(swapped), digest_of(file.at("expected_hash"))) << name;
  }
}

}  // namespace
}  // namespace chainslip::fisco

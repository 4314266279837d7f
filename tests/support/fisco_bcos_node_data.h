#pragma once

// The FISCO BCOS 3.x node output in tests/data/fisco-bcos (README.md there
// names each file's source): loading a file and reading its object as the
// file says it was printed.

#include <gtest/gtest.h>

#include <string>

#include "core/engine/fisco_bcos/block_header.h"
#include "core/engine/fisco_bcos/chain_crypto.h"
#include "core/engine/fisco_bcos/node_json.h"
#include "core/engine/fisco_bcos/receipt.h"
#include "core/engine/fisco_bcos/transaction.h"
#include "core/util/file_io.h"
#include "core/util/strict_json.h"

namespace chainslip::test {

inline const char* const kNodeDataFiles[] = {
    "doc-api-block2-sm",          "doc-api-receipt-block2-sm",  "doc-archive-receipt-f358ed",
    "doc-archive-tx-818d17",      "doc-rpcapi-receipt-3949c1",  "doc-rpcapi-tx-51a375",
    "javasdk-header-c3c038-rc4",  "javasdk-tx-08bf58-proof",
};

// The root java-sdk's ResponseTest checks javasdk-tx-08bf58-proof's txProof
// against (FISCO-BCOS/java-sdk cd6fe37a, ResponseTest.java line 1086).
inline const char* const kJavaSdkProofRoot = "ab67ef374352b65bd6f411b153c821a0c2607bf275ffe407e18bc1e6957f1bf2";

// A parameterized test's name for a file: "doc_api_block2_sm".
inline std::string file_test_name(const ::testing::TestParamInfo<const char*>& file) {
  std::string name = file.param;
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  return name;
}

inline Json load_node_data(const std::string& name) {
  auto text = read_file(std::string(CHAINSLIP_TESTDATA_DIR) + "/fisco-bcos/" + name + ".json", 1 << 20);
  EXPECT_TRUE(text.ok()) << name;
  if (!text.ok()) return Json::object();
  auto doc = parse_strict_json(*text);
  EXPECT_TRUE(doc.ok()) << name;
  return doc.ok() ? *doc : Json::object();
}

inline fisco::ChainCrypto crypto_of(const Json& file) {
  return file.at("hash_algorithm") == "SM3" ? fisco::ChainCrypto::kSm3Sm2 : fisco::ChainCrypto::kKeccak256Secp256k1;
}

inline fisco::NonceForm nonce_form_of(const Json& file) {
  return file.value("json_nonce", "hex") == "raw" ? fisco::NonceForm::kRaw : fisco::NonceForm::kHex;
}

inline Digest digest_of(const std::string& hex) {
  auto d = digest_from_hex(hex.starts_with("0x") ? hex.substr(2) : hex);
  EXPECT_TRUE(d.ok()) << hex;
  return d.ok() ? *d : Digest{};
}

inline fisco::BlockHeader header_of(const Json& file) {
  auto h = fisco::read_block_header(file.at("node_output"));
  EXPECT_TRUE(h.ok()) << (h.ok() ? "" : h.error().message);
  return h.ok() ? *h : fisco::BlockHeader{};
}

inline fisco::Transaction transaction_of(const Json& file) {
  auto tx = fisco::read_transaction(file.at("node_output"), nonce_form_of(file));
  EXPECT_TRUE(tx.ok()) << (tx.ok() ? "" : tx.error().message);
  return tx.ok() ? *tx : fisco::Transaction{};
}

inline fisco::TransactionReceipt receipt_of(const Json& file) {
  auto rc = fisco::read_receipt(file.at("node_output"));
  EXPECT_TRUE(rc.ok()) << (rc.ok() ? "" : rc.error().message);
  return rc.ok() ? *rc : fisco::TransactionReceipt{};
}

}  // namespace chainslip::test

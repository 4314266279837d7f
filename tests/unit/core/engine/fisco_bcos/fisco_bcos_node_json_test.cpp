// The strict reader of FISCO BCOS node output (core/engine/fisco_bcos/
// node_json.h): the forms the node prints are required, the replies that
// carry no object are refused.
#include <gtest/gtest.h>

#include "tests/support/fisco_bcos_node_data.h"

namespace chainslip::fisco {
namespace {

using test::load_node_data;

ErrorCode header_code(const Json& object) {
  auto h = read_block_header(object);
  return h.ok() ? ErrorCode::kInternal : h.code();
}

Json block2() { return load_node_data("doc-api-block2-sm").at("node_output"); }

TEST(FiscoBcosNodeJsonTest, RepliesWithoutAnObjectAreRefused) {
  const Json object = block2();
  EXPECT_TRUE(node_result(object).ok());
  EXPECT_TRUE(node_result({{"id", "a"}, {"jsonrpc", "2.0"}, {"result", object}}).ok());
  EXPECT_FALSE(node_result({{"id", 1}, {"jsonrpc", "1.0"}, {"result", object}}).ok());
  EXPECT_FALSE(node_result({{"id", 1}, {"jsonrpc", "2.0"}, {"result", nullptr}}).ok());
  EXPECT_FALSE(node_result({{"jsonrpc", "2.0"}, {"result", object}}).ok());
  EXPECT_FALSE(node_result({{"id", 1}, {"jsonrpc", "2.0"}, {"result", object}, {"extra", 1}}).ok());
  auto error = node_result({{"id", 1}, {"jsonrpc", "2.0"}, {"error", {{"code", -32000}, {"message", "no such block"}}}});
  ASSERT_FALSE(error.ok());
  EXPECT_NE(error.error().message.find("no such block"), std::string::npos);
  EXPECT_FALSE(node_result(Json::array()).ok());
}

TEST(FiscoBcosNodeJsonTest, OnlyTheNodesOwnFormsAreRead) {
  ASSERT_TRUE(read_block_header(block2()).ok());
  const std::vector<std::pair<const char*, Json>> changes = {
      {"/gasUsed", "024363"},
      {"/gasUsed", "-1"},
      {"/gasUsed", 24363},
      {"/txsRoot", "0xDCE357D4A81BFE2C9B9CC83FDE7576A8AE8DEDE910B70CDF9ABED71A32ED10BF"},
      {"/txsRoot", "dce357d4a81bfe2c9b9cc83fde7576a8ae8dede910b70cdf9abed71a32ed10bf"},
      {"/txsRoot", "0xdce357"},
      {"/sealerList/0", "0x0055"},
      {"/number", -2},
      {"/number", 2.0},
      {"/version", 4294967296ULL},
      {"/signatureList/0/sealerIndex", "0"},
      {"/extraData", "0x0"},
  };
  for (const auto& [pointer, value] : changes) {
    Json object = block2();
    object[Json::json_pointer(pointer)] = value;
    EXPECT_EQ(header_code(object), ErrorCode::kInvalidArgument) << pointer << " = " << value.dump();
  }
  Json missing = block2();
  missing.erase("stateRoot");
  EXPECT_EQ(header_code(missing), ErrorCode::kInvalidArgument);
  Json extra = block2();
  extra["transactions"] = Json::array();
  EXPECT_EQ(header_code(extra), ErrorCode::kInvalidArgument);
  Json signature_extra = block2();
  signature_extra["signatureList"][0]["extra"] = 1;
  EXPECT_EQ(header_code(signature_extra), ErrorCode::kInvalidArgument);
}

TEST(FiscoBcosNodeJsonTest, TransactionVersionsRequireTheirFields) {
  Json tx = load_node_data("doc-rpcapi-tx-51a375").at("node_output");
  tx["version"] = 1u;  // as parsed from text: unsigned
  EXPECT_FALSE(read_transaction(tx, NonceForm::kHex).ok());
  tx["value"] = "0";
  tx["gasPrice"] = "0";
  tx["gasLimit"] = 3000000u;
  tx["maxFeePerGas"] = "";
  tx["maxPriorityFeePerGas"] = "";
  auto v1 = read_transaction(tx, NonceForm::kHex);
  ASSERT_TRUE(v1.ok()) << v1.error().message;
  EXPECT_EQ(v1->gas_limit, 3000000);
  tx["version"] = 2u;
  tx["extension"] = Json::array({1u, 255u});
  auto v2 = read_transaction(tx, NonceForm::kHex);
  ASSERT_TRUE(v2.ok()) << v2.error().message;
  EXPECT_EQ(v2->extension, (Bytes{1, 255}));
  tx["extension"] = Json::array({256u});
  EXPECT_FALSE(read_transaction(tx, NonceForm::kHex).ok());
}

TEST(FiscoBcosNodeJsonTest, HexNonceIsTheNonceStringsBytes) {
  auto tx = read_transaction(load_node_data("doc-rpcapi-tx-51a375").at("node_output"), NonceForm::kHex);
  ASSERT_TRUE(tx.ok());
  EXPECT_EQ(tx->nonce, "211322658804269361975487805773986849");
  Json odd = load_node_data("doc-rpcapi-tx-51a375").at("node_output");
  odd["nonce"] = "323";
  EXPECT_FALSE(read_transaction(odd, NonceForm::kHex).ok());
}

TEST(FiscoBcosNodeJsonTest, ReceiptContractAddressIsHeldWithoutThe0xTheNodePrints) {
  auto rc = read_receipt(load_node_data("doc-api-receipt-block2-sm").at("node_output"));
  ASSERT_TRUE(rc.ok());
  EXPECT_EQ(rc->contract_address, "82a3c3289a9f234a38aceed3016d1ff0e0f922b3");
  Json nonempty_legacy = load_node_data("doc-api-receipt-block2-sm").at("node_output");
  nonempty_legacy["receiptProof"] = Json::array({"00"});
  EXPECT_FALSE(read_receipt(nonempty_legacy).ok());
}

}  // namespace
}  // namespace chainslip::fisco

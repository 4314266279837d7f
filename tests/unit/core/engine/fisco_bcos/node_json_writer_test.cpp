// The node's JSON as core prints it (node_json_writer.h): read back
// by core's strict readers to the same objects, with stated hashes that
// match the recomputed ones, for both chain cryptos and both nonce forms;
// and real node output printed again exactly as the node printed it.
#include "core/engine/fisco_bcos/node_json_writer.h"

#include <gtest/gtest.h>

#include "core/engine/fisco_bcos/header_verifier.h"
#include "core/engine/fisco_bcos/inclusion.h"
#include "core/engine/fisco_bcos/object_hash.h"
#include "core/engine/fisco_bcos/transaction_check.h"
#include "tests/support/fisco_bcos_node_data.h"
#include "tests/support/fisco_sim_chain.h"

namespace chainslip::test {
namespace {

using fisco::jsonrpc_reply;
using fisco::write_block_header;
using fisco::write_receipt;
using fisco::write_transaction;

constexpr std::int64_t kImportTime = 1767225600123;

// The JSON as text and parsed back strictly, as a kiosk gets it from a node.
Json over_the_wire(const Json& json) {
  auto parsed = parse_strict_json(json.dump());
  EXPECT_TRUE(parsed.ok());
  return parsed.ok() ? *parsed : Json();
}

class NodeJsonWriterTest : public ::testing::TestWithParam<ChainCrypto> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(chain_.seal_block(some_transactions(chain_, sender_, 1)).ok());
    ASSERT_TRUE(chain_.seal_block(some_transactions(chain_, sender_, 3)).ok());
  }
  ChainCrypto crypto() const { return GetParam(); }

  const sim::fisco::FiscoAccount sender_ = seeded_account(GetParam(), "sender");
  sim::fisco::FiscoChain chain_ = seeded_chain(GetParam());
};

TEST_P(NodeJsonWriterTest, HeadersReadBackAndVerify) {
  ASSERT_EQ(chain_.blocks().size(), 3u);
  for (const auto& block : chain_.blocks()) {
    const Json printed = write_block_header(block.header);
    const Json reply = over_the_wire(jsonrpc_reply(printed, 7));
    auto result = fisco::node_result(reply);
    ASSERT_TRUE(result.ok()) << result.error().message;
    auto header = fisco::read_block_header(**result);
    ASSERT_TRUE(header.ok()) << header.error().message;
    EXPECT_EQ(write_block_header(*header), printed);
    EXPECT_EQ(fisco::header_hash(crypto(), *header), header->stated_hash);
    EXPECT_EQ(header->stated_hash, block.header.stated_hash);
    if (header->number > 0) {
      EXPECT_TRUE(fisco::verify_sealed_header(crypto(), *header).ok());
    }
  }
}

TEST_P(NodeJsonWriterTest, TransactionsReadBackInBothNonceFormsAndVerify) {
  const auto& block = chain_.last_block();
  for (const auto form : {fisco::NonceForm::kRaw, fisco::NonceForm::kHex}) {
    for (const auto& tx : block.transactions) {
      const Json printed = write_transaction(tx, form, kImportTime);
      auto read = fisco::read_transaction(over_the_wire(printed), form);
      ASSERT_TRUE(read.ok()) << read.error().message;
      EXPECT_EQ(write_transaction(*read, form, kImportTime), printed);
      EXPECT_EQ(read->nonce, tx.nonce);
      EXPECT_EQ(fisco::transaction_hash(crypto(), *read), read->stated_hash);
      EXPECT_TRUE(fisco::verify_transaction_in_header(crypto(), *read, block.header).ok());
    }
  }
}

TEST_P(NodeJsonWriterTest, ReceiptsReadBackAndVerify) {
  const auto& block = chain_.last_block();
  for (std::size_t i = 0; i < block.receipts.size(); ++i) {
    const Json printed = write_receipt(block.receipts[i]);
    auto read = fisco::read_receipt(over_the_wire(printed));
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_EQ(write_receipt(*read), printed);
    EXPECT_EQ(fisco::receipt_hash(crypto(), *read), read->stated_hash);
    EXPECT_TRUE(fisco::verify_receipt_in_header(crypto(), *read, block.header).ok());
    EXPECT_TRUE(fisco::check_receipt_of_transaction(crypto(), *read, block.transactions[i]).ok());
  }
}

// The fields only later transaction and receipt versions hash, and logs.
TEST_P(NodeJsonWriterTest, LaterVersionsAndLogsReadBack) {
  fisco::Transaction tx = some_transactions(chain_, sender_, 1).front();
  tx.version = fisco::kTransactionV2;
  tx.value = "0";
  tx.gas_price = "1";
  tx.gas_limit = 3000000;
  tx.max_fee_per_gas = "2";
  tx.max_priority_fee_per_gas = "3";
  tx.extension = {0, 7, 255};
  ASSERT_TRUE(sender_.sign(tx).ok());
  const Json printed_tx = write_transaction(tx, fisco::NonceForm::kHex, kImportTime);
  auto read_tx = fisco::read_transaction(over_the_wire(printed_tx), fisco::NonceForm::kHex);
  ASSERT_TRUE(read_tx.ok()) << read_tx.error().message;
  EXPECT_EQ(write_transaction(*read_tx, fisco::NonceForm::kHex, kImportTime), printed_tx);
  EXPECT_TRUE(fisco::check_transaction(crypto(), *read_tx).ok());

  fisco::TransactionReceipt rc = chain_.last_block().receipts.front();
  rc.version = fisco::kTransactionV1;
  rc.effective_gas_price = "1";
  rc.contract_address = "82a3c3289a9f234a38aceed3016d1ff0e0f922b3";
  rc.checksum_contract_address = fisco::checksum_address(crypto(), rc.contract_address);
  rc.logs.push_back({"41a1281dba209614f2ada8ecc75fd957ad179d7b", {Digest{1}, Digest{2}}, {0xca, 0xfe}});
  rc.stated_hash = fisco::receipt_hash(crypto(), rc);
  const Json printed_rc = write_receipt(rc);
  EXPECT_EQ(printed_rc["contractAddress"], "0x82a3c3289a9f234a38aceed3016d1ff0e0f922b3");
  auto read_rc = fisco::read_receipt(over_the_wire(printed_rc));
  ASSERT_TRUE(read_rc.ok()) << read_rc.error().message;
  EXPECT_EQ(write_receipt(*read_rc), printed_rc);
  EXPECT_TRUE(fisco::check_receipt(crypto(), *read_rc).ok());
}

INSTANTIATE_TEST_SUITE_P(BothCryptos, NodeJsonWriterTest, ::testing::ValuesIn(kBothChainCryptos),
                         crypto_test_name);

// Real 3.3 node output, read and printed again, is what the node printed.
TEST(NodeJsonWriterRealDataTest, RealObjectsArePrintedAsTheNodePrintedThem) {
  const Json header = load_node_data("doc-api-block2-sm");
  EXPECT_EQ(write_block_header(header_of(header)), header.at("node_output"));
  for (const char* name : {"doc-api-receipt-block2-sm", "doc-rpcapi-receipt-3949c1"}) {
    const Json receipt = load_node_data(name);
    EXPECT_EQ(write_receipt(receipt_of(receipt)), receipt.at("node_output")) << name;
  }
  const Json tx = load_node_data("doc-rpcapi-tx-51a375");
  const Json& printed = tx.at("node_output");
  EXPECT_EQ(
      write_transaction(transaction_of(tx), nonce_form_of(tx), printed.at("importTime").get<std::int64_t>()),
      printed);
}

}  // namespace
}  // namespace chainslip::test

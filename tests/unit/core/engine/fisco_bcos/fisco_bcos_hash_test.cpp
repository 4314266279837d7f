// The FISCO BCOS engine's hashes (chain_crypto.h) against published vectors,
// and the tars-hashable bytes (tars_hashable.h) spelled out field by field
// for the rules the node's data here does not exercise: the genesis header,
// transaction versions 1 and 2, receipt logs.
#include <gtest/gtest.h>

#include "core/engine/fisco_bcos/chain_crypto.h"
#include "core/engine/fisco_bcos/object_hash.h"
#include "core/engine/fisco_bcos/tars_hashable.h"

namespace chainslip::fisco {
namespace {

std::string keccak_hex(std::string_view s) { return to_hex(chain_hash(ChainCrypto::kKeccak256Secp256k1, as_bytes(s))); }

TEST(FiscoBcosHashTest, Keccak256MatchesPublishedVectors) {
  EXPECT_EQ(keccak_hex(""), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  EXPECT_EQ(keccak_hex("abc"), "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  EXPECT_EQ(keccak_hex("The quick brown fox jumps over the lazy dog"),
            "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15");
  // Ethereum's empty-list and empty-trie hashes: Keccak-256 of 0xc0 and 0x80.
  EXPECT_EQ(keccak_hex("\xc0"), "1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");
  EXPECT_EQ(keccak_hex("\x80"), "56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
  // Messages longer than one 136-byte block are the transactions of
  // tests/data/fisco-bcos, hashed to the node's own stated hashes.
}

TEST(FiscoBcosHashTest, Keccak256IsNotSha3) {
  // SHA3-256("") is a7ffc6f8…: FISCO and Ethereum use the original padding.
  EXPECT_NE(keccak_hex(""), "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
}

TEST(FiscoBcosHashTest, Sm3MatchesTheStandardsAbcVector) {
  EXPECT_EQ(to_hex(chain_hash(ChainCrypto::kSm3Sm2, as_bytes("abc"))),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}
Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }
Bytes be(std::uint64_t v, int width) {
  Bytes out;
  for (int shift = (width - 1) * 8; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
  return out;
}

TEST(FiscoBcosHashTest, GenesisHeaderHashesNothingForItsUnsetRootsAndGasUsed) {
  BlockHeader genesis;
  genesis.number = 0;
  genesis.version = 0x03010000;
  genesis.gas_used = "0";  // printed "0", never set
  genesis.extra_data = text("genesis data");
  const Bytes expected = concat({be(0x03010000, 4), be(0, 8), text(""), be(0, 8), be(0, 8), text("genesis data")});
  EXPECT_EQ(header_hashable_bytes(genesis), expected);

  // Any other block hashes its roots and gasUsed even when zero.
  BlockHeader block1 = genesis;
  block1.number = 1;
  EXPECT_EQ(header_hashable_bytes(block1).size(), expected.size() + 3 * 32 + 1);
}

TEST(FiscoBcosHashTest, HeaderFieldsInTheNodesOrder) {
  BlockHeader h;
  h.version = 7;
  h.parents = {{5, Digest{}}};
  h.parents[0].hash.fill(0x11);
  h.txs_root.fill(0x22);
  h.receipts_root.fill(0x33);
  h.state_root.fill(0x44);
  h.number = 6;
  h.gas_used = "21000";
  h.timestamp = 1700000000000;
  h.sealer = 1;
  h.sealer_list = {Bytes(64, 0x55), Bytes(64, 0x66)};
  h.extra_data = {0x77};
  h.consensus_weights = {1, 2};
  const Bytes expected =
      concat({be(7, 4), be(5, 8), Bytes(32, 0x11), Bytes(32, 0x22), Bytes(32, 0x33), Bytes(32, 0x44), be(6, 8),
              text("21000"), be(1700000000000, 8), be(1, 8), Bytes(64, 0x55), Bytes(64, 0x66), {0x77}, be(1, 8),
              be(2, 8)});
  EXPECT_EQ(header_hashable_bytes(h), expected);
}

TEST(FiscoBcosHashTest, TransactionVersionsAddTheirFields) {
  Transaction tx;
  tx.chain_id = "chain0";
  tx.group_id = "group0";
  tx.block_limit = 500;
  tx.nonce = "123";
  tx.to = "0xab";
  tx.input = {0x01, 0x02};
  tx.abi = "";
  tx.value = "10";
  tx.gas_price = "2";
  tx.gas_limit = 30000;
  tx.max_fee_per_gas = "3";
  tx.max_priority_fee_per_gas = "4";
  tx.extension = {0xee};
  const Bytes v0_fields = concat({text("chain0"), text("group0"), be(500, 8), text("123"), text("0xab"), {0x01, 0x02}});
  const Bytes v1_fields = concat({text("10"), text("2"), be(30000, 8), text("3"), text("4")});

  tx.version = 0;
  EXPECT_EQ(transaction_hashable_bytes(tx), concat({be(0, 4), v0_fields}));
  tx.version = kTransactionV1;
  EXPECT_EQ(transaction_hashable_bytes(tx), concat({be(1, 4), v0_fields, v1_fields}));
  tx.version = kTransactionV2;
  EXPECT_EQ(transaction_hashable_bytes(tx), concat({be(2, 4), v0_fields, v1_fields, {0xee}}));
}

TEST(FiscoBcosHashTest, ReceiptLogsAndVersion1FieldsInTheNodesOrder) {
  TransactionReceipt rc;
  rc.version = kTransactionV1;
  rc.gas_used = "100";
  rc.contract_address = "abcd";
  rc.status = 16;
  rc.output = {0x09};
  rc.effective_gas_price = "5";
  Digest topic;
  topic.fill(0x88);
  rc.logs = {{"0x1234", {topic, topic}, {0x99}}};
  rc.block_number = 42;
  const Bytes expected = concat({be(1, 4), text("100"), text("abcd"), be(16, 4), {0x09}, text("5"), text("0x1234"),
                                 Bytes(32, 0x88), Bytes(32, 0x88), {0x99}, be(42, 8)});
  EXPECT_EQ(receipt_hashable_bytes(rc), expected);
}

}  // namespace
}  // namespace chainslip::fisco

#include "core/engine/fisco_bcos/tars_hashable.h"

#include <string_view>

namespace chainslip::fisco {
namespace {

class HashableWriter {
 public:
  void i32(std::int32_t v) { be(static_cast<std::uint64_t>(static_cast<std::uint32_t>(v)), 4); }
  void i64(std::int64_t v) { be(static_cast<std::uint64_t>(v), 8); }
  void raw(ByteView b) { out_.insert(out_.end(), b.begin(), b.end()); }
  void text(std::string_view s) { raw(as_bytes(s)); }
  Bytes take() { return std::move(out_); }

 private:
  void be(std::uint64_t v, int width) {
    for (int shift = (width - 1) * 8; shift >= 0; shift -= 8) {
      out_.push_back(static_cast<std::uint8_t>(v >> shift));
    }
  }
  Bytes out_;
};

bool is_zero(const Digest& d) {
  for (std::uint8_t b : d) {
    if (b != 0) return false;
  }
  return true;
}

}  // namespace

Bytes header_hashable_bytes(const BlockHeader& header) {
  const bool genesis = header.number == 0;
  // Ledger::buildGenesisBlock sets only number, version (3.1+) and extraData
  // before hashing: an unset root or gasUsed is an empty field.
  auto root = [genesis](const Digest& d) { return genesis && is_zero(d) ? ByteView{} : ByteView(d); };
  HashableWriter w;
  w.i32(header.version);
  for (const ParentInfo& parent : header.parents) {
    w.i64(parent.number);
    w.raw(parent.hash);
  }
  w.raw(root(header.txs_root));
  w.raw(root(header.receipts_root));
  w.raw(root(header.state_root));
  w.i64(header.number);
  w.text(genesis && header.gas_used == "0" ? std::string_view{} : std::string_view(header.gas_used));
  w.i64(header.timestamp);
  w.i64(header.sealer);
  for (const Bytes& node_id : header.sealer_list) w.raw(node_id);
  w.raw(header.extra_data);
  for (std::uint64_t weight : header.consensus_weights) w.i64(static_cast<std::int64_t>(weight));
  return w.take();
}

Bytes transaction_hashable_bytes(const Transaction& tx) {
  HashableWriter w;
  w.i32(tx.version);
  w.text(tx.chain_id);
  w.text(tx.group_id);
  w.i64(tx.block_limit);
  w.text(tx.nonce);
  w.text(tx.to);
  w.raw(tx.input);
  w.text(tx.abi);
  // The node compares the version as unsigned: a negative one has every field.
  const auto version = static_cast<std::uint32_t>(tx.version);
  if (version >= static_cast<std::uint32_t>(kTransactionV1)) {
    w.text(tx.value);
    w.text(tx.gas_price);
    w.i64(tx.gas_limit);
    w.text(tx.max_fee_per_gas);
    w.text(tx.max_priority_fee_per_gas);
  }
  if (version >= static_cast<std::uint32_t>(kTransactionV2)) w.raw(tx.extension);
  return w.take();
}

Bytes receipt_hashable_bytes(const TransactionReceipt& receipt) {
  HashableWriter w;
  w.i32(receipt.version);
  w.text(receipt.gas_used);
  w.text(receipt.contract_address);
  w.i32(receipt.status);
  w.raw(receipt.output);
  if (receipt.version >= kTransactionV1) w.text(receipt.effective_gas_price);
  for (const LogEntry& log : receipt.logs) {
    w.text(log.address);
    for (const Digest& topic : log.topics) w.raw(topic);
    w.raw(log.data);
  }
  w.i64(receipt.block_number);
  return w.take();
}

}  // namespace chainslip::fisco

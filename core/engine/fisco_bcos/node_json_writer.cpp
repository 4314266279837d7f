#include "core/engine/fisco_bcos/node_json_writer.h"

#include <string>

namespace chainslip::fisco {
namespace {

std::string hex0x(ByteView bytes) { return "0x" + to_hex(bytes); }

// The readers take a non-negative integer only as JSON's unsigned form; a
// negative one is printed as it is (and refused by them, as by the node's
// SDKs).
Json integer(std::int64_t v) {
  if (v >= 0) return Json(static_cast<std::uint64_t>(v));
  return Json(v);
}

Json proof_words(const std::vector<Digest>& proof) {
  Json words = Json::array();
  for (const Digest& word : proof) words.push_back(to_hex(word));
  return words;
}

// An EVM contract's address is held without "0x" and printed with it; a
// WASM contract's path, or no address, is printed as held.
std::string printed_contract_address(const std::string& held) {
  const bool evm = held.size() == 40 && held.find_first_not_of("0123456789abcdef") == std::string::npos;
  return evm ? "0x" + held : held;
}

}  // namespace

Json write_block_header(const BlockHeader& header) {
  Json parents = Json::array();
  for (const auto& parent : header.parents) {
    parents.push_back({{"blockHash", hex0x(parent.hash)}, {"blockNumber", integer(parent.number)}});
  }
  Json sealers = Json::array();
  for (const Bytes& node_id : header.sealer_list) sealers.push_back(hex0x(node_id));
  Json signatures = Json::array();
  for (const auto& s : header.signatures) {
    signatures.push_back({{"sealerIndex", s.sealer_index}, {"signature", hex0x(s.signature)}});
  }
  Json weights = Json::array();
  for (std::uint64_t w : header.consensus_weights) weights.push_back(w);
  return {
      {"consensusWeights", std::move(weights)},
      {"extraData", hex0x(header.extra_data)},
      {"gasUsed", header.gas_used},
      {"hash", hex0x(header.stated_hash)},
      {"number", integer(header.number)},
      {"parentInfo", std::move(parents)},
      {"receiptsRoot", hex0x(header.receipts_root)},
      {"sealer", integer(header.sealer)},
      {"sealerList", std::move(sealers)},
      {"signatureList", std::move(signatures)},
      {"stateRoot", hex0x(header.state_root)},
      {"timestamp", integer(header.timestamp)},
      {"txsRoot", hex0x(header.txs_root)},
      {"version", integer(header.version)},
  };
}

Json write_transaction(const Transaction& tx, NonceForm nonce_form,
                       std::int64_t import_time_ms) {
  Json out = {
      {"abi", tx.abi},
      {"blockLimit", integer(tx.block_limit)},
      {"chainID", tx.chain_id},
      {"extraData", ""},
      {"from", hex0x(tx.from)},
      {"groupID", tx.group_id},
      {"hash", hex0x(tx.stated_hash)},
      {"importTime", integer(import_time_ms)},
      {"input", hex0x(tx.input)},
      {"nonce", nonce_form == NonceForm::kHex ? to_hex(as_bytes(tx.nonce)) : tx.nonce},
      {"signature", hex0x(tx.signature)},
      {"to", tx.to},
      {"transactionProof", Json::array()},
      {"version", integer(tx.version)},
  };
  if (tx.proof) out["txProof"] = proof_words(*tx.proof);
  if (tx.version >= kTransactionV1) {
    out["value"] = tx.value;
    out["gasPrice"] = tx.gas_price;
    out["gasLimit"] = integer(tx.gas_limit);
    out["maxFeePerGas"] = tx.max_fee_per_gas;
    out["maxPriorityFeePerGas"] = tx.max_priority_fee_per_gas;
  }
  if (tx.version >= kTransactionV2) {
    Json extension = Json::array();
    for (std::uint8_t b : tx.extension) extension.push_back(b);
    out["extension"] = std::move(extension);
  }
  return out;
}

Json write_receipt(const TransactionReceipt& receipt) {
  Json logs = Json::array();
  for (const auto& log : receipt.logs) {
    Json topics = Json::array();
    for (const Digest& topic : log.topics) topics.push_back(hex0x(topic));
    logs.push_back({{"address", log.address}, {"data", hex0x(log.data)}, {"topics", std::move(topics)}});
  }
  Json out = {
      {"blockNumber", integer(receipt.block_number)},
      {"contractAddress", printed_contract_address(receipt.contract_address)},
      {"extraData", ""},
      {"gasUsed", receipt.gas_used},
      {"hash", hex0x(receipt.stated_hash)},
      {"logEntries", std::move(logs)},
      {"message", ""},  // the node's text for the status: not hashed
      {"output", hex0x(receipt.output)},
      {"receiptProof", Json::array()},
      {"status", integer(receipt.status)},
      {"transactionHash", hex0x(receipt.transaction_hash)},
      {"transactionProof", Json::array()},
      {"version", integer(receipt.version)},
  };
  if (receipt.checksum_contract_address) out["checksumContractAddress"] = *receipt.checksum_contract_address;
  if (receipt.from) out["from"] = hex0x(*receipt.from);
  if (receipt.to) out["to"] = *receipt.to;
  if (receipt.input) out["input"] = hex0x(*receipt.input);
  if (receipt.proof) out["txReceiptProof"] = proof_words(*receipt.proof);
  if (receipt.version >= kTransactionV1) out["effectiveGasPrice"] = receipt.effective_gas_price;
  return out;
}

Json jsonrpc_reply(Json result, std::int64_t id) {
  return {{"id", integer(id)}, {"jsonrpc", "2.0"}, {"result", std::move(result)}};
}

}  // namespace chainslip::fisco

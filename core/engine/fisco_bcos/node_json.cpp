#include "core/engine/fisco_bcos/node_json.h"

#include <algorithm>
#include <limits>
#include <string>
#include <string_view>

#include "core/engine/fisco_bcos/chain_crypto.h"

namespace chainslip::fisco {
namespace {

constexpr std::uint64_t kMaxInt64 = std::numeric_limits<std::int64_t>::max();
constexpr std::uint64_t kMaxInt32 = std::numeric_limits<std::int32_t>::max();
constexpr std::size_t kMaxTextBytes = 1 << 16;
constexpr std::size_t kMaxHexChars = kMaxJsonBytes;
constexpr std::size_t kMaxListItems = 4096;
constexpr std::size_t kAddressBytes = 20;
constexpr std::size_t kMaxDecimalDigits = 78;  // u256

Error invalid(const std::string& where, const std::string& what) {
  return make_error(ErrorCode::kInvalidArgument, where + ": " + what);
}

std::string item(const std::string& where, std::size_t i) { return where + "[" + std::to_string(i) + "]"; }

bool is_lower_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Hex as the node prints it (toHex): lowercase, even length, "0x" first
// when the field has it.
Result<Bytes> node_hex(std::string_view s, const std::string& where, bool prefixed, std::size_t min_len,
                       std::size_t max_len) {
  if (prefixed) {
    if (!s.starts_with("0x")) return invalid(where, "expected \"0x\" before the hex");
    s.remove_prefix(2);
  }
  if (!is_lower_hex(s)) return invalid(where, "expected lowercase hex digits");
  auto bytes = from_hex(s);
  if (!bytes.ok()) return invalid(where, bytes.error().message);
  if (bytes->size() < min_len || bytes->size() > max_len) {
    return invalid(where, std::to_string(bytes->size()) + " bytes is outside " + std::to_string(min_len) + ".." +
                              std::to_string(max_len));
  }
  return std::move(bytes).value();
}

Result<Digest> to_digest(Result<Bytes> raw) {
  if (!raw.ok()) return raw.error();
  Digest d;
  std::copy(raw->begin(), raw->end(), d.begin());
  return d;
}

Result<std::string> json_string(const Json& v, const std::string& where) {
  if (!v.is_string()) return invalid(where, "expected a string");
  return v.get<std::string>();
}

Result<std::uint64_t> json_u64(const Json& v, const std::string& where, std::uint64_t max) {
  if (!v.is_number_unsigned() || v.get<std::uint64_t>() > max) {
    return invalid(where, "expected an integer 0.." + std::to_string(max) + ", got " + v.dump());
  }
  return v.get<std::uint64_t>();
}

// The node's forms of the fields FieldReader reads by type.
class NodeFields {
 public:
  static Result<NodeFields> open(const Json& object, std::string where) {
    CS_ASSIGN_OR_RETURN(FieldReader r, FieldReader::open(object, std::move(where)));
    return NodeFields(std::move(r));
  }

  Result<Bytes> hex(const char* key, std::size_t min_len = 0, std::size_t max_len = kMaxHexChars) {
    CS_ASSIGN_OR_RETURN(std::string s, r_.text(key, 2, 2 + 2 * max_len));
    return node_hex(s, r_.path(key), true, min_len, max_len);
  }
  Result<Digest> digest(const char* key) { return to_digest(hex(key, 32, 32)); }
  Result<Address> address(const char* key) {
    CS_ASSIGN_OR_RETURN(Bytes raw, hex(key, kAddressBytes, kAddressBytes));
    Address a;
    std::copy(raw.begin(), raw.end(), a.begin());
    return a;
  }
  Result<std::int64_t> i64(const char* key) {
    CS_ASSIGN_OR_RETURN(std::uint64_t v, r_.u64(key, 0, kMaxInt64));
    return static_cast<std::int64_t>(v);
  }
  Result<std::int32_t> i32(const char* key) {
    CS_ASSIGN_OR_RETURN(std::uint64_t v, r_.u64(key, 0, kMaxInt32));
    return static_cast<std::int32_t>(v);
  }
  Result<std::string> text(const char* key) { return r_.text(key, 0, kMaxTextBytes); }
  // u256 as the node prints it (boost's str()): decimal, no sign, no leading zero.
  Result<std::string> decimal(const char* key) {
    CS_ASSIGN_OR_RETURN(std::string s, r_.text(key, 1, kMaxDecimalDigits));
    const bool digits = std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || (s.size() > 1 && s[0] == '0')) {
      return invalid(r_.path(key), "expected a decimal integer without leading zeros");
    }
    return s;
  }
  Result<const Json*> list(const char* key) { return r_.array(key, kMaxListItems); }
  // A list some 3.x versions still print and always leave empty.
  Status legacy_empty_list(const char* key) {
    if (!r_.has(key)) return {};
    CS_ASSIGN_OR_RETURN(const Json* v, list(key));
    if (!v->empty()) return invalid(r_.path(key), "expected an empty list");
    return {};
  }
  // A Merkle proof: 32-byte words printed as bare lowercase hex (h256::hex()).
  Result<std::optional<std::vector<Digest>>> proof(const char* key) {
    if (!r_.has(key)) return std::optional<std::vector<Digest>>();
    CS_ASSIGN_OR_RETURN(const Json* v, list(key));
    std::vector<Digest> words;
    for (std::size_t i = 0; i < v->size(); ++i) {
      CS_ASSIGN_OR_RETURN(std::string s, json_string((*v)[i], item(r_.path(key), i)));
      CS_ASSIGN_OR_RETURN(Digest word, to_digest(node_hex(s, item(r_.path(key), i), false, 32, 32)));
      words.push_back(word);
    }
    return std::optional<std::vector<Digest>>(std::move(words));
  }
  bool has(const char* key) const { return r_.has(key); }
  FieldReader& reader() { return r_; }
  std::string path(const char* key) const { return r_.path(key); }
  Status finish() const { return r_.finish(); }

 private:
  explicit NodeFields(FieldReader r) : r_(std::move(r)) {}
  FieldReader r_;
};

Result<std::vector<ParentInfo>> read_parents(const Json& list, const std::string& where) {
  std::vector<ParentInfo> parents;
  for (std::size_t i = 0; i < list.size(); ++i) {
    CS_ASSIGN_OR_RETURN(NodeFields f, NodeFields::open(list[i], item(where, i)));
    ParentInfo p;
    CS_ASSIGN_OR_RETURN(p.hash, f.digest("blockHash"));
    CS_ASSIGN_OR_RETURN(p.number, f.i64("blockNumber"));
    CS_RETURN_IF_ERROR(f.finish());
    parents.push_back(p);
  }
  return parents;
}

Result<std::vector<SealerSignature>> read_signatures(const Json& list, const std::string& where) {
  std::vector<SealerSignature> signatures;
  for (std::size_t i = 0; i < list.size(); ++i) {
    CS_ASSIGN_OR_RETURN(NodeFields f, NodeFields::open(list[i], item(where, i)));
    SealerSignature s;
    CS_ASSIGN_OR_RETURN(s.sealer_index, f.reader().u64("sealerIndex", 0, kMaxInt64));
    CS_ASSIGN_OR_RETURN(s.signature, f.hex("signature", 1, 1024));
    CS_RETURN_IF_ERROR(f.finish());
    signatures.push_back(std::move(s));
  }
  return signatures;
}

Result<std::vector<LogEntry>> read_logs(const Json& list, const std::string& where) {
  std::vector<LogEntry> logs;
  for (std::size_t i = 0; i < list.size(); ++i) {
    CS_ASSIGN_OR_RETURN(NodeFields f, NodeFields::open(list[i], item(where, i)));
    LogEntry log;
    CS_ASSIGN_OR_RETURN(log.address, f.text("address"));
    CS_ASSIGN_OR_RETURN(const Json* topics, f.list("topics"));
    for (std::size_t t = 0; t < topics->size(); ++t) {
      const std::string topic_where = item(f.path("topics"), t);
      CS_ASSIGN_OR_RETURN(std::string s, json_string((*topics)[t], topic_where));
      CS_ASSIGN_OR_RETURN(Digest topic, to_digest(node_hex(s, topic_where, true, 32, 32)));
      log.topics.push_back(topic);
    }
    CS_ASSIGN_OR_RETURN(log.data, f.hex("data"));
    CS_RETURN_IF_ERROR(f.finish());
    logs.push_back(std::move(log));
  }
  return logs;
}

}  // namespace

Result<const Json*> node_result(const Json& doc) {
  if (!doc.is_object()) return invalid("reply", "expected a JSON object");
  if (!doc.contains("jsonrpc")) return &doc;
  CS_ASSIGN_OR_RETURN(FieldReader r, FieldReader::open(doc, "reply"));
  CS_ASSIGN_OR_RETURN(std::string version, r.text("jsonrpc", 3, 3));
  if (version != "2.0") return invalid("reply.jsonrpc", "expected \"2.0\"");
  if (r.has("error")) {
    const Json& error = doc["error"];
    return invalid("reply.error", "the node answered an error: " + error.dump(-1, ' ', false, Json::error_handler_t::replace));
  }
  if (!r.has("id") || !(doc["id"].is_number_integer() || doc["id"].is_string())) {
    return invalid("reply.id", "expected an integer or a string");
  }
  CS_ASSIGN_OR_RETURN(const Json* result, r.object("result"));
  for (const auto& [key, value] : doc.items()) {
    if (key != "jsonrpc" && key != "id" && key != "result") return invalid("reply." + key, "unknown field");
  }
  return result;
}

Result<BlockHeader> read_block_header(const Json& object) {
  CS_ASSIGN_OR_RETURN(NodeFields f, NodeFields::open(object, "header"));
  BlockHeader h;
  CS_ASSIGN_OR_RETURN(const Json* weights, f.list("consensusWeights"));
  for (std::size_t i = 0; i < weights->size(); ++i) {
    CS_ASSIGN_OR_RETURN(std::uint64_t w, json_u64((*weights)[i], item(f.path("consensusWeights"), i), kMaxInt64));
    h.consensus_weights.push_back(w);
  }
  CS_ASSIGN_OR_RETURN(h.extra_data, f.hex("extraData"));
  CS_ASSIGN_OR_RETURN(h.gas_used, f.decimal("gasUsed"));
  CS_ASSIGN_OR_RETURN(h.stated_hash, f.digest("hash"));
  CS_ASSIGN_OR_RETURN(h.number, f.i64("number"));
  CS_ASSIGN_OR_RETURN(const Json* parents, f.list("parentInfo"));
  CS_ASSIGN_OR_RETURN(h.parents, read_parents(*parents, f.path("parentInfo")));
  CS_ASSIGN_OR_RETURN(h.receipts_root, f.digest("receiptsRoot"));
  CS_ASSIGN_OR_RETURN(h.sealer, f.i64("sealer"));
  CS_ASSIGN_OR_RETURN(const Json* sealers, f.list("sealerList"));
  for (std::size_t i = 0; i < sealers->size(); ++i) {
    const std::string where = item(f.path("sealerList"), i);
    CS_ASSIGN_OR_RETURN(std::string s, json_string((*sealers)[i], where));
    CS_ASSIGN_OR_RETURN(Bytes node_id, node_hex(s, where, true, kNodeIdBytes, kNodeIdBytes));
    h.sealer_list.push_back(std::move(node_id));
  }
  CS_ASSIGN_OR_RETURN(const Json* signatures, f.list("signatureList"));
  CS_ASSIGN_OR_RETURN(h.signatures, read_signatures(*signatures, f.path("signatureList")));
  CS_ASSIGN_OR_RETURN(h.state_root, f.digest("stateRoot"));
  CS_ASSIGN_OR_RETURN(h.timestamp, f.i64("timestamp"));
  CS_ASSIGN_OR_RETURN(h.txs_root, f.digest("txsRoot"));
  CS_ASSIGN_OR_RETURN(h.version, f.i32("version"));
  CS_RETURN_IF_ERROR(f.finish());
  return h;
}

Result<Transaction> read_transaction(const Json& object, NonceForm nonce_form) {
  CS_ASSIGN_OR_RETURN(NodeFields f, NodeFields::open(object, "transaction"));
  Transaction tx;
  CS_ASSIGN_OR_RETURN(tx.abi, f.text("abi"));
  CS_ASSIGN_OR_RETURN(tx.block_limit, f.i64("blockLimit"));
  CS_ASSIGN_OR_RETURN(tx.chain_id, f.text("chainID"));
  // Not hashed by the node, so nothing can vouch for them: read, then dropped.
  if (f.has("extraData")) CS_RETURN_IF_ERROR(f.text("extraData"));
  CS_RETURN_IF_ERROR(f.i64("importTime"));
  CS_ASSIGN_OR_RETURN(tx.from, f.address("from"));
  CS_ASSIGN_OR_RETURN(tx.group_id, f.text("groupID"));
  CS_ASSIGN_OR_RETURN(tx.stated_hash, f.digest("hash"));
  CS_ASSIGN_OR_RETURN(tx.input, f.hex("input"));
  if (nonce_form == NonceForm::kRaw) {
    CS_ASSIGN_OR_RETURN(tx.nonce, f.text("nonce"));
  } else {
    CS_ASSIGN_OR_RETURN(std::string printed, f.text("nonce"));
    CS_ASSIGN_OR_RETURN(Bytes raw, node_hex(printed, f.path("nonce"), false, 0, kMaxTextBytes));
    tx.nonce.assign(raw.begin(), raw.end());
  }
  CS_ASSIGN_OR_RETURN(tx.signature, f.hex("signature", 1, 1024));
  CS_ASSIGN_OR_RETURN(tx.to, f.text("to"));
  CS_RETURN_IF_ERROR(f.legacy_empty_list("transactionProof"));
  CS_ASSIGN_OR_RETURN(tx.proof, f.proof("txProof"));
  CS_ASSIGN_OR_RETURN(tx.version, f.i32("version"));
  if (tx.version >= kTransactionV1) {
    CS_ASSIGN_OR_RETURN(tx.value, f.text("value"));
    CS_ASSIGN_OR_RETURN(tx.gas_price, f.text("gasPrice"));
    CS_ASSIGN_OR_RETURN(tx.gas_limit, f.i64("gasLimit"));
    CS_ASSIGN_OR_RETURN(tx.max_fee_per_gas, f.text("maxFeePerGas"));
    CS_ASSIGN_OR_RETURN(tx.max_priority_fee_per_gas, f.text("maxPriorityFeePerGas"));
  }
  if (tx.version >= kTransactionV2) {
    CS_ASSIGN_OR_RETURN(const Json* extension, f.list("extension"));
    for (std::size_t i = 0; i < extension->size(); ++i) {
      CS_ASSIGN_OR_RETURN(std::uint64_t b, json_u64((*extension)[i], item(f.path("extension"), i), 255));
      tx.extension.push_back(static_cast<std::uint8_t>(b));
    }
  }
  CS_RETURN_IF_ERROR(f.finish());
  return tx;
}

Result<TransactionReceipt> read_receipt(const Json& object) {
  CS_ASSIGN_OR_RETURN(NodeFields f, NodeFields::open(object, "receipt"));
  TransactionReceipt rc;
  CS_ASSIGN_OR_RETURN(rc.block_number, f.i64("blockNumber"));
  if (f.has("checksumContractAddress")) {
    CS_ASSIGN_OR_RETURN(std::string checksum, f.text("checksumContractAddress"));
    rc.checksum_contract_address = std::move(checksum);
  }
  // An EVM contract's address is held without "0x" and printed with it; a
  // WASM contract's path is printed as held.
  CS_ASSIGN_OR_RETURN(std::string contract, f.text("contractAddress"));
  rc.contract_address = contract.starts_with("0x") ? contract.substr(2) : contract;
  if (f.has("extraData")) CS_RETURN_IF_ERROR(f.text("extraData"));  // not hashed: dropped
  if (f.has("from")) {
    CS_ASSIGN_OR_RETURN(Address from, f.address("from"));
    rc.from = from;
  }
  CS_ASSIGN_OR_RETURN(rc.gas_used, f.decimal("gasUsed"));
  CS_ASSIGN_OR_RETURN(rc.stated_hash, f.digest("hash"));
  if (f.has("input")) {
    CS_ASSIGN_OR_RETURN(Bytes input, f.hex("input"));
    rc.input = std::move(input);
  }
  CS_ASSIGN_OR_RETURN(const Json* logs, f.list("logEntries"));
  CS_ASSIGN_OR_RETURN(rc.logs, read_logs(*logs, f.path("logEntries")));
  CS_RETURN_IF_ERROR(f.text("message"));  // derived by the node from status: not hashed, dropped
  CS_ASSIGN_OR_RETURN(rc.output, f.hex("output"));
  CS_RETURN_IF_ERROR(f.legacy_empty_list("receiptProof"));
  CS_ASSIGN_OR_RETURN(rc.status, f.i32("status"));
  if (f.has("to")) {
    CS_ASSIGN_OR_RETURN(std::string to, f.text("to"));
    rc.to = std::move(to);
  }
  CS_ASSIGN_OR_RETURN(rc.transaction_hash, f.digest("transactionHash"));
  CS_RETURN_IF_ERROR(f.legacy_empty_list("transactionProof"));
  CS_ASSIGN_OR_RETURN(rc.proof, f.proof("txReceiptProof"));
  CS_ASSIGN_OR_RETURN(rc.version, f.i32("version"));
  if (rc.version >= kTransactionV1) {
    CS_ASSIGN_OR_RETURN(rc.effective_gas_price, f.text("effectiveGasPrice"));
  }
  CS_RETURN_IF_ERROR(f.finish());
  return rc;
}

}  // namespace chainslip::fisco

#include "sim/fisco/rpc_answers.h"

#include <array>
#include <cstdint>
#include <optional>

#include "core/engine/fisco_bcos/node_json_writer.h"
#include "sim/fisco/lies.h"

namespace chainslip::sim::fisco {
namespace {

using chainslip::fisco::BlockHeader;
using chainslip::fisco::Transaction;
using chainslip::fisco::TransactionReceipt;

// bcos-rpc's JsonRpcError codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
constexpr int kGroupNotExist = -32005;

constexpr std::int64_t kImportTimeMs = 1'767'225'600'000;  // not hashed; any time will do

constexpr std::array<std::pair<RpcLie, std::string_view>, 4> kLieNames{{
    {RpcLie::kNone, "none"},
    {RpcLie::kBadSignature, "bad-signature"},
    {RpcLie::kForgedSealerList, "forged-sealer-list"},
    {RpcLie::kProofForAnotherRoot, "proof-for-another-root"},
}};

Json error_reply(const Json& id, int code, const std::string& message) {
  return Json{{"id", id}, {"jsonrpc", "2.0"}, {"error", {{"code", code}, {"message", message}}}};
}

Json result_reply(const Json& id, Json result) {
  return Json{{"id", id}, {"jsonrpc", "2.0"}, {"result", std::move(result)}};
}

// A request's params once its group and node are checked: what follows them.
struct Call {
  const Json& id;
  const Json& params;
};

std::optional<Digest> hash_param(const Json& p) {
  if (!p.is_string()) return std::nullopt;
  std::string_view s = p.get_ref<const std::string&>();
  if (s.starts_with("0x")) s.remove_prefix(2);
  auto d = digest_from_hex(s);
  return d.ok() ? std::optional<Digest>(*d) : std::nullopt;
}

class Answerer {
 public:
  explicit Answerer(const RpcNodeView& node) : node_(node) {}

  Json answer(const std::string& method, const Call& c) {
    if (method == "getBlockNumber") return block_number(c);
    if (method == "getBlockByNumber") return block(c);
    if (method == "getTransaction") return transaction(c);
    if (method == "getTransactionReceipt") return receipt(c);
    if (method == "getSealerList") return sealer_list(c);
    return error_reply(c.id, kMethodNotFound, "The method does not exist/is not available.");
  }

 private:
  Json bad_params(const Call& c, const std::string& what) {
    return error_reply(c.id, kInvalidParams, "Invalid params: " + what);
  }

  Json block_number(const Call& c) {
    return result_reply(c.id, static_cast<std::int64_t>(node_.chain.blocks().size() - 1));
  }

  Json block(const Call& c) {
    if (c.params.size() < 3 || !c.params[2].is_number_integer())
      return bad_params(c, "expected a block number");
    const bool only_header = c.params.size() <= 3 || (c.params[3].is_boolean() && c.params[3].get<bool>());
    if (!only_header) return bad_params(c, "this simulator serves headers only (onlyHeader = true)");
    const std::int64_t n = c.params[2].get<std::int64_t>();
    const auto& blocks = node_.chain.blocks();
    if (n < 0 || static_cast<std::uint64_t>(n) >= blocks.size()) return result_reply(c.id, nullptr);
    Result<BlockHeader> h = header(blocks[static_cast<std::size_t>(n)].header);
    if (!h.ok()) return error_reply(c.id, kInternalError, h.error().message);  // a lie it could not make
    return result_reply(c.id, chainslip::fisco::write_block_header(*h));
  }

  Result<BlockHeader> header(const BlockHeader& honest) const {
    if (honest.number == 0) return honest;  // genesis has no signatures to lie about
    switch (node_.lie) {
      case RpcLie::kBadSignature: return with_corrupted_signature(honest, 0);
      case RpcLie::kForgedSealerList:
        return with_forged_sealer_list(node_.chain.crypto(), honest, node_.forgers);
      default: return honest;
    }
  }

  Json transaction(const Call& c) {
    return by_hash(c, &FiscoBlock::transactions, &Transaction::stated_hash, [this](const Transaction& tx) {
      return chainslip::fisco::write_transaction(tx, node_.nonce_form, kImportTimeMs);
    });
  }

  Json receipt(const Call& c) {
    return by_hash(c, &FiscoBlock::receipts, &TransactionReceipt::transaction_hash,
                   [](const TransactionReceipt& r) { return chainslip::fisco::write_receipt(r); });
  }

  // getTransaction and getTransactionReceipt: params [.., hash, requireProof];
  // the object of a block's `list` whose `key` is the hash, its proof only
  // when required (and then a lie when the node tells it).
  template <typename T, typename Write>
  Json by_hash(const Call& c, std::vector<T> FiscoBlock::*list, Digest T::*key, Write write) {
    const std::optional<Digest> hash = c.params.size() > 2 ? hash_param(c.params[2]) : std::nullopt;
    if (!hash) return bad_params(c, "expected a transaction hash");
    const bool proof = c.params.size() > 3 && c.params[3].is_boolean() && c.params[3].get<bool>();
    for (const FiscoBlock& b : node_.chain.blocks()) {
      for (T item : b.*list) {
        if (item.*key != *hash) continue;
        if (!proof) item.proof.reset();
        if (proof && node_.lie == RpcLie::kProofForAnotherRoot) {
          item.proof = proof_to_another_root(node_.chain.crypto(), item.stated_hash);
        }
        return result_reply(c.id, write(item));
      }
    }
    return result_reply(c.id, nullptr);
  }

  Json sealer_list(const Call& c) {
    Json list = Json::array();
    if (node_.lie == RpcLie::kForgedSealerList) {
      for (const ChainKey& k : node_.forgers)
        list.push_back({{"nodeID", to_hex(k.public_key())}, {"weight", 1}});
    } else {
      for (const FiscoSealer& s : node_.chain.sealers()) {
        list.push_back({{"nodeID", to_hex(s.key.public_key())}, {"weight", s.weight}});
      }
    }
    return result_reply(c.id, std::move(list));
  }

  const RpcNodeView& node_;
};

}  // namespace

std::string_view rpc_lie_name(RpcLie lie) {
  for (const auto& [l, name] : kLieNames) {
    if (l == lie) return name;
  }
  return "none";
}

Result<RpcLie> parse_rpc_lie(std::string_view name) {
  for (const auto& [l, n] : kLieNames) {
    if (n == name) return l;
  }
  return make_error(ErrorCode::kInvalidArgument, "unknown FISCO node lie \"" + std::string(name) + "\"");
}

Json answer_rpc(const RpcNodeView& node, std::string_view request) {
  Result<Json> doc = parse_strict_json(request);
  if (!doc.ok()) return error_reply(0, kParseError, "Invalid JSON was received by the server.");
  const Json& r = *doc;
  const Json id = r.is_object() && r.contains("id") && r["id"].is_number_integer() ? r["id"] : Json(0);
  if (!r.is_object() || r.value("jsonrpc", Json()) != "2.0" || !r.contains("method") ||
      !r["method"].is_string() || !r.contains("params") || !r["params"].is_array()) {
    return error_reply(id, kInvalidRequest, "The JSON sent is not a valid Request object.");
  }
  const Json& params = r["params"];
  if (params.size() < 2 || !params[0].is_string() || !params[1].is_string()) {
    return error_reply(id, kInvalidParams, "Invalid params: expected [group, node, ...]");
  }
  if (params[0] != node.chain.group_id()) {
    return error_reply(id, kGroupNotExist, "The group " + params[0].get<std::string>() + " does not exist!");
  }
  if (params[1] != "" && params[1] != node.node_name) {
    return error_reply(id, kInvalidParams, "Invalid params: no node " + params[1].get<std::string>());
  }
  return Answerer(node).answer(r["method"].get<std::string>(), Call{id, params});
}

}  // namespace chainslip::sim::fisco

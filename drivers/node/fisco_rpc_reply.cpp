#include "drivers/node/fisco_rpc_reply.h"

#include <algorithm>
#include <limits>
#include <set>

namespace chainslip::fisco {
namespace {

constexpr std::size_t kMaxSealers = 4096;
constexpr std::uint64_t kMaxInt64 = std::numeric_limits<std::int64_t>::max();

Error invalid(const std::string& where, const std::string& what) {
  return make_error(ErrorCode::kInvalidArgument, where + ": " + what);
}

bool is_lower_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// The node's error object: {"code": integer, "message": string}.
Error node_error(const Json& error) {
  if (!error.is_object() || !error.contains("code") || !error["code"].is_number_integer() ||
      !error.contains("message") || !error["message"].is_string() || error.size() != 2) {
    return invalid("reply.error",
                   "malformed error object " + error.dump(-1, ' ', false, Json::error_handler_t::replace));
  }
  return make_error(ErrorCode::kInvalidArgument, "the node answered JSON-RPC error " +
                                                     std::to_string(error["code"].get<std::int64_t>()) +
                                                     ": " + error["message"].get<std::string>());
}

}  // namespace

std::string rpc_request(std::string_view method, const Json& params, std::int64_t id) {
  return Json{{"id", id}, {"jsonrpc", "2.0"}, {"method", method}, {"params", params}}.dump();
}

Result<const Json*> rpc_result(const Json& reply, std::int64_t id) {
  if (!reply.is_object()) return invalid("reply", "expected a JSON object");
  for (const auto& [key, value] : reply.items()) {
    if (key != "jsonrpc" && key != "id" && key != "result" && key != "error") {
      return invalid("reply." + key, "unknown field");
    }
  }
  if (!reply.contains("jsonrpc") || reply["jsonrpc"] != "2.0")
    return invalid("reply.jsonrpc", "expected \"2.0\"");
  if (!reply.contains("id") || !reply["id"].is_number_integer() || reply["id"].get<std::int64_t>() != id) {
    return invalid("reply.id", "expected " + std::to_string(id) + " (the request's), got " +
                                   (reply.contains("id") ? reply["id"].dump() : std::string("none")));
  }
  const bool has_error = reply.contains("error");
  if (has_error == reply.contains("result")) return invalid("reply", "expected either a result or an error");
  if (has_error) return node_error(reply["error"]);
  const Json& result = reply["result"];
  if (result.is_null()) return make_error(ErrorCode::kNotFound, "the node has no such object (result: null)");
  return &result;
}

Result<std::int64_t> read_block_number(const Json& result) {
  if (!result.is_number_unsigned() || result.get<std::uint64_t>() > kMaxInt64) {
    return invalid("result", "expected a block number (an integer >= 0), got " + result.dump());
  }
  return static_cast<std::int64_t>(result.get<std::uint64_t>());
}

Result<SealerList> read_sealer_list(const Json& result) {
  if (!result.is_array() || result.empty() || result.size() > kMaxSealers) {
    return invalid("result", "expected a list of 1.." + std::to_string(kMaxSealers) + " sealers");
  }
  SealerList out;
  std::set<Bytes> seen;
  for (std::size_t i = 0; i < result.size(); ++i) {
    CS_ASSIGN_OR_RETURN(FieldReader r, FieldReader::open(result[i], "result[" + std::to_string(i) + "]"));
    CS_ASSIGN_OR_RETURN(std::string id, r.text("nodeID", 2 * kNodeIdBytes, 2 * kNodeIdBytes));
    if (!is_lower_hex(id)) return invalid(r.path("nodeID"), "expected lowercase hex digits without \"0x\"");
    CS_ASSIGN_OR_RETURN(Bytes node_id, from_hex(id));
    CS_ASSIGN_OR_RETURN(std::uint64_t weight, r.u64("weight", 0, kMaxInt64));
    CS_RETURN_IF_ERROR(r.finish());
    if (!seen.insert(node_id).second) return invalid(r.path("nodeID"), "listed twice");
    out.node_ids.push_back(std::move(node_id));
    out.weights.push_back(weight);
  }
  return out;
}

}  // namespace chainslip::fisco

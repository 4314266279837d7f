#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/bytes.h"
#include "core/util/result.h"
#include "core/engine/fisco_bcos/trust_anchor.h"
#include "core/util/strict_json.h"

namespace chainslip::fisco {

// The text of a JSON-RPC 2.0 request: {"id", "jsonrpc": "2.0", "method", "params"}.
std::string rpc_request(std::string_view method, const Json& params, std::int64_t id);

// The `result` of a FISCO node's reply to request `id`, the envelope read
// strictly: "jsonrpc" is "2.0", "id" is the request's (kInvalidArgument
// otherwise: an answer to another request), an "error" object is
// kInvalidArgument with its code and message in the text, a null result is
// kNotFound (the node has no such object), and nothing else may be there.
Result<const Json*> rpc_result(const Json& reply, std::int64_t id);

// getBlockNumber's result: the height, a non-negative JSON integer.
Result<std::int64_t> read_block_number(const Json& result);

// getSealerList's result (bcos-rpc JsonRpcImpl_2_0): [{"nodeID": 128
// lowercase hex digits without "0x", "weight": integer}, ...], at least
// one, no node ID twice; in the node's order, as a trust anchor holds one
// (what one node claims, not a trusted list).
Result<SealerList> read_sealer_list(const Json& result);

}  // namespace chainslip::fisco

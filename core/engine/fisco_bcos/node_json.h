#pragma once

#include "core/engine/fisco_bcos/block_header.h"
#include "core/engine/fisco_bcos/receipt.h"
#include "core/engine/fisco_bcos/transaction.h"
#include "core/util/strict_json.h"

namespace chainslip::fisco {

// How the node printed a transaction's nonce: the nonce string itself (nodes
// up to 3.2) or the hex of its bytes (3.3 and later). The hash is over the
// nonce string either way.
enum class NonceForm { kRaw, kHex };

// The object a node reply carries: `doc` itself when it is a bare object, or
// the `result` of a JSON-RPC 2.0 reply ({"id", "jsonrpc": "2.0", "result"}).
// An `error` reply, a null result or any other member is refused.
Result<const Json*> node_result(const Json& doc);

// Strict readers of the objects the node prints (bcos-rpc JsonRpcImpl_2_0
// toJsonResp): every field the node prints is required with its exact type
// and form (lowercase "0x" hex, decimal gasUsed without leading zeros),
// fields that only some 3.x versions print are optional, and any other field
// is refused. Errors are kInvalidArgument naming the field.
Result<BlockHeader> read_block_header(const Json& object);
Result<Transaction> read_transaction(const Json& object, NonceForm nonce_form);
Result<TransactionReceipt> read_receipt(const Json& object);

}  // namespace chainslip::fisco

#pragma once

#include <cstdint>

#include "core/engine/fisco_bcos/block_header.h"
#include "core/engine/fisco_bcos/node_json.h"
#include "core/engine/fisco_bcos/receipt.h"
#include "core/engine/fisco_bcos/transaction.h"
#include "core/util/strict_json.h"

namespace chainslip::fisco {

// The objects as a FISCO BCOS 3.x node prints them (bcos-rpc
// JsonRpcImpl_2_0 toJsonResp), for the bundles a kiosk caches and for the
// simulated node: the inverse of core's strict readers
// (node_json.h): read_block_header(write_block_header(h)) is h again, and
// so for transactions and receipts. Hex is lowercase with "0x" (proof
// words without), integers are JSON integers, and the fields 3.x prints
// that nothing hashes (extraData, message, the always-empty
// transactionProof and receiptProof) are printed as a 3.3 node prints them.

// getBlockByNumber(onlyHeader = true).
Json write_block_header(const BlockHeader& header);

// getTransaction(requireProof): txProof only when the transaction has one.
// The nonce as the node version prints it (kRaw up to 3.2, kHex from 3.3);
// importTime is when the node took the transaction in (not hashed).
Json write_transaction(const Transaction& tx, NonceForm nonce_form, std::int64_t import_time_ms);

// getTransactionReceipt(requireProof): txReceiptProof only when the
// receipt has one; from, to, input and checksumContractAddress when held.
Json write_receipt(const TransactionReceipt& receipt);

// A JSON-RPC 2.0 reply carrying `result`, as node_result() reads it.
Json jsonrpc_reply(Json result, std::int64_t id);

}  // namespace chainslip::fisco

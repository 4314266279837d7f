#pragma once

#include "core/engine/fisco_bcos/block_header.h"
#include "core/engine/fisco_bcos/receipt.h"
#include "core/engine/fisco_bcos/transaction.h"
#include "core/util/bytes.h"

namespace chainslip::fisco {

// The exact bytes a FISCO BCOS 3.x node feeds its hasher for each object
// (bcos-tars-protocol impl/TarsHashable.h, 3.0.0 and later): integers
// big-endian at their tars width (int 4 bytes, long 8), strings and byte
// vectors as their raw bytes with no length, lists as their items in order.
// The hash is chain_hash() of these bytes (object_hash.h).

// Header: version, each parent (number, hash), txsRoot, receiptsRoot,
// stateRoot, number, gasUsed (decimal text), timestamp, sealer, each sealer
// node ID, extraData, each consensus weight. The genesis block (number 0) is
// hashed before its roots and gasUsed are ever set: the node prints them as
// zeros and "0" but hashes nothing for them.
Bytes header_hashable_bytes(const BlockHeader& header);

// Transaction: version, chainID, groupID, blockLimit, nonce, to, input, abi;
// from version 1 value, gasPrice, gasLimit, maxFeePerGas,
// maxPriorityFeePerGas; from version 2 extension.
Bytes transaction_hashable_bytes(const Transaction& tx);

// Receipt: version, gasUsed (decimal text), contractAddress, status, output;
// from version 1 effectiveGasPrice; each log (address, each topic, data);
// blockNumber.
Bytes receipt_hashable_bytes(const TransactionReceipt& receipt);

}  // namespace chainslip::fisco

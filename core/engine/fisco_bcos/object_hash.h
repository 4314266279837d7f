#pragma once

#include "core/engine/fisco_bcos/block_header.h"
#include "core/engine/fisco_bcos/chain_crypto.h"
#include "core/engine/fisco_bcos/receipt.h"
#include "core/engine/fisco_bcos/transaction.h"

namespace chainslip::fisco {

// Each object's hash recomputed from its fields, as the node computes it:
// chain_hash() of the tars-hashable bytes (tars_hashable.h). The object's
// stated hash plays no part.
Digest header_hash(ChainCrypto crypto, const BlockHeader& header);
Digest transaction_hash(ChainCrypto crypto, const Transaction& tx);
Digest receipt_hash(ChainCrypto crypto, const TransactionReceipt& receipt);

}  // namespace chainslip::fisco

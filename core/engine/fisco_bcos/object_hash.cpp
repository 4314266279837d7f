#include "core/engine/fisco_bcos/object_hash.h"

#include "core/engine/fisco_bcos/tars_hashable.h"

namespace chainslip::fisco {

Digest header_hash(ChainCrypto crypto, const BlockHeader& header) {
  return chain_hash(crypto, header_hashable_bytes(header));
}

Digest transaction_hash(ChainCrypto crypto, const Transaction& tx) {
  return chain_hash(crypto, transaction_hashable_bytes(tx));
}

Digest receipt_hash(ChainCrypto crypto, const TransactionReceipt& receipt) {
  return chain_hash(crypto, receipt_hashable_bytes(receipt));
}

}  // namespace chainslip::fisco

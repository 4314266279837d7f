#include "core/engine/fisco_bcos/inclusion.h"

#include <string>

#include "core/engine/fisco_bcos/merkle_proof.h"
#include "core/engine/fisco_bcos/transaction_check.h"

namespace chainslip::fisco {

Result<std::uint64_t> verify_transaction_in_header(ChainCrypto crypto, const Transaction& tx,
                                                   const BlockHeader& header) {
  CS_ASSIGN_OR_RETURN(const Digest hash, check_transaction(crypto, tx));
  if (!tx.proof) return make_error(ErrorCode::kInclusionProofInvalid, "the transaction carries no txProof");
  return verify_merkle_proof(crypto, *tx.proof, hash, header.txs_root);
}

Result<std::uint64_t> verify_receipt_in_header(ChainCrypto crypto, const TransactionReceipt& receipt,
                                               const BlockHeader& header, std::optional<std::uint64_t> at) {
  CS_ASSIGN_OR_RETURN(const Digest hash, check_receipt(crypto, receipt));
  if (receipt.block_number != header.number) {
    return make_error(ErrorCode::kInclusionProofInvalid, "a receipt of block " + std::to_string(receipt.block_number) +
                                                             " shown with header " + std::to_string(header.number));
  }
  if (!receipt.proof) return make_error(ErrorCode::kInclusionProofInvalid, "the receipt carries no txReceiptProof");
  CS_ASSIGN_OR_RETURN(const std::uint64_t index, verify_merkle_proof(crypto, *receipt.proof, hash, header.receipts_root, at));
  if (receipt.status != 0) {
    return make_error(ErrorCode::kTransactionFailed,
                      "the receipt's status is " + std::to_string(receipt.status) + ": the transaction did not take effect");
  }
  return index;
}

}  // namespace chainslip::fisco

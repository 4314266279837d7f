#pragma once

#include <cstdint>
#include <optional>

#include "core/engine/fisco_bcos/block_header.h"
#include "core/engine/fisco_bcos/chain_crypto.h"
#include "core/engine/fisco_bcos/receipt.h"
#include "core/engine/fisco_bcos/transaction.h"
#include "core/util/result.h"

namespace chainslip::fisco {

// The transaction is in the header's transaction tree, in order:
// check_transaction() (kObjectHashMismatch, kSenderMismatch), a txProof is
// present and leads from the recomputed hash to txsRoot
// (kInclusionProofInvalid, merkle_proof.h). Returns the leaf index. The
// header is the caller's to have verified (verify_sealed_header()).
Result<std::uint64_t> verify_transaction_in_header(ChainCrypto crypto, const Transaction& tx,
                                                   const BlockHeader& header);

// The receipt is in the header's receipt tree and says the transaction took
// effect, in order: check_receipt() (kObjectHashMismatch, kInvalidArgument),
// its blockNumber is the header's and a txReceiptProof is present and leads
// from the recomputed hash to receiptsRoot (kInclusionProofInvalid), its
// status is 0 (kTransactionFailed). Returns the leaf index. With `at`, the
// receipt must be at that place of the tree (its transaction's: a receipt's
// hash does not name its transaction, so its place does; verify_merkle_proof).
Result<std::uint64_t> verify_receipt_in_header(ChainCrypto crypto, const TransactionReceipt& receipt,
                                               const BlockHeader& header,
                                               std::optional<std::uint64_t> at = std::nullopt);

}  // namespace chainslip::fisco

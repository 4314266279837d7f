#pragma once

#include <cstdint>
#include <vector>

#include "core/engine/fisco_bcos/light_client.h"
#include "core/engine/fisco_bcos/receipt.h"
#include "core/engine/fisco_bcos/transaction.h"
#include "core/receipt/receipt.h"

namespace chainslip::fisco {

inline constexpr std::size_t kMaxSealerListChanges = 1024;

// What proves on a FISCO BCOS 3.x chain that an e-receipt was issued
// (docs/PROTOCOL.md 11.9): the issuer's registry transaction with its
// txProof, its receipt with txReceiptProof, the header of their block, and
// the sealer-list changes from the trust anchor to that block.
struct IssuanceProof {
  BlockHeader header;
  Transaction transaction;
  TransactionReceipt receipt;
  std::vector<SealerListChange> sealer_list_changes;
};

// What a successful verification established.
struct VerifiedIssuance {
  Digest receipt_hash{};  // the chain's hash of the canonical receipt bytes
  Digest transaction_hash{};
  Digest header_hash{};
  std::int64_t number = 0;
  Address issuer_account{};
};

// The e-receipt `receipt` was issued on the chain `known` trusts, in this
// order (the first failure is the answer):
// 1. the receipt's own rules (validate_receipt's codes);
// 2. the proof's sealer-list changes, on top of those `known` holds
//    (LightClient::accept: kValidatorSetChangeInvalid);
// 3. the header (LightClient::verify_header's codes), and it is not older
//    than the receipt's issue time, within the allowed clock skew
//    (kHeaderBeforeIssue);
// 4. the transaction is in the header (verify_transaction_in_header), for
//    the anchor's chain and group (kWrongChainId);
// 5. its receipt is in the header and took effect (verify_receipt_in_header,
//    check_receipt_of_transaction);
// 6. it calls the anchor's registry, and the call is issue(receipt_hash,
//    code, number) of this receipt (kIssuanceMismatch);
// 7. its sender is an issuer account the anchor names for the receipt's
//    issuer_id (kIssuerAccountMismatch).
Result<VerifiedIssuance> verify_issuance(const Receipt& receipt, const IssuanceProof& proof, const LightClient& known,
                                         const HeaderCheckOptions& options);

}  // namespace chainslip::fisco

#include "core/util/error.h"

namespace chainslip {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kAlreadyExists: return "already_exists";
    case ErrorCode::kFailedPrecondition: return "failed_precondition";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kBusy: return "busy";
    case ErrorCode::kDeadlineExceeded: return "deadline_exceeded";
    case ErrorCode::kAborted: return "aborted";
    case ErrorCode::kResourceExhausted: return "resource_exhausted";
    case ErrorCode::kDataLoss: return "data_loss";
    case ErrorCode::kUnimplemented: return "unimplemented";
    case ErrorCode::kInternal: return "internal";
    case ErrorCode::kSuiteMismatch: return "suite_mismatch";
    case ErrorCode::kIssuerSignatureInvalid: return "issuer_signature_invalid";
    case ErrorCode::kCertificateSignatureInvalid: return "certificate_signature_invalid";
    case ErrorCode::kCertificateNotValidAtIssueTime: return "certificate_not_valid_at_issue_time";
    case ErrorCode::kCertificateIssuerMismatch: return "certificate_issuer_mismatch";
    case ErrorCode::kInclusionProofInvalid: return "inclusion_proof_invalid";
    case ErrorCode::kConsistencyProofInvalid: return "consistency_proof_invalid";
    case ErrorCode::kHeaderHashMismatch: return "header_hash_mismatch";
    case ErrorCode::kWrongChainId: return "wrong_chain_id";
    case ErrorCode::kDuplicateSigner: return "duplicate_signer";
    case ErrorCode::kUnknownValidator: return "unknown_validator";
    case ErrorCode::kValidatorSignatureInvalid: return "validator_signature_invalid";
    case ErrorCode::kInsufficientQuorum: return "insufficient_quorum";
    case ErrorCode::kHeaderFromFuture: return "header_from_future";
    case ErrorCode::kHeaderStale: return "header_stale";
    case ErrorCode::kHeaderBeforeIssue: return "header_before_issue";
    case ErrorCode::kValidatorSetMismatch: return "validator_set_mismatch";
    case ErrorCode::kValidatorSetChangeInvalid: return "validator_set_change_invalid";
    case ErrorCode::kItemAmountMismatch: return "item_amount_mismatch";
    case ErrorCode::kTotalMismatch: return "total_mismatch";
    case ErrorCode::kPaymentBreakdownMismatch: return "payment_breakdown_mismatch";
    case ErrorCode::kObjectHashMismatch: return "object_hash_mismatch";
    case ErrorCode::kSenderMismatch: return "sender_mismatch";
    case ErrorCode::kParentMismatch: return "parent_mismatch";
    case ErrorCode::kReceiptTransactionMismatch: return "receipt_transaction_mismatch";
    case ErrorCode::kTransactionFailed: return "transaction_failed";
    case ErrorCode::kIssuanceMismatch: return "issuance_mismatch";
    case ErrorCode::kIssuerAccountMismatch: return "issuer_account_mismatch";
  }
  return "unknown";
}

}  // namespace chainslip

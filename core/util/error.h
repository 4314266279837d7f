#pragma once

#include <string>
#include <string_view>

namespace chainslip {

// Every failure in chainslip carries one of these codes. The generic codes
// follow abseil's Status vocabulary; the verification codes name the exact
// check that failed, so the CLI, the logs and the kiosk screen can say why.
// Names (error_code_name) are part of the `chainslip verify --json` output and
// are listed in docs/PROTOCOL.md: keep them stable.
enum class ErrorCode {
  // generic
  kInvalidArgument,   // malformed input: bad JSON, wrong field, wrong length
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
  kUnavailable,       // I/O or network not reachable right now; no device
  kPermissionDenied,  // the OS refused access (device node, file mode)
  kBusy,              // another process or driver holds the device
  kDeadlineExceeded,  // an operation did not finish in its time
  kAborted,           // stopped part-way (paper out, cutter error, unplugged)
  kResourceExhausted, // a counter, a disk or a quota ran out
  kDataLoss,          // stored data is corrupt or unreadable
  kUnimplemented,
  kInternal,          // a library call failed unexpectedly
  // verification
  kSuiteMismatch,
  kIssuerSignatureInvalid,
  kCertificateSignatureInvalid,
  kCertificateNotValidAtIssueTime,
  kCertificateIssuerMismatch,
  kInclusionProofInvalid,
  kConsistencyProofInvalid,
  kHeaderHashMismatch,
  kWrongChainId,
  kDuplicateSigner,
  kUnknownValidator,
  kValidatorSignatureInvalid,
  kInsufficientQuorum,
  kHeaderFromFuture,
  kHeaderStale,
  kHeaderBeforeIssue,
  kValidatorSetMismatch,
  kValidatorSetChangeInvalid,
  // receipt money rules (docs/PROTOCOL.md 2.1)
  kItemAmountMismatch,         // an item's amount is not round-half-up(quantity × price)
  kTotalMismatch,              // the items do not add up to the total
  kPaymentBreakdownMismatch,   // the medical payments do not add up to the total
  // FISCO BCOS engine (docs/PROTOCOL.md 11)
  kObjectHashMismatch,         // a transaction's or receipt's stated hash is not the one recomputed
  kSenderMismatch,             // a transaction's signature was not made by its `from`
  kParentMismatch,             // a header's parentInfo does not name its parent
  kReceiptTransactionMismatch, // a receipt does not belong to the transaction it is shown with
  kTransactionFailed,          // the receipt's status is not 0: the transaction did not take effect
  kIssuanceMismatch,           // a transaction is not the registry's issue call for this receipt
  kIssuerAccountMismatch,      // an issuance was sent by an account the anchor does not name for the issuer
};

std::string_view error_code_name(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;
};

}  // namespace chainslip

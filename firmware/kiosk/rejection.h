#pragma once

#include <string>
#include <string_view>

#include "core/util/error.h"

namespace chainslip {

// Why the kiosk will not show a scanned code as a valid receipt. The patient
// sees one of a few plain classes; the operator log keeps the specific cause
// (for a verification failure, the ErrorCode's stable name).
enum class RejectionKind {
  kNotAReceiptCode,     // the QR code is not a fiscal e-receipt's
  kUnknownPlatform,     // a receipt code of a platform this kiosk does not know
  kMalformedCode,       // a known platform's code with a bad, missing or repeated field
  kReceiptNotFound,     // the chain knows no such receipt (or the check code is wrong)
  kVerificationFailed,  // signature, proof, quorum, ...: the node's answer does not verify
  kNodeUnavailable,     // no node reachable and the receipt is not cached
  kQrMismatch,          // the verified receipt disagrees with its own QR code
};

struct Rejection {
  RejectionKind kind = RejectionKind::kVerificationFailed;
  std::string code;     // stable name: "not_a_receipt_code", "verification_failed", ...
  std::string text_zh;  // for the patient
  std::string text_en;
  std::string log_line;  // for the operator: "kiosk: rejected reason=... cause=... detail=..."
};

std::string_view rejection_kind_name(RejectionKind kind);

// `cause` is the failure behind it; `subject` names what was scanned
// ("33010101-0000000042", or the raw text's length for a non-receipt code).
Rejection make_rejection(RejectionKind kind, const Error& cause, const std::string& subject);

}  // namespace chainslip

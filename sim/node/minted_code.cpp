#include "sim/node/minted_code.h"

#include <cctype>

#include "core/crypto/hasher.h"
#include "core/receipt/receipt_code_match.h"

namespace chainslip::sim {
namespace {

// Uppercase hex of the first `bytes` of SHA-256(code, number, check code).
std::string check_value(const Receipt& r, std::size_t bytes) {
  const Digest d = hash(Suite::kP256Sha256, as_bytes(r.code + "_" + r.number + "_" + r.check_code));
  std::string hex = to_hex(ByteView(d).first(bytes));
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return hex;
}

}  // namespace

ReceiptCode minted_code(const Receipt& r, ReceiptCodeForm form) {
  constexpr const char* kAppId = "CSSIMAPP01";
  if (form == ReceiptCodeForm::kShort) {
    return receipt_code_for(r, form, {{"t", "504"}, {"a", kAppId}, {"s", check_value(r, 5)}});
  }
  return receipt_code_for(r, form, {{"app_id", kAppId}, {"security", check_value(r, 6)}});
}

}  // namespace chainslip::sim

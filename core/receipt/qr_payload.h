#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/receipt/receipt.h"

namespace chainslip {

// What the QR code on an e-receipt carries (docs/PROTOCOL.md, "QR payload"):
//   CS1,<code>,<number>,<check_code>,<amount_fen>,<issue date YYYYMMDD, UTC+8>
// It only locates a receipt; nothing in it is trusted until the fetched
// bundle verifies and matches it.
struct QrPayload {
  std::string code;
  std::string number;
  std::string check_code;
  std::uint64_t amount_fen = 0;
  std::uint32_t issue_date = 0;  // YYYYMMDD in China Standard Time

  bool operator==(const QrPayload&) const = default;
};

inline constexpr std::size_t kMaxQrPayloadBytes = 64;

// Strict: exactly six comma-separated ASCII fields, no spaces, no leading
// zeros in the amount, a real calendar date; anything else is
// kInvalidArgument with the reason.
Result<QrPayload> parse_qr_payload(std::string_view text);
std::string format_qr_payload(const QrPayload& payload);

// The payload that belongs on `receipt`'s QR code.
QrPayload qr_payload_for(const Receipt& receipt);

// kInvalidArgument naming the first field where the scanned code and the
// verified receipt disagree.
Status check_qr_matches(const QrPayload& payload, const Receipt& receipt);

}  // namespace chainslip

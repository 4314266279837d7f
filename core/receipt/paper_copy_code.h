#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/receipt/receipt.h"

namespace chainslip {

// The QR code the kiosk prints on a paper copy (docs/PROTOCOL.md 6.6): no
// published format exists for a paper copy's code, so this one is
// chainslip's own and says so by its tag:
//   CSP1,<code>,<number>,<check_code>,<amount_fen>,<issue date YYYYMMDD, UTC+8>
// It names the e-receipt the paper copies. A kiosk's scanner does not read
// it as a receipt code (it is on no platform's allow-list).
struct PaperCopyCode {
  std::string code;
  std::string number;
  std::string check_code;
  std::uint64_t amount_fen = 0;
  std::uint32_t issue_date = 0;  // YYYYMMDD in China Standard Time

  bool operator==(const PaperCopyCode&) const = default;
};

inline constexpr std::size_t kMaxPaperCopyCodeBytes = 64;

// Strict: exactly six comma-separated ASCII fields, no spaces, no leading
// zeros in the amount, a real calendar date; anything else is
// kInvalidArgument with the reason.
Result<PaperCopyCode> parse_paper_copy_code(std::string_view text);
std::string format_paper_copy_code(const PaperCopyCode& payload);

// The payload that belongs on `receipt`'s QR code.
PaperCopyCode paper_copy_code_for(const Receipt& receipt);

// kInvalidArgument naming the first field where the scanned code and the
// verified receipt disagree.
Status check_paper_copy_code_matches(const PaperCopyCode& payload, const Receipt& receipt);

}  // namespace chainslip

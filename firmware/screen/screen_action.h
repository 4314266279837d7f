#pragma once

#include <cstddef>
#include <string_view>

#include "core/util/result.h"
#include "core/util/strict_json.h"

namespace chainslip {

// The longest QR text a simulated "present" may carry. Real receipt codes
// (URLs of ~130 bytes, or the short CS1 form) are shorter; the margin lets a
// maintainer present junk. The scanners' own bound is kDefaultMaxCodeBytes
// (drivers/scanner/code_text.h).
inline constexpr std::size_t kMaxPresentedPayloadBytes = 256;

// Parses the body of POST /actions (docs/SCREEN.md, "Actions"), strictly:
//   {"action":"choose","reason":"refund"|"other"}    (the purpose; the confirm step follows)
//   {"action":"confirm","reason":"refund"|"other"}   (the one-time exchange, on the confirm step)
//   {"action":"cancel"}
//   {"action":"call_staff"}
//   {"action":"start_over"}
//   {"action":"present","payload":"<QR text, 1..256 bytes>"}   (sim_mode only)
// Any other shape, an extra field or a duplicate key is kInvalidArgument; a
// "present" outside simulator mode is kPermissionDenied. The result is the
// action rebuilt from the fields read, so the handler sees only those.
Result<Json> parse_screen_action(std::string_view body, bool sim_mode);

}  // namespace chainslip

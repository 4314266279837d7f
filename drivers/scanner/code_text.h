#pragma once

#include <cstddef>
#include <string_view>

#include "core/receipt/qr_payload.h"
#include "core/util/result.h"

namespace chainslip {

// The longest code text any scanner hands on by default. A receipt's QR
// payload is at most kMaxQrPayloadBytes; anything much longer is not a
// receipt and is dropped at the reader, before it is logged or parsed.
inline constexpr std::size_t kDefaultMaxCodeBytes = 4 * kMaxQrPayloadBytes;

// The bounds every scanner applies to what it read before handing it on:
// not empty, at most max_bytes, and no control bytes (0x00..0x1f, 0x7f) —
// a code is one line of text. kInvalidArgument saying which rule failed.
// The strict parse into a receipt code (parse_qr_payload) is the caller's.
Status check_code_text(std::string_view text, std::size_t max_bytes);

}  // namespace chainslip

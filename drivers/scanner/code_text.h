#pragma once

#include <cstddef>
#include <string_view>

#include "core/util/result.h"

namespace chainslip {

// The longest code text any scanner hands on by default. Real fiscal
// e-receipt QR codes are URLs of the national verification platform, about
// 130 bytes (https://www.chinaebill.cn/eips-wxapp-service/d?t=...&a=...&d=...
// &s=...); provinces' hosts and percent-escapes may make them longer, so the
// bound leaves ~4x room. Anything longer is not a receipt and is dropped at
// the reader, before it is logged or parsed. The scanner layer does not
// know the receipt formats (core/receipt parses the text it hands on).
inline constexpr std::size_t kDefaultMaxCodeBytes = 512;

// The bounds every scanner applies to what it read before handing it on:
// not empty, at most max_bytes, and no control bytes (0x00..0x1f, 0x7f) —
// a code is one line of text. kInvalidArgument saying which rule failed.
// The strict parse into a receipt code (parse_receipt_code) is the caller's.
Status check_code_text(std::string_view text, std::size_t max_bytes);

}  // namespace chainslip

#include "drivers/scanner/code_text.h"

#include <cstdio>
#include <string>

namespace chainslip {

Status check_code_text(std::string_view text, std::size_t max_bytes) {
  if (text.empty()) return make_error(ErrorCode::kInvalidArgument, "empty code");
  if (text.size() > max_bytes) {
    return make_error(ErrorCode::kInvalidArgument, "code of " + std::to_string(text.size()) +
                                                       " bytes is longer than " + std::to_string(max_bytes));
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", c);
      return make_error(ErrorCode::kInvalidArgument,
                        "code contains control byte " + std::string(hex) + " at offset " + std::to_string(i));
    }
  }
  return {};
}

}  // namespace chainslip

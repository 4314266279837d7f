#include "core/receipt/payer_mask.h"

#include "core/text/utf8.h"

namespace chainslip {

std::string display_payer(std::string_view name, PayerDisplay policy) {
  if (policy == PayerDisplay::kFull) return std::string(name);
  const std::vector<Utf8Char> chars = utf8_chars(name);
  switch (chars.size()) {
    case 0: return {};
    case 1: return "*";
    case 2: return std::string(chars.front().bytes) + "*";
    default:
      return std::string(chars.front().bytes) + std::string(chars.size() - 2, '*') +
             std::string(chars.back().bytes);
  }
}

std::string display_id_number(std::string_view id_number) {
  if (id_number.size() < 8) return std::string(id_number.size(), '*');
  return std::string(id_number.substr(0, 3)) + std::string(id_number.size() - 7, '*') +
         std::string(id_number.substr(id_number.size() - 4));
}

}  // namespace chainslip

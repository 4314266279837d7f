#pragma once

#include <string>
#include <string_view>

namespace chainslip {

// How the payer's name (交款人) is shown on the kiosk screen and on paper.
enum class PayerDisplay {
  kFull,    // as on the receipt
  kMasked,  // first and last character kept, one '*' for each in between
};

// Masks by character, not byte: 张三丰 -> 张*丰, 欧阳娜娜 -> 欧**娜. A
// two-character name keeps its first (张三 -> 张*), a one-character name
// becomes "*". Bytes that are not UTF-8 count as one character each, so a
// malformed name is still masked, never shown.
std::string display_payer(std::string_view name, PayerDisplay policy);

// An ID number (身份证号, 统一社会信用代码) is never shown whole, whatever the
// policy: its first 3 and last 4 characters stay, each one between becomes
// '*' (330***********123X). Under 8 characters, every one is masked.
std::string display_id_number(std::string_view id_number);

}  // namespace chainslip

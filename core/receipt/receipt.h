#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/bytes.h"
#include "core/util/result.h"
#include "core/util/strict_json.h"

namespace chainslip {

// 票据种类: the kinds of fiscal e-receipt a kiosk handles.
enum class ReceiptKind { kOutpatient, kInpatient, kNonTax, kDonation, kFine };

Result<ReceiptKind> parse_receipt_kind(std::string_view name);
std::string_view receipt_kind_name(ReceiptKind kind);

struct ReceiptItem {
  std::string name;
  std::uint64_t quantity = 0;
  std::uint64_t unit_price_fen = 0;
  std::uint64_t amount_fen = 0;  // == quantity * unit_price_fen

  bool operator==(const ReceiptItem&) const = default;
};

// One fiscal e-receipt as the issuer signed it. Money is integer fen (分).
struct Receipt {
  std::string code;        // 票据代码: 8 digits
  std::string number;      // 票据号码: 10 digits
  std::string check_code;  // 校验码: 6 ASCII letters or digits
  ReceiptKind kind = ReceiptKind::kOutpatient;
  std::uint64_t issued_at = 0;  // 开票日期: Unix seconds, UTC
  std::string issuer_id;        // 开票单位 统一社会信用代码: 18 characters
  std::string issuer_name;
  std::string payer;            // 交款人
  std::vector<ReceiptItem> items;
  std::uint64_t amount_fen = 0;  // 金额: sum of the items

  bool operator==(const Receipt&) const = default;
};

inline constexpr std::size_t kMaxReceiptItems = 200;
inline constexpr std::uint64_t kMaxAmountFen = 1'000'000'000'000;  // 100 亿元

// Every rule a receipt must satisfy, whatever it was parsed from or built by.
Status validate_receipt(const Receipt& receipt);

// The one byte encoding of a receipt that is signed and hashed
// (docs/PROTOCOL.md, "Canonical receipt bytes").
Bytes canonical_receipt_bytes(const Receipt& receipt);

// Strict JSON form: exactly the documented fields, validated.
Result<Receipt> receipt_from_json(const Json& value, const std::string& where);
Json receipt_to_json(const Receipt& receipt);

}  // namespace chainslip

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/receipt/receipt.h"

namespace chainslip {

// How a receipt is named and dated for people (screen, paper, QR date): one
// place, so the kiosk screen and the paper copy never disagree.
struct ReceiptKindText {
  std::string_view title;  // 票据名称: "医疗收费电子票据"
  std::string_view name;   // 票据种类: "门诊"
};
const ReceiptKindText& receipt_kind_text(ReceiptKind kind);

// Unix seconds formatted (strftime) in China Standard Time (UTC+8, no
// daylight saving), the time zone every receipt date is in.
std::string china_time(std::uint64_t unix_seconds, const char* strftime_format);

}  // namespace chainslip

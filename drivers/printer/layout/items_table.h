#pragma once

#include <string>
#include <vector>

#include "core/receipt/receipt.h"

namespace chainslip::escpos {

// The most lines one item's name takes; the last is truncated with "..".
inline constexpr std::size_t kMaxItemNameLines = 3;

// The receipt's items as text lines of at most `columns` printer columns:
// a header (项目名称 数量 单价 金额), then per item its name and the
// right-aligned quantity, unit price and amount. Number columns are as wide
// as their widest entry; when the name column would be narrower than 8
// columns (big amounts on 58 mm paper) each item takes a name line and a
// numbers line instead. Long names wrap inside the name column.
std::vector<std::string> items_table(const std::vector<ReceiptItem>& items, int columns);

}  // namespace chainslip::escpos

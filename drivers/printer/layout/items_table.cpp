#include "drivers/printer/layout/items_table.h"

#include <algorithm>

#include "core/receipt/amount_in_words.h"
#include "core/receipt/money.h"
#include "drivers/printer/escpos/gb18030_text.h"

namespace chainslip::escpos {
namespace {

constexpr int kMinNameColumns = 8;  // 4 汉字: the shortest names (挂号费) still read whole

struct Row {
  std::string name, quantity, price, amount;
};

// The name in lines of `columns`, at most kMaxItemNameLines.
std::vector<std::string> name_lines(const std::string& name, int columns) {
  std::vector<std::string> lines = wrap_to_columns(name, columns);
  if (lines.size() > kMaxItemNameLines) {
    // Whatever follows the last kept line is cut, marked by "..".
    std::string rest;
    for (std::size_t i = kMaxItemNameLines - 1; i < lines.size(); ++i) rest += lines[i];
    lines.resize(kMaxItemNameLines);
    lines.back() = truncate_to_columns(rest, columns);
  }
  return lines;
}

// The name as the paper shows it: with its unit and 医保 class when given,
// "奥美拉唑肠溶胶囊/盒 [甲]".
std::string item_label(const ReceiptItem& item) {
  std::string label = item.name;
  if (!item.unit.empty()) label += "/" + item.unit;
  switch (item.insurance_class) {
    case InsuranceClass::kClassA: label += " [甲]"; break;
    case InsuranceClass::kClassB: label += " [乙]"; break;
    case InsuranceClass::kSelfPay: label += " [自费]"; break;
    case InsuranceClass::kNone: break;
  }
  return label;
}

}  // namespace

std::vector<std::string> items_table(const std::vector<ReceiptItem>& items, int columns) {
  std::vector<Row> rows;
  Row header{"项目名称", "数量", "单价", "金额"};
  int qty_w = text_columns(header.quantity), price_w = text_columns(header.price),
      amount_w = text_columns(header.amount);
  for (const ReceiptItem& item : items) {
    Row r{item_label(item), display_decimal(item.quantity_hundredths, kQuantityDecimals, 0),
          display_decimal(item.unit_price_ten_thousandths, kUnitPriceDecimals, 2),
          yuan_decimal(item.amount_fen)};
    qty_w = std::max(qty_w, text_columns(r.quantity));
    price_w = std::max(price_w, text_columns(r.price));
    amount_w = std::max(amount_w, text_columns(r.amount));
    rows.push_back(std::move(r));
  }
  auto numbers = [&](const Row& r) {
    return fit_to_columns(r.quantity, qty_w, TextAlign::kRight) + " " +
           fit_to_columns(r.price, price_w, TextAlign::kRight) + " " +
           fit_to_columns(r.amount, amount_w, TextAlign::kRight);
  };
  const int numbers_w = qty_w + price_w + amount_w + 2;
  const int name_w = columns - numbers_w - 1;

  std::vector<std::string> out;
  if (name_w >= kMinNameColumns) {
    out.push_back(fit_to_columns(header.name, name_w, TextAlign::kLeft) + " " + numbers(header));
    for (const Row& r : rows) {
      const std::vector<std::string> names = name_lines(r.name, name_w);
      out.push_back(fit_to_columns(names.front(), name_w, TextAlign::kLeft) + " " + numbers(r));
      out.insert(out.end(), names.begin() + 1, names.end());
    }
    return out;
  }
  // A name line then a numbers line per item; if even the numbers do not fit
  // one line (amounts near the receipt limit), one line per number: a figure
  // is never cut.
  const bool numbers_fit = numbers_w <= columns;
  out.push_back(header.name);
  if (numbers_fit) out.push_back(fit_to_columns(numbers(header), columns, TextAlign::kRight));
  for (const Row& r : rows) {
    for (std::string& line : name_lines(r.name, columns)) out.push_back(std::move(line));
    if (numbers_fit) {
      out.push_back(fit_to_columns(numbers(r), columns, TextAlign::kRight));
    } else {
      for (const auto& [label, value] :
           {std::pair{&header.quantity, &r.quantity}, std::pair{&header.price, &r.price},
            std::pair{&header.amount, &r.amount}}) {
        out.push_back(fit_to_columns(*label + " " + *value, columns, TextAlign::kRight));
      }
    }
  }
  return out;
}

}  // namespace chainslip::escpos

#include "core/receipt/money.h"

namespace chainslip {
namespace {

std::uint64_t pow10(int n) {
  std::uint64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string fixed_decimal(std::uint64_t units, int decimals) {
  const std::uint64_t scale = pow10(decimals);
  std::string fraction = std::to_string(units % scale);
  fraction.insert(0, static_cast<std::size_t>(decimals) - fraction.size(), '0');
  return std::to_string(units / scale) + (decimals > 0 ? "." + fraction : "");
}

std::string display_decimal(std::uint64_t units, int decimals, int min_decimals) {
  std::string text = fixed_decimal(units, decimals);
  const std::size_t point = text.find('.');
  if (point == std::string::npos) return text;
  std::size_t keep = text.size();
  while (keep > point + 1 + static_cast<std::size_t>(min_decimals) && text[keep - 1] == '0') --keep;
  if (keep == point + 1) keep = point;  // no decimals left: no point either
  text.resize(keep);
  return text;
}

Result<std::uint64_t> parse_fixed_decimal(std::string_view text, int decimals, std::uint64_t max_units,
                                          std::string_view what) {
  auto invalid = [&](const std::string& why) {
    return make_error(ErrorCode::kInvalidArgument, std::string(what) + ": " + why);
  };
  const std::string form = "digits, '.' and exactly " + std::to_string(decimals) + " decimals";
  const auto point = text.find('.');
  if (point == std::string_view::npos || point == 0 ||
      text.size() - point - 1 != static_cast<std::size_t>(decimals)) {
    return invalid("\"" + std::string(text.substr(0, 32)) + "\" is not " + form);
  }
  const std::string_view whole = text.substr(0, point), fraction = text.substr(point + 1);
  for (char c : whole) {
    if (!is_digit(c)) return invalid("\"" + std::string(text.substr(0, 32)) + "\" is not " + form);
  }
  for (char c : fraction) {
    if (!is_digit(c)) return invalid("\"" + std::string(text.substr(0, 32)) + "\" is not " + form);
  }
  if (whole.size() > 1 && whole[0] == '0') return invalid("\"" + std::string(text) + "\" has a leading zero");
  if (whole.size() > 15) return invalid("too large");
  const std::uint64_t scale = pow10(decimals);
  std::uint64_t units = 0;
  for (char c : whole) units = units * 10 + static_cast<std::uint64_t>(c - '0');
  std::uint64_t frac = 0;
  for (char c : fraction) frac = frac * 10 + static_cast<std::uint64_t>(c - '0');
  if (units > max_units / scale || units * scale > max_units - frac) {
    return invalid(std::string(text) + " is over the limit of " + fixed_decimal(max_units, decimals));
  }
  return units * scale + frac;
}

Result<std::uint64_t> line_amount_fen(std::uint64_t quantity_hundredths,
                                      std::uint64_t unit_price_ten_thousandths, std::uint64_t max_fen) {
  // quantity/100 × price/10000 yuan = quantity × price / 10^4 fen. With
  // price = whole × 10^4 + part, that is quantity × whole (exact) plus
  // quantity × part / 10^4 (rounded): no 128-bit product, on 32-bit boards too.
  auto over = [&] {
    return make_error(ErrorCode::kInvalidArgument, "quantity × unit price is over the limit of " +
                                                       fixed_decimal(max_fen, kAmountDecimals) + " yuan");
  };
  constexpr std::uint64_t kMaxQuantity = 100'000'000'000'000;  // keeps quantity × part below 2^64
  const std::uint64_t whole = unit_price_ten_thousandths / 10000, part = unit_price_ten_thousandths % 10000;
  if (quantity_hundredths > kMaxQuantity) return over();
  if (whole != 0 && quantity_hundredths > max_fen / whole) return over();
  const std::uint64_t fen = quantity_hundredths * whole + (quantity_hundredths * part + 5000) / 10000;
  if (fen > max_fen) return over();
  return fen;
}

}  // namespace chainslip

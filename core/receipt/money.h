#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace chainslip {

// Exact money and quantities (docs/PROTOCOL.md 2.1): every value is an
// integer count of its smallest unit, never binary floating point.
//   amounts      fen, 1/100 yuan        "128.50"
//   quantities   1/100 of a unit        "2.00"
//   unit prices  1/10000 yuan           "12.3456"
inline constexpr int kAmountDecimals = 2;
inline constexpr int kQuantityDecimals = 2;
inline constexpr int kUnitPriceDecimals = 4;

// The decimal text of `units` with `decimals` digits after the point:
// fixed_decimal(12850, 2) == "128.50", fixed_decimal(5, 4) == "0.0005".
std::string fixed_decimal(std::uint64_t units, int decimals);

// For people: the same value with trailing zeros dropped down to
// `min_decimals` ("2.00" -> "2" with 0, "12.3400" -> "12.34" with 2). Exact.
std::string display_decimal(std::uint64_t units, int decimals, int min_decimals);

// Parses exactly that form back: one or more digits (no leading zero unless
// the integer part is 0), '.', exactly `decimals` digits; no sign, no
// spaces, no exponent. kInvalidArgument naming `what` otherwise, or when
// the value exceeds `max_units`.
Result<std::uint64_t> parse_fixed_decimal(std::string_view text, int decimals, std::uint64_t max_units,
                                          std::string_view what);

// A line's amount: quantity × unit price, rounded half up to the fen
// (0.005 yuan -> 0.01). kInvalidArgument when the result exceeds max_fen.
Result<std::uint64_t> line_amount_fen(std::uint64_t quantity_hundredths,
                                      std::uint64_t unit_price_ten_thousandths, std::uint64_t max_fen);

}  // namespace chainslip

#include "core/receipt/amount_in_words.h"

#include <array>
#include <string_view>

#include "core/receipt/receipt.h"

namespace chainslip {
namespace {

constexpr std::array<std::string_view, 10> kDigits{"零", "壹", "贰", "叁", "肆",
                                                   "伍", "陆", "柒", "捌", "玖"};
constexpr std::array<std::string_view, 4> kPlaces{"", "拾", "佰", "仟"};
// Every 4 places a group unit; kMaxAmountFen is 100 亿元, so 亿 is the last.
constexpr std::array<std::string_view, 3> kGroups{"", "万", "亿"};
constexpr int kMaxYuanPlaces = 12;

}  // namespace

Result<std::string> amount_in_words(std::uint64_t fen) {
  if (fen > kMaxAmountFen) {
    return make_error(ErrorCode::kInvalidArgument, "amount of " + std::to_string(fen) +
                                                       " fen is over the receipt limit of " +
                                                       std::to_string(kMaxAmountFen) + " fen");
  }
  if (fen == 0) return std::string("零元整");
  const std::uint64_t yuan = fen / 100;
  const auto jiao = static_cast<std::size_t>(fen / 10 % 10);
  const auto cents = static_cast<std::size_t>(fen % 10);

  std::string out;
  bool started = false;       // a non-zero digit has been written
  bool pending_zero = false;  // zeros since the last written digit
  auto put_digit = [&](std::size_t d, std::string_view place) {
    if (d == 0) {
      pending_zero = started;
      return;
    }
    if (pending_zero) out += kDigits[0];
    pending_zero = false;
    started = true;
    out += kDigits[d];
    out += place;
  };

  std::array<std::size_t, kMaxYuanPlaces> places{};
  int count = 0;
  for (std::uint64_t v = yuan; v != 0; v /= 10) {
    places[static_cast<std::size_t>(count++)] = static_cast<std::size_t>(v % 10);
  }
  bool group_has_digit = false;
  for (int i = count - 1; i >= 0; --i) {
    const std::size_t d = places[static_cast<std::size_t>(i)];
    put_digit(d, kPlaces[static_cast<std::size_t>(i % 4)]);
    group_has_digit = group_has_digit || d != 0;
    if (i % 4 == 0 && i > 0 && group_has_digit) {
      out += kGroups[static_cast<std::size_t>(i / 4)];
      group_has_digit = false;
    }
  }
  if (yuan != 0) out += "元";
  put_digit(jiao, "角");
  put_digit(cents, "分");
  if (cents == 0) out += "整";
  return out;
}

std::string yuan_decimal(std::uint64_t fen) {
  std::string cents = std::to_string(fen % 100);
  if (cents.size() == 1) cents.insert(0, "0");
  return std::to_string(fen / 100) + "." + cents;
}

std::string amount_in_figures(std::uint64_t fen) { return "¥" + yuan_decimal(fen); }

}  // namespace chainslip

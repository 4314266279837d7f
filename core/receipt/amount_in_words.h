#pragma once

#include <cstdint>
#include <string>

#include "core/util/result.h"

namespace chainslip {

// An amount of fen in Chinese capital numerals (大写金额) as accounting and
// banking write it (会计基础工作规范 §52, 支付结算办法 附件). Where the rules
// let the writer choose (a 零 for a zero 万位 or 元位), we always write it:
//   - 壹拾 keeps its 壹: 100000 元 is 壹拾万元整;
//   - one 零 stands for every run of zeros between two non-zero digits, also
//     across 万/亿 and across 元: 壹佰万零壹拾元整, 壹亿零伍佰万元整,
//     壹仟元零伍分, 壹仟陆佰捌拾元零叁角贰分, 壹拾万零柒仟元零伍角叁分;
//   - no 零元 before 角/分 when the amount is under one yuan: 肆角伍分;
//   - 整 ends an amount without 分, also after 角 (壹元伍角整); never after 分;
//   - zero is 零元整.
// kInvalidArgument above kMaxAmountFen (core/receipt/receipt.h).
Result<std::string> amount_in_words(std::uint64_t fen);

// "123.45", "0.05": yuan with exactly two decimals, no grouping.
std::string yuan_decimal(std::uint64_t fen);

// "¥123.45" (U+00A5, the sign as Unicode has it for screens and logs).
std::string amount_in_figures(std::uint64_t fen);

}  // namespace chainslip

#include "core/receipt/amount_in_words.h"

#include <gtest/gtest.h>

#include "core/receipt/receipt.h"

namespace chainslip {
namespace {

std::string words(std::uint64_t fen) {
  auto r = amount_in_words(fen);
  EXPECT_TRUE(r.ok()) << fen;
  return r.ok() ? *r : std::string();
}

TEST(AmountInWordsTest, TheBriefsExamples) {
  EXPECT_EQ(words(0), "零元整");
  EXPECT_EQ(words(100), "壹元整");
  EXPECT_EQ(words(12345), "壹佰贰拾叁元肆角伍分");
  EXPECT_EQ(words(100005), "壹仟元零伍分");
  EXPECT_EQ(words(10000000), "壹拾万元整");
  EXPECT_EQ(words(100001000), "壹佰万零壹拾元整");
}

TEST(AmountInWordsTest, JiaoAndFenUnderOneYuan) {
  EXPECT_EQ(words(1), "壹分");
  EXPECT_EQ(words(5), "伍分");
  EXPECT_EQ(words(10), "壹角整");
  EXPECT_EQ(words(45), "肆角伍分");
  EXPECT_EQ(words(50), "伍角整");
  EXPECT_EQ(words(99), "玖角玖分");
}

TEST(AmountInWordsTest, JiaoWithoutFenEndsWithZheng) {
  EXPECT_EQ(words(150), "壹元伍角整");
  EXPECT_EQ(words(1050), "壹拾元零伍角整");
  EXPECT_EQ(words(105), "壹元零伍分");
}

TEST(AmountInWordsTest, OneZeroForARunOfZeros) {
  EXPECT_EQ(words(100100), "壹仟零壹元整");
  EXPECT_EQ(words(101000), "壹仟零壹拾元整");
  EXPECT_EQ(words(100010), "壹仟元零壹角整");
  EXPECT_EQ(words(168032), "壹仟陆佰捌拾元零叁角贰分");  // 支付结算办法's example
  // 支付结算办法 also allows 壹拾万柒仟元零伍角叁分 (no 零 for 万位): we always write it.
  EXPECT_EQ(words(10700053), "壹拾万零柒仟元零伍角叁分");
  EXPECT_EQ(words(20000), "贰佰元整");
  EXPECT_EQ(words(1000000), "壹万元整");
  EXPECT_EQ(words(1000100), "壹万零壹元整");
  EXPECT_EQ(words(1001000), "壹万零壹拾元整");
  EXPECT_EQ(words(1100000), "壹万壹仟元整");
}

TEST(AmountInWordsTest, ZerosAcrossWanAndYiGroups) {
  EXPECT_EQ(words(10000000000), "壹亿元整");
  EXPECT_EQ(words(10500000000), "壹亿零伍佰万元整");
  EXPECT_EQ(words(10001000000), "壹亿零壹万元整");
  EXPECT_EQ(words(10000000100), "壹亿零壹元整");
  EXPECT_EQ(words(10000000001), "壹亿元零壹分");
  EXPECT_EQ(words(100500000000), "壹拾亿零伍佰万元整");
  EXPECT_EQ(words(100050000000), "壹拾亿零伍拾万元整");
  EXPECT_EQ(words(100000500), "壹佰万零伍元整");
  EXPECT_EQ(words(1234567800), "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元整");
  EXPECT_EQ(words(1200340000), "壹仟贰佰万零叁仟肆佰元整");
}

TEST(AmountInWordsTest, UpToTheReceiptLimit) {
  EXPECT_EQ(words(kMaxAmountFen), "壹佰亿元整");
  EXPECT_EQ(words(kMaxAmountFen - 1), "玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分");
  auto over = amount_in_words(kMaxAmountFen + 1);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.code(), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(amount_in_words(UINT64_MAX).ok());
}

TEST(AmountInWordsTest, Figures) {
  EXPECT_EQ(amount_in_figures(12345), "¥123.45");
  EXPECT_EQ(amount_in_figures(0), "¥0.00");
  EXPECT_EQ(amount_in_figures(5), "¥0.05");
  EXPECT_EQ(amount_in_figures(50), "¥0.50");
  EXPECT_EQ(yuan_decimal(100), "1.00");
  EXPECT_EQ(yuan_decimal(kMaxAmountFen), "10000000000.00");
}

}  // namespace
}  // namespace chainslip

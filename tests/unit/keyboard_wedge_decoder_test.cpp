#include "drivers/scanner/keyboard_wedge_decoder.h"

#include <linux/input-event-codes.h>

#include <gtest/gtest.h>

#include <vector>

namespace chainslip {
namespace {

struct Key {
  std::uint16_t code;
  bool shift = false;
};

// What a scanner sends for one key: (shift down,) press, SYN, release, SYN (, shift up).
// Returns every result of feeding those events that was not "nothing yet".
std::vector<Result<std::optional<std::string>>> type(KeyboardWedgeDecoder& d, const std::vector<Key>& keys) {
  std::vector<Result<std::optional<std::string>>> out;
  auto feed = [&](std::uint16_t type_, std::uint16_t code, std::int32_t value) {
    auto r = d.feed(type_, code, value);
    if (!r.ok() || r->has_value()) out.push_back(std::move(r));
  };
  for (const Key& k : keys) {
    if (k.shift) feed(EV_KEY, KEY_LEFTSHIFT, 1);
    feed(EV_MSC, MSC_SCAN, 0x70004);
    feed(EV_KEY, k.code, 1);
    feed(EV_SYN, SYN_REPORT, 0);
    feed(EV_KEY, k.code, 0);
    feed(EV_SYN, SYN_REPORT, 0);
    if (k.shift) feed(EV_KEY, KEY_LEFTSHIFT, 0);
  }
  return out;
}

TEST(KeyboardWedgeDecoderTest, TypesAReceiptPayloadWithShiftedLetters) {
  KeyboardWedgeDecoder d;
  // "CS1,a1B2" then Enter.
  auto out = type(d, {{KEY_C, true},
                      {KEY_S, true},
                      {KEY_1},
                      {KEY_COMMA},
                      {KEY_A},
                      {KEY_1},
                      {KEY_B, true},
                      {KEY_2},
                      {KEY_ENTER}});
  ASSERT_EQ(out.size(), 1u);
  ASSERT_TRUE(out[0].ok()) << out[0].error().message;
  EXPECT_EQ(**out[0], "CS1,a1B2");
}

TEST(KeyboardWedgeDecoderTest, ShiftedPunctuationBothShiftKeysAndKeypad) {
  KeyboardWedgeDecoder d;
  std::vector<Result<std::optional<std::string>>> out =
      type(d, {{KEY_1, true}, {KEY_SLASH, true}, {KEY_MINUS, true}});
  // Right shift held over two keys.
  ASSERT_TRUE(d.feed(EV_KEY, KEY_RIGHTSHIFT, 1).ok());
  ASSERT_TRUE(d.feed(EV_KEY, KEY_SEMICOLON, 1).ok());
  ASSERT_TRUE(d.feed(EV_KEY, KEY_APOSTROPHE, 1).ok());
  ASSERT_TRUE(d.feed(EV_KEY, KEY_RIGHTSHIFT, 0).ok());
  ASSERT_TRUE(d.feed(EV_KEY, KEY_SEMICOLON, 1).ok());
  ASSERT_TRUE(d.feed(EV_KEY, KEY_KP7, 1).ok());
  ASSERT_TRUE(d.feed(EV_KEY, KEY_SPACE, 1).ok());
  auto code = d.feed(EV_KEY, KEY_KPENTER, 1);
  ASSERT_TRUE(out.empty());
  ASSERT_TRUE(code.ok()) << code.error().message;
  EXPECT_EQ(**code, "!?_:\";7 ");
}

TEST(KeyboardWedgeDecoderTest, UnknownKeyRejectsTheWholeCodeThenTheNextReads) {
  KeyboardWedgeDecoder d;
  auto out = type(d, {{KEY_A}, {KEY_F1}, {KEY_B}, {KEY_ENTER}, {KEY_C}, {KEY_ENTER}});
  ASSERT_EQ(out.size(), 2u);
  ASSERT_FALSE(out[0].ok());
  EXPECT_EQ(out[0].code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(out[0].error().message.find("key code " + std::to_string(KEY_F1)), std::string::npos)
      << out[0].error().message;
  ASSERT_TRUE(out[1].ok());
  EXPECT_EQ(**out[1], "c");
}

TEST(KeyboardWedgeDecoderTest, OverlongCodeIsRejectedAndTheLimitItselfIsFine) {
  KeyboardWedgeDecoder d(4);
  auto fits = type(d, {{KEY_1}, {KEY_2}, {KEY_3}, {KEY_4}, {KEY_ENTER}});
  ASSERT_EQ(fits.size(), 1u);
  EXPECT_EQ(**fits[0], "1234");
  auto too_long = type(d, {{KEY_1}, {KEY_2}, {KEY_3}, {KEY_4}, {KEY_5}, {KEY_6}, {KEY_ENTER}});
  ASSERT_EQ(too_long.size(), 1u);
  ASSERT_FALSE(too_long[0].ok());
  EXPECT_NE(too_long[0].error().message.find("longer than 4"), std::string::npos)
      << too_long[0].error().message;
}

TEST(KeyboardWedgeDecoderTest, LoneEnterAndAutorepeatGiveNothing) {
  KeyboardWedgeDecoder d;
  EXPECT_TRUE(type(d, {{KEY_ENTER}}).empty());
  ASSERT_TRUE(d.feed(EV_KEY, KEY_A, 1).ok());
  ASSERT_TRUE(d.feed(EV_KEY, KEY_A, 2).ok());  // autorepeat: not a second 'a'
  auto code = d.feed(EV_KEY, KEY_ENTER, 1);
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(**code, "a");
}

TEST(KeyboardWedgeDecoderTest, ResetForgetsAPartCodeAndShift) {
  KeyboardWedgeDecoder d;
  ASSERT_TRUE(d.feed(EV_KEY, KEY_LEFTSHIFT, 1).ok());
  ASSERT_TRUE(d.feed(EV_KEY, KEY_X, 1).ok());
  d.reset();
  ASSERT_TRUE(d.feed(EV_KEY, KEY_Y, 1).ok());
  auto code = d.feed(EV_KEY, KEY_ENTER, 1);
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(**code, "y");
}

}  // namespace
}  // namespace chainslip

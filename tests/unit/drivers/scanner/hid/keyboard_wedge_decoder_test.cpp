#include "drivers/scanner/hid/keyboard_wedge_decoder.h"

#include <gtest/gtest.h>
#include <linux/input-event-codes.h>

#include <array>
#include <map>
#include <string>
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

// The keys a US-layout wedge presses for each character of a receipt URL,
// written out here independently of the decoder's table (a wrong entry
// there makes the URL tests fail).
constexpr std::array kLetterKeys{KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F, KEY_G, KEY_H, KEY_I,
                                 KEY_J, KEY_K, KEY_L, KEY_M, KEY_N, KEY_O, KEY_P, KEY_Q, KEY_R,
                                 KEY_S, KEY_T, KEY_U, KEY_V, KEY_W, KEY_X, KEY_Y, KEY_Z};

Key key_for(char c) {
  if (c >= 'a' && c <= 'z')
    return {static_cast<std::uint16_t>(kLetterKeys[static_cast<std::size_t>(c - 'a')])};
  if (c >= 'A' && c <= 'Z')
    return {static_cast<std::uint16_t>(kLetterKeys[static_cast<std::size_t>(c - 'A')]), true};
  static const std::map<char, Key> kOthers{
      {'0', {KEY_0}},           {'1', {KEY_1}},       {'2', {KEY_2}},
      {'3', {KEY_3}},           {'4', {KEY_4}},       {'5', {KEY_5}},
      {'6', {KEY_6}},           {'7', {KEY_7}},       {'8', {KEY_8}},
      {'9', {KEY_9}},           {'.', {KEY_DOT}},     {'-', {KEY_MINUS}},
      {'/', {KEY_SLASH}},       {'=', {KEY_EQUAL}},   {':', {KEY_SEMICOLON, true}},
      {'?', {KEY_SLASH, true}}, {'&', {KEY_7, true}}, {'_', {KEY_MINUS, true}},
      {'%', {KEY_5, true}},
  };
  const auto it = kOthers.find(c);
  if (it == kOthers.end()) ADD_FAILURE() << "no key for '" << c << "' in the test's table";
  return it == kOthers.end() ? Key{KEY_SPACE} : it->second;
}

// `text` typed key by key (shift pressed and released around each shifted
// character, as a wedge does), then Enter.
std::vector<Result<std::optional<std::string>>> type_line(KeyboardWedgeDecoder& d, const std::string& text) {
  std::vector<Key> keys;
  for (char c : text) keys.push_back(key_for(c));
  keys.push_back({KEY_ENTER});
  return type(d, keys);
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

// The two forms of a real fiscal e-receipt QR code (URLs of the national
// verification platform, ~130 and ~180 bytes) come back exactly: ':' '?'
// '&' '_' '%' are shifted keys, '/' '=' '.' '-' plain ones.
TEST(KeyboardWedgeDecoderTest, TypesBothReceiptUrlFormsExactly) {
  const std::vector<std::string> urls{
      "https://www.chinaebill.cn/eips-wxapp-service/d?t=504&a=Xy12AbCdEf"
      "&d=11010126_0000012345_a1b2c3_128.50_20261203&s=0A1B2C3D4E",
      "http://www.chinaebill.cn/eips-wxapp-service/H5FinanceDisplay/showInvoice"
      "?invoice_code=11010126&invoice_number=0000012345&check_code=a1b2c3"
      "&app_id=Xy12AbCdEf&security=0A1B2C3D4E5F",
  };
  KeyboardWedgeDecoder d;
  for (const std::string& url : urls) {
    auto out = type_line(d, url);
    ASSERT_EQ(out.size(), 1u) << url;
    ASSERT_TRUE(out[0].ok()) << out[0].error().message;
    EXPECT_EQ(**out[0], url);
  }
}

TEST(KeyboardWedgeDecoderTest, PercentEscapesAndUppercaseHexSurvive) {
  // An app id with an escaped '/' and '=' (%2F, %3D), as some issuers encode it.
  const std::string url =
      "https://www.chinaebill.cn/eips-wxapp-service/d?t=504&a=Xy12%2FAb%3D"
      "&d=11010126_0000012345_a1b2c3_128.50_20261203&s=0A1B2C3D4E";
  KeyboardWedgeDecoder d;
  auto out = type_line(d, url);
  ASSERT_EQ(out.size(), 1u);
  ASSERT_TRUE(out[0].ok()) << out[0].error().message;
  EXPECT_EQ(**out[0], url);
  // Shift is released after each character: the escape's hex stays as typed.
  EXPECT_NE((**out[0]).find("%2F"), std::string::npos);
}

TEST(KeyboardWedgeDecoderTest, DefaultBoundHoldsAReceiptUrlWithRoomToSpare) {
  KeyboardWedgeDecoder d;
  const std::string long_host(400, 'w');  // a province's long host still fits
  auto fits = type_line(d, "https://" + long_host + ".cn/d?t=1");
  ASSERT_EQ(fits.size(), 1u);
  ASSERT_TRUE(fits[0].ok()) << fits[0].error().message;
  auto too_long = type_line(d, std::string(kDefaultMaxCodeBytes + 1, 'a'));
  ASSERT_EQ(too_long.size(), 1u);
  EXPECT_EQ(too_long[0].code(), ErrorCode::kInvalidArgument);
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

#include "drivers/printer/escpos/gb18030_text.h"

#include <gtest/gtest.h>

namespace chainslip::escpos {
namespace {

TEST(Gb18030TextTest, EncodesAsciiAndChinese) {
  auto ascii = encode_gb18030("CS1 12.50");
  ASSERT_TRUE(ascii.ok());
  EXPECT_EQ(*ascii, Bytes(as_bytes("CS1 12.50").begin(), as_bytes("CS1 12.50").end()));
  auto zh = encode_gb18030("票据￥");
  ASSERT_TRUE(zh.ok()) << zh.error().message;
  EXPECT_EQ(*zh, (Bytes{0xC6, 0xB1, 0xBE, 0xDD, 0xA3, 0xA4}));
  auto four = encode_gb18030("¥𠀀");  // outside GB2312: GB18030's four-byte form
  ASSERT_TRUE(four.ok());
  EXPECT_EQ(*four, (Bytes{0x81, 0x30, 0x84, 0x36, 0x95, 0x32, 0x82, 0x36}));
}

TEST(Gb18030TextTest, RefusesInvalidUtf8AndControlCharacters) {
  for (const std::string bad : {"abc\xff", "\xe7\xa5", "\xc0\xaf", "\xed\xa0\x80", "a\x1b@", "tab\there", "del\x7f"}) {
    auto r = encode_gb18030(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find("at byte"), std::string::npos);
  }
}

TEST(Gb18030TextTest, ColumnsCountWideCharactersTwice) {
  EXPECT_EQ(text_columns(""), 0);
  EXPECT_EQ(text_columns("abc 1.00"), 8);
  EXPECT_EQ(text_columns("挂号费"), 6);
  EXPECT_EQ(text_columns("合计(小写): ￥1.00"), 4 + 6 + 2 + 2 + 4);
  EXPECT_EQ(text_columns("가나"), 4);
  EXPECT_EQ(text_columns("𠀀"), 2);
  EXPECT_EQ(text_columns("é"), 1);
  EXPECT_EQ(text_columns("\xff"), 1);  // a stray byte counts, never crashes
}

TEST(Gb18030TextTest, TruncatesAtCharacterBoundariesWithDots) {
  EXPECT_EQ(truncate_to_columns("挂号费", 6), "挂号费");
  EXPECT_EQ(truncate_to_columns("挂号费", 5), "挂..");      // 2 + 2 dots; a half 号 is never printed
  EXPECT_EQ(truncate_to_columns("挂号费", 4), "挂..");
  EXPECT_EQ(truncate_to_columns("abcdef", 5), "abc..");
  EXPECT_EQ(truncate_to_columns("a挂号", 4), "a..");
  EXPECT_EQ(truncate_to_columns("挂号费", 1), ".");
  EXPECT_EQ(truncate_to_columns("挂号费", 0), "");
  for (int n = 0; n <= 12; ++n) EXPECT_LE(text_columns(truncate_to_columns("卫生材料费abc检查费", n)), n) << n;
}

TEST(Gb18030TextTest, FitsToExactColumns) {
  EXPECT_EQ(fit_to_columns("挂号", 6, TextAlign::kLeft), "挂号  ");
  EXPECT_EQ(fit_to_columns("1.00", 6, TextAlign::kRight), "  1.00");
  EXPECT_EQ(fit_to_columns("卫生材料费", 7, TextAlign::kLeft), "卫生.. ");  // 6 columns, then a space
  EXPECT_EQ(text_columns(fit_to_columns("卫生材料费", 7, TextAlign::kLeft)), 7);
}

TEST(Gb18030TextTest, WrapsWithoutSplittingACharacter) {
  EXPECT_EQ(wrap_to_columns("", 5), std::vector<std::string>{""});
  EXPECT_EQ(wrap_to_columns("卫生材料费", 5), (std::vector<std::string>{"卫生", "材料", "费"}));
  EXPECT_EQ(wrap_to_columns("ab卫生", 3), (std::vector<std::string>{"ab", "卫", "生"}));
  EXPECT_EQ(wrap_to_columns("abcdef", 4), (std::vector<std::string>{"abcd", "ef"}));
  // Narrower than one wide character: it still goes out, one per line.
  EXPECT_EQ(wrap_to_columns("卫生", 1), (std::vector<std::string>{"卫", "生"}));
}

}  // namespace
}  // namespace chainslip::escpos

#include "core/receipt/payer_mask.h"

#include <gtest/gtest.h>

namespace chainslip {
namespace {

TEST(PayerMaskTest, FullShowsTheName) { EXPECT_EQ(display_payer("张三丰", PayerDisplay::kFull), "张三丰"); }

TEST(PayerMaskTest, MaskedKeepsFirstAndLastCharacter) {
  EXPECT_EQ(display_payer("张三丰", PayerDisplay::kMasked), "张*丰");
  EXPECT_EQ(display_payer("欧阳娜娜", PayerDisplay::kMasked), "欧**娜");
  EXPECT_EQ(display_payer("张三", PayerDisplay::kMasked), "张*");
  EXPECT_EQ(display_payer("张", PayerDisplay::kMasked), "*");
  EXPECT_EQ(display_payer("", PayerDisplay::kMasked), "");
  EXPECT_EQ(display_payer("Li Lei", PayerDisplay::kMasked), "L****i");
  EXPECT_EQ(display_payer("买买提·艾力", PayerDisplay::kMasked), "买****力");
  EXPECT_EQ(display_payer("𠀀𠀁𠀂", PayerDisplay::kMasked), "𠀀*𠀂");  // 4-byte characters stay whole
}

TEST(PayerMaskTest, MalformedBytesAreMaskedNotShown) {
  const std::string name = "王\xff\xfe小明";
  const std::string masked = display_payer(name, PayerDisplay::kMasked);
  EXPECT_EQ(masked, "王***明");
  EXPECT_EQ(display_payer("\xe5\xbc", PayerDisplay::kMasked), "\xe5*");  // a truncated sequence: two bytes
}

}  // namespace
}  // namespace chainslip

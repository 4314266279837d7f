#include "drivers/scanner/hid_pos_report.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace chainslip {
namespace {

Bytes report(std::uint8_t id, std::uint8_t length, const std::string& data, std::size_t size = 64) {
  Bytes r(std::max(size, data.size() + 2), 0);
  r[0] = id;
  r[1] = length;
  for (std::size_t i = 0; i < data.size(); ++i) r[2 + i] = static_cast<std::uint8_t>(data[i]);
  r.resize(size);
  return r;
}

TEST(HidPosReportTest, ReadsTheDataBytesAndIgnoresThePadding) {
  const std::string code = "CS1,33010126,0000000042,a1B2c3,1250,20260101";
  Bytes r = report(0x02, static_cast<std::uint8_t>(code.size()), code);
  r.back() = 0x55;  // padding is not checked
  auto parsed = parse_hid_pos_report(r);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(*parsed, code);
}

TEST(HidPosReportTest, DataFillingTheWholeReport) {
  const std::string code(62, 'x');
  auto parsed = parse_hid_pos_report(report(0x02, 62, code));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(*parsed, code);
}

TEST(HidPosReportTest, OtherReportIdIsNotAScan) {
  EXPECT_EQ(parse_hid_pos_report(report(0x01, 3, "abc")).code(), ErrorCode::kNotFound);
  HidPosReportLayout layout;
  layout.report_id = 0x01;
  EXPECT_EQ(*parse_hid_pos_report(report(0x01, 3, "abc"), layout), "abc");
}

TEST(HidPosReportTest, RejectsMalformedReports) {
  EXPECT_EQ(parse_hid_pos_report(Bytes{}).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(parse_hid_pos_report(Bytes{0x02}).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(parse_hid_pos_report(report(0x02, 0, "")).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(parse_hid_pos_report(report(0x02, 63, std::string(62, 'x'))).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(parse_hid_pos_report(report(0x02, 5, "ab", 4)).code(), ErrorCode::kInvalidArgument);
  auto oversized = parse_hid_pos_report(report(0x02, 3, "abc", 65));
  ASSERT_FALSE(oversized.ok());
  EXPECT_NE(oversized.error().message.find("more than 64"), std::string::npos) << oversized.error().message;
}

}  // namespace
}  // namespace chainslip

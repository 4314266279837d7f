#include "drivers/scanner/hid/hid_pos_report.h"

#include <gtest/gtest.h>

namespace chainslip {
namespace {

// A 64-byte report as a Newland-style scanner sends it: id, length, data at
// `offset`, a symbology byte the parser must not read, the flag byte last.
Bytes report(std::uint8_t id, std::uint8_t length, const std::string& data, std::uint8_t flag = 0x00,
             std::size_t offset = 2) {
  Bytes r(64, 0);
  r[0] = id;
  r[1] = length;
  for (std::size_t i = 0; i < data.size(); ++i) r[offset + i] = static_cast<std::uint8_t>(data[i]);
  r[62] = 'Q';  // symbology identifier: not data
  r[63] = flag;
  return r;
}

TEST(HidPosReportTest, ReadsTheDataBytesAndTheContinuedFlag) {
  const std::string code = "CS1,33010126,0000000042,a1B2c3,1250,20260101";
  Bytes r = report(0x02, static_cast<std::uint8_t>(code.size()), code);
  r[60] = 0x55;  // padding is not checked
  auto parsed = parse_hid_pos_report(r);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->data, code);
  EXPECT_FALSE(parsed->continued);

  auto first = parse_hid_pos_report(report(0x02, 3, "abc", 0x01));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->data, "abc");
  EXPECT_TRUE(first->continued);
}

TEST(HidPosReportTest, ContinuedIsBitZeroOfTheLastByteOnly) {
  EXPECT_FALSE(parse_hid_pos_report(report(0x02, 1, "a", 0xfe))->continued);
  EXPECT_TRUE(parse_hid_pos_report(report(0x02, 1, "a", 0x81))->continued);
}

TEST(HidPosReportTest, FiftySixDataBytesFillAReport) {
  const std::string data(56, 'x');
  auto parsed = parse_hid_pos_report(report(0x02, 56, data));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->data, data);
}

TEST(HidPosReportTest, AimPrefixedLayoutSkipsTheSymbologyIdentifier) {
  // Honeywell / Access-IS: "]Q1" in bytes 2..4, the data from byte 5.
  Bytes r = report(0x02, 4, "http", 0x01, 5);
  r[2] = ']';
  r[3] = 'Q';
  r[4] = '1';
  HidPosReportLayout layout;
  layout.data_offset = 5;
  auto parsed = parse_hid_pos_report(r, layout);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->data, "http");
  EXPECT_TRUE(parsed->continued);
  // Read with the Newland offset, the same bytes give the identifier as data.
  EXPECT_EQ(parse_hid_pos_report(r)->data, "]Q1h");
}

TEST(HidPosReportTest, OtherReportIdIsNotAScan) {
  EXPECT_EQ(parse_hid_pos_report(report(0x01, 3, "abc")).code(), ErrorCode::kNotFound);
  EXPECT_EQ(parse_hid_pos_report(Bytes{0x04, 0x00}).code(), ErrorCode::kNotFound);  // any size
  HidPosReportLayout layout;
  layout.report_id = 0x01;
  EXPECT_EQ(parse_hid_pos_report(report(0x01, 3, "abc"), layout)->data, "abc");
}

TEST(HidPosReportTest, RejectsMalformedReports) {
  auto message = [](const Result<HidPosReport>& r) { return r.ok() ? std::string() : r.error().message; };
  EXPECT_EQ(parse_hid_pos_report(Bytes{}).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(parse_hid_pos_report(report(0x02, 0, "")).code(), ErrorCode::kInvalidArgument);
  auto too_long = parse_hid_pos_report(report(0x02, 57, std::string(56, 'x')));
  EXPECT_EQ(too_long.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(message(too_long).find("length 57 above the 56"), std::string::npos) << message(too_long);
  Bytes short_report = report(0x02, 3, "abc");
  short_report.resize(63);
  auto truncated = parse_hid_pos_report(short_report);
  EXPECT_EQ(truncated.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(message(truncated).find("63 bytes, a scan report has 64"), std::string::npos)
      << message(truncated);
  Bytes long_report = report(0x02, 3, "abc");
  long_report.push_back(0);
  EXPECT_EQ(parse_hid_pos_report(long_report).code(), ErrorCode::kInvalidArgument);
}

TEST(HidPosReportTest, LayoutWhoseDataWouldReachTheFlagByteIsRejected) {
  HidPosReportLayout layout;
  layout.data_offset = 8;  // 8 + 56 = 64: the data would cover the flag byte
  auto parsed = parse_hid_pos_report(report(0x02, 1, "a"), layout);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(parsed.error().message.find("flag byte"), std::string::npos) << parsed.error().message;
}

}  // namespace
}  // namespace chainslip

// Joining a HID POS scan from several reports (hid_pos_reassembler.h): a
// receipt URL of ~130 bytes spans three 56-byte reports.

#include "drivers/scanner/hid/hid_pos_reassembler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace chainslip {
namespace {

using std::chrono::milliseconds;
using namespace std::chrono_literals;

// A real receipt URL, padded in its signature to 130 bytes.
const std::string kUrl130 =
    "https://www.chinaebill.cn/eips-wxapp-service/d?t=504&a=Xy12AbCdEf"
    "&d=11010126_0000012345_a1b2c3_128.50_20261203&s=0A1B2C3D4E5F6A7B8";

Bytes report(const std::string& data, bool continued, std::uint8_t id = 0x02) {
  Bytes r(64, 0);
  r[0] = id;
  r[1] = static_cast<std::uint8_t>(data.size());
  std::copy(data.begin(), data.end(), r.begin() + 2);
  r[62] = 'Q';
  r[63] = continued ? 0x01 : 0x00;
  return r;
}

// The reports a scanner sends for `code`: 56 data bytes each, "continued"
// on all but the last.
std::vector<Bytes> reports_for(const std::string& code) {
  std::vector<Bytes> out;
  for (std::size_t at = 0; at < code.size(); at += 56) {
    out.push_back(report(code.substr(at, 56), at + 56 < code.size()));
  }
  return out;
}

// Feeds `reports` `step` apart from `start`; every result that is not "nothing yet".
std::vector<Result<std::optional<std::string>>> feed_all(HidPosReassembler& r,
                                                         const std::vector<Bytes>& reports,
                                                         milliseconds start, milliseconds step = 4ms) {
  std::vector<Result<std::optional<std::string>>> out;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    auto got = r.feed(reports[i], start + step * static_cast<int>(i));
    if (!got.ok() || got->has_value()) out.push_back(std::move(got));
  }
  return out;
}

TEST(HidPosReassemblerTest, SingleReportCode) {
  HidPosReassembler r;
  auto code = r.feed(report("CS1,33010126,0000000042,a1B2c3,1250,20260101", false), 0ms);
  ASSERT_TRUE(code.ok()) << code.error().message;
  EXPECT_EQ(**code, "CS1,33010126,0000000042,a1B2c3,1250,20260101");
  EXPECT_FALSE(r.deadline().has_value());
}

TEST(HidPosReassemblerTest, UrlOf130BytesAcrossThreeReports) {
  ASSERT_EQ(kUrl130.size(), 130u);
  const std::vector<Bytes> reports = reports_for(kUrl130);
  ASSERT_EQ(reports.size(), 3u);
  HidPosReassembler r;
  auto first = r.feed(reports[0], 10ms);
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->has_value());
  EXPECT_EQ(r.deadline(), 510ms);
  auto second = r.feed(reports[1], 14ms);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->has_value());
  EXPECT_EQ(r.deadline(), 514ms);  // the gap counts from the latest report
  auto last = r.feed(reports[2], 18ms);
  ASSERT_TRUE(last.ok()) << last.error().message;
  EXPECT_EQ(**last, kUrl130);
  EXPECT_FALSE(r.deadline().has_value());
  EXPECT_FALSE(r.expire(10'000ms).has_value());
}

TEST(HidPosReassemblerTest, LongerUrlFormAcrossFourReports) {
  const std::string url =
      "http://www.chinaebill.cn/eips-wxapp-service/H5FinanceDisplay/showInvoice"
      "?invoice_code=11010126&invoice_number=0000012345&check_code=a1b2c3"
      "&app_id=Xy12%2FAbCdEf&security=0A1B2C3D4E5F";
  ASSERT_EQ(reports_for(url).size(), 4u);
  HidPosReassembler r;
  auto out = feed_all(r, reports_for(url), 0ms);
  ASSERT_EQ(out.size(), 1u);
  ASSERT_TRUE(out[0].ok()) << out[0].error().message;
  EXPECT_EQ(**out[0], url);
}

TEST(HidPosReassemblerTest, CodeOfExactlyTheBoundIsRead) {
  HidPosReassembler r(HidPosReassemblerOptions{.max_code_bytes = 112});
  const std::string code(112, 'u');
  auto out = feed_all(r, reports_for(code), 0ms);
  ASSERT_EQ(out.size(), 1u);
  ASSERT_TRUE(out[0].ok()) << out[0].error().message;
  EXPECT_EQ(**out[0], code);
}

TEST(HidPosReassemblerTest, OverlongCodeIsRejectedWholeOnceAndTheNextStartsClean) {
  HidPosReassembler r(HidPosReassemblerOptions{.max_code_bytes = 100});
  // 130 bytes: over the bound at the second report; the third (its tail)
  // must not become a code of its own.
  auto out = feed_all(r, reports_for(kUrl130), 0ms);
  ASSERT_EQ(out.size(), 1u);
  ASSERT_FALSE(out[0].ok());
  EXPECT_EQ(out[0].code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(out[0].error().message.find("longer than 100 bytes (130 bytes in 3 reports)"), std::string::npos)
      << out[0].error().message;
  EXPECT_FALSE(r.deadline().has_value());
  auto next = feed_all(r, reports_for("CS1,33010126,0000000042,a1B2c3,1250,20260101"), 20ms);
  ASSERT_EQ(next.size(), 1u);
  ASSERT_TRUE(next[0].ok()) << next[0].error().message;
  EXPECT_EQ(**next[0], "CS1,33010126,0000000042,a1B2c3,1250,20260101");
}

TEST(HidPosReassemblerTest, PartialCodeIsDroppedWithAReasonAfterTheGap) {
  HidPosReassembler r;  // 500 ms
  const std::vector<Bytes> reports = reports_for(kUrl130);
  ASSERT_TRUE(r.feed(reports[0], 100ms).ok());
  ASSERT_TRUE(r.feed(reports[1], 105ms).ok());
  EXPECT_EQ(r.deadline(), 605ms);
  EXPECT_FALSE(r.expire(604ms).has_value());
  auto why = r.expire(605ms);
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("no report for 500 ms after 112 bytes in 2 reports"), std::string::npos) << *why;
  EXPECT_FALSE(r.deadline().has_value());
  EXPECT_FALSE(r.expire(2000ms).has_value());  // reported once
  // The next scan is read on its own, without the stale part in front.
  auto out = feed_all(r, reports_for(kUrl130), 3000ms);
  ASSERT_EQ(out.size(), 1u);
  ASSERT_TRUE(out[0].ok()) << out[0].error().message;
  EXPECT_EQ(**out[0], kUrl130);
}

TEST(HidPosReassemblerTest, StalePartialIsNeverJoinedToTheNextReportEvenWithoutExpire) {
  HidPosReassembler r;
  ASSERT_TRUE(r.feed(report("https://stale.example/", true), 0ms).ok());
  auto code = r.feed(report("CS1,fresh", false), 700ms);
  ASSERT_TRUE(code.ok()) << code.error().message;
  EXPECT_EQ(**code, "CS1,fresh");
  auto why = r.expire(700ms);  // the reason of the one feed() dropped
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("22 bytes in 1 report"), std::string::npos) << *why;
  EXPECT_FALSE(r.expire(700ms).has_value());
}

TEST(HidPosReassemblerTest, GapJustUnderTheTimeoutStillJoins) {
  HidPosReassembler r;
  const std::vector<Bytes> reports = reports_for(kUrl130);
  auto out = feed_all(r, reports, 0ms, 499ms);
  ASSERT_EQ(out.size(), 1u);
  ASSERT_TRUE(out[0].ok()) << out[0].error().message;
  EXPECT_EQ(**out[0], kUrl130);
}

TEST(HidPosReassemblerTest, ReportOfAnotherIdInTheMiddleIsIgnored) {
  HidPosReassembler r;
  std::vector<Bytes> reports = reports_for(kUrl130);
  Bytes status(8, 0x00);
  status[0] = 0x01;  // another report id (a status or attribute report)
  status[1] = 0x05;
  reports.insert(reports.begin() + 1, status);
  reports.insert(reports.begin() + 3, report("not a scan", false, 0x04));
  auto out = feed_all(r, reports, 0ms);
  ASSERT_EQ(out.size(), 1u);
  ASSERT_TRUE(out[0].ok()) << out[0].error().message;
  EXPECT_EQ(**out[0], kUrl130);
}

TEST(HidPosReassemblerTest, MalformedReportInsideACodeRejectsItOnceAtItsEnd) {
  HidPosReassembler r;
  std::vector<Bytes> reports = reports_for(kUrl130);
  reports[1][1] = 0;  // length 0, still "continued"
  auto out = feed_all(r, reports, 0ms);
  ASSERT_EQ(out.size(), 1u);
  ASSERT_FALSE(out[0].ok());
  EXPECT_NE(out[0].error().message.find("length 0"), std::string::npos) << out[0].error().message;
  auto next = r.feed(report("CS1,next", false), 50ms);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(**next, "CS1,next");
}

TEST(HidPosReassemblerTest, MalformedLastReportRejectsTheCodeAtOnce) {
  HidPosReassembler r;
  std::vector<Bytes> reports = reports_for(kUrl130);
  reports[2].resize(40);  // truncated: its flag cannot be read
  auto out = feed_all(r, reports, 0ms);
  ASSERT_EQ(out.size(), 1u);
  ASSERT_FALSE(out[0].ok());
  EXPECT_EQ(out[0].code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(out[0].error().message.find("after 112 bytes in 2 reports"), std::string::npos)
      << out[0].error().message;
  EXPECT_FALSE(r.deadline().has_value());
}

TEST(HidPosReassemblerTest, ResetForgetsAPartialCode) {
  HidPosReassembler r;
  ASSERT_TRUE(r.feed(report("https://", true), 0ms).ok());
  r.reset();
  EXPECT_FALSE(r.deadline().has_value());
  auto code = r.feed(report("x", false), 1ms);
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(**code, "x");
}

}  // namespace
}  // namespace chainslip

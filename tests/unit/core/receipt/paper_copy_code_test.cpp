#include "core/receipt/paper_copy_code.h"

#include <gtest/gtest.h>

#include "tests/support/receipt_fixtures.h"

namespace chainslip {
namespace {

Receipt sample_receipt() {
  Receipt r = test::make_test_receipt(ReceiptKind::kOutpatient, "张伟", {{"挂号费", 100, 125000}});
  r.issued_at = 1767196800;  // 2025-12-31T16:00:00Z = 2026-01-01 00:00 in China
  r.issuer_id = "12330000470000000X";
  r.issuer_name = "浙江省人民医院";
  return r;
}

TEST(PaperCopyCodeTest, FormatsAndParsesBack) {
  const PaperCopyCode p = paper_copy_code_for(sample_receipt());
  EXPECT_EQ(format_paper_copy_code(p), "CSP1,33010126,0000000042,a1b2c3,1250,20260101");
  auto parsed = parse_paper_copy_code(format_paper_copy_code(p));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(*parsed, p);
}

TEST(PaperCopyCodeTest, IssueDateIsChinaStandardTime) {
  Receipt r = sample_receipt();
  r.issued_at = 1767196799;  // one second earlier: still 2025-12-31 in China
  EXPECT_EQ(paper_copy_code_for(r).issue_date, 20251231u);
}

TEST(PaperCopyCodeTest, RejectsAnythingThatIsNotAReceiptCode) {
  const char* bad[] = {
      "",
      "https://example.org/receipt?id=1",
      "CSP1,33010126,0000000042,a1b2c3,1250",            // five fields
      "CSP1,33010126,0000000042,a1b2c3,1250,20260101,x",  // seven
      "CS2,33010126,0000000042,a1b2c3,1250,20260101",    // unknown version
      "cs1,33010126,0000000042,a1b2c3,1250,20260101",    // prefix is case-sensitive
      "CSP1,3301012,0000000042,a1b2c3,1250,20260101",     // 7-digit code
      "CSP1,3301012A,0000000042,a1b2c3,1250,20260101",
      "CSP1,33010126,000000042,a1b2c3,1250,20260101",     // 9-digit number
      "CSP1,33010126,0000000042,a1B2c,1250,20260101",     // 5-char check code
      "CSP1,33010126,0000000042,a1B2c-,1250,20260101",
      "CSP1,33010126,0000000042,a1b2c3,01250,20260101",   // leading zero
      "CSP1,33010126,0000000042,a1b2c3,12.50,20260101",   // not fen
      "CSP1,33010126,0000000042,a1b2c3,-1250,20260101",
      "CSP1,33010126,0000000042,a1b2c3,,20260101",
      "CSP1,33010126,0000000042,a1b2c3,99999999999999,20260101",  // over the limit
      "CSP1,33010126,0000000042,a1b2c3,1250,20260230",    // no 30 February
      "CSP1,33010126,0000000042,a1b2c3,1250,20250229",    // not a leap year
      "CSP1,33010126,0000000042,a1b2c3,1250,2026011",
      "CSP1, 33010126,0000000042,a1b2c3,1250,20260101",   // space
      "CSP1,33010126,0000000042,a1b2c3,1250,20260101\n",
  };
  for (const char* text : bad) {
    auto parsed = parse_paper_copy_code(text);
    EXPECT_FALSE(parsed.ok()) << "accepted: " << text;
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.code(), ErrorCode::kInvalidArgument);
    }
  }
  EXPECT_TRUE(parse_paper_copy_code("CSP1,33010126,0000000042,a1b2c3,0,20240229").ok());  // leap day
  EXPECT_FALSE(parse_paper_copy_code(std::string(65, '1')).ok());
}

TEST(PaperCopyCodeTest, MatchNamesTheFieldThatDiffers) {
  const Receipt r = sample_receipt();
  EXPECT_TRUE(check_paper_copy_code_matches(paper_copy_code_for(r), r).ok());
  struct Case {
    void (*mutate)(PaperCopyCode&);
    const char* word;
  } cases[] = {
      {[](PaperCopyCode& p) { p.number = "0000000043"; }, "not the one scanned"},
      {[](PaperCopyCode& p) { p.check_code = "a1b2c4"; }, "校验码"},
      {[](PaperCopyCode& p) { p.amount_fen += 1; }, "amount"},
      {[](PaperCopyCode& p) { p.issue_date = 20260102; }, "issue date"},
  };
  for (const auto& c : cases) {
    PaperCopyCode p = paper_copy_code_for(r);
    c.mutate(p);
    auto status = check_paper_copy_code_matches(p, r);
    ASSERT_FALSE(status.ok()) << c.word;
    EXPECT_NE(status.error().message.find(c.word), std::string::npos) << status.error().message;
  }
}

}  // namespace
}  // namespace chainslip

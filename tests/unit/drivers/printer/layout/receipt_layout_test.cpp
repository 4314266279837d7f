#include "drivers/printer/layout/receipt_layout.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "core/receipt/paper_copy_code.h"
#include "drivers/printer/escpos/gb18030_text.h"
#include "drivers/scanner/qr/zbar_qr_decoder.h"
#include "sim/printer/virtual_printer.h"
#include "tests/support/receipt_fixtures.h"

namespace chainslip::escpos {
namespace {

using namespace std::chrono_literals;

Receipt sample_receipt() {
  return test::make_test_receipt(
      ReceiptKind::kOutpatient, "张三丰",
      {{"挂号费", 100, 50000}, {"西药费", 200, 325000}, {"检查费", 100, 1200000}});
}

PaperCopyContent sample_copy(Receipt receipt = sample_receipt()) {
  PaperCopyContent c;
  c.receipt = std::move(receipt);
  c.chain_id = "zj-fiscal-1";
  c.block_height = 1234567;
  c.block_hash_hex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  c.paper = {"12345678", "0000000042"};
  c.qr_payload = format_paper_copy_code(paper_copy_code_for(c.receipt));
  c.printed_at = 1773559800;  // 2026-03-15 07:30:00 UTC
  c.reason = ExchangeReason::kRefund;
  c.kiosk_id = "kiosk-hz-07";
  return c;
}

PrinterProfile profile(const std::string& id) {
  auto p = load_profile_by_id(id);
  EXPECT_TRUE(p.ok()) << p.error().message;
  return p.ok() ? *p : PrinterProfile{};
}

PrintJob layout(const PaperCopyContent& copy, const PrinterProfile& p, LayoutOptions options = {}) {
  auto job = layout_paper_copy(copy, p, options);
  EXPECT_TRUE(job.ok()) << job.error().message;
  return job.ok() ? *job : PrintJob{};
}

// The job through the virtual printer as a driver paces it: each unit only
// when the buffer has room for all of it, the printer's time moving meanwhile.
sim::Paper print(const PrintJob& job, const PrinterProfile& p) {
  sim::VirtualPrinterConfig config;
  config.width = p.print_width_dots == 384 ? sim::PaperWidth::k58mm : sim::PaperWidth::k80mm;
  config.buffer_capacity = p.input_buffer_bytes;
  auto printer = sim::VirtualPrinter::create(config);
  if (!printer.ok()) {
    ADD_FAILURE() << printer.error().message;
    return sim::Paper(1);
  }
  sim::VirtualPrinter& vp = **printer;
  for (const Bytes& unit : job.units) {
    EXPECT_LE(unit.size(), p.max_unit_bytes());
    for (int i = 0; i < 10000 && vp.buffer_free() < unit.size(); ++i) vp.advance(10ms);
    EXPECT_EQ(vp.receive(unit), unit.size());
  }
  for (int i = 0; i < 10000 && !vp.idle(); ++i) vp.advance(100ms);
  EXPECT_TRUE(vp.idle());
  EXPECT_EQ(vp.overflowed_bytes(), 0u);
  for (const sim::LogEntry& e : vp.log()) ADD_FAILURE() << "printer log: " << e.message;
  return vp.paper();
}

std::vector<std::string> lines_of(const sim::Paper& paper) {
  std::vector<std::string> out;
  for (const sim::TextLine& l : paper.text()) out.push_back(l.utf8);
  return out;
}

// The printed text, each line without its left margin, so wrapped text reads on.
std::string joined(const sim::Paper& paper) {
  std::string out;
  for (const sim::TextLine& l : paper.text()) out += l.utf8.substr(std::min(l.utf8.find_first_not_of(' '), l.utf8.size()));
  return out;
}

std::vector<std::string> decode_qr(const sim::Paper& paper) {
  // White margins all round: the paper's edge is no quiet zone for zbar.
  constexpr int kMargin = 32;
  const int w = paper.width() + 2 * kMargin, h = paper.height() + 2 * kMargin;
  std::vector<std::uint8_t> grey(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), 255);
  for (int y = 0; y < paper.height(); ++y) {
    for (int x = 0; x < paper.width(); ++x) {
      if (paper.dot(x, y)) grey[static_cast<std::size_t>((y + kMargin) * w + x + kMargin)] = 0;
    }
  }
  auto found = ZbarQrDecoder(QrDecoderOptions{.inverted_retry = false}).decode(Y800Frame{w, h, grey});
  EXPECT_TRUE(found.ok()) << found.error().message;
  return found.ok() ? *found : std::vector<std::string>{};
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string all_bytes(const PrintJob& job) {
  std::string out;
  for (const Bytes& u : job.units) out.append(u.begin(), u.end());
  return out;
}

TEST(ReceiptLayoutTest, EveryFieldIsOnThePaperAt58And80mm) {
  const PaperCopyContent copy = sample_copy();
  for (const std::string id : {"generic-58mm", "generic-80mm", "xprinter-xp-58iih"}) {
    SCOPED_TRACE(id);
    const PrinterProfile p = profile(id);
    const sim::Paper paper = print(layout(copy, p), p);
    const std::string text = joined(paper);
    for (const std::string expected : {"浙江省医疗收费票据（电子）",
                                       "纸质版",
                                       "票据种类: 门诊",
                                       "业务流水号: MZ20260314000042",
                                       "证件号码: 330***********123X",
                                       "门诊号: MZ00000042",
                                       "就诊日期: 2026-03-14",
                                       "医疗机构类型: 综合医院",
                                       "医保类型: 职工基本医疗保险",
                                       "医保统筹基金支付: ￥114.00",
                                       "个人现金支付: ￥76.00",
                                       "开票人: 王敏",
                                       "复核人: 李静",
                                       "票据代码: 33010126",
                                       "票据号码: 0000000042",
                                       "校验码: a1b2c3",
                                       "开票日期: 2026-03-14 09:02:03",
                                       "交款人: 张*丰",
                                       "挂号费",
                                       "西药费",
                                       "检查费",
                                       "合计(小写): ￥190.00",
                                       "合计(大写): 壹佰玖拾元整",
                                       "开票单位: 杭州市第一人民医院",
                                       "单位代码: 12330100470000123X",
                                       "链标识: zj-fiscal-1",
                                       "区块高度: 1234567",
                                       "区块哈希: 9f86d081..b0f00a08",
                                       "纸质票据: 12345678-0000000042",
                                       "电子票据纸质版",
                                       "换开原因: 退费",
                                       "打印时间: 2026-03-15 15:30:00",
                                       "自助机: kiosk-hz-07"}) {
      EXPECT_TRUE(contains(text, expected)) << expected;
    }
    // Each item's row: the name, then quantity, unit price and amount,
    // right-aligned to the line's end.
    const int columns = p.font_a.columns;
    for (const std::string row : {"挂号费 1 5.00 5.00", "西药费 2 32.50 65.00", "检查费 1 120.00 120.00"}) {
      const std::string name = row.substr(0, row.find(' '));
      const std::string amount = row.substr(row.rfind(' ') + 1);
      const auto lines = lines_of(paper);
      // After the two-column left margin.
      auto it = std::find_if(lines.begin(), lines.end(),
                             [&](const std::string& l) { return l.rfind("  " + name, 0) == 0; });
      ASSERT_NE(it, lines.end()) << name;
      EXPECT_EQ(text_columns(*it), columns) << *it;
      EXPECT_EQ(it->substr(it->size() - amount.size()), amount) << *it;
    }
    for (const std::string& line : lines_of(paper)) EXPECT_LE(text_columns(line), columns) << line;
    EXPECT_EQ(decode_qr(paper), std::vector<std::string>{copy.qr_payload});
    EXPECT_EQ(paper.cuts().size(), p.cuts.empty() ? 0u : 1u);
  }
}

TEST(ReceiptLayoutTest, QrDecodesNativeAndRasterOnBothWidths) {
  const PaperCopyContent copy = sample_copy();
  for (const std::string id : {"generic-58mm", "generic-80mm"}) {
    for (const QrMode qr : {QrMode::kPreferNative, QrMode::kForceRaster}) {
      SCOPED_TRACE(id + (qr == QrMode::kPreferNative ? " native" : " raster"));
      const PrinterProfile p = profile(id);
      const PrintJob job = layout(copy, p, {LayoutMode::kText, PayerDisplay::kMasked, qr});
      const std::string bytes = all_bytes(job);
      EXPECT_EQ(contains(bytes, "\x1d(k"), qr == QrMode::kPreferNative);
      EXPECT_EQ(contains(bytes, "\x1dv0"), qr == QrMode::kForceRaster);
      EXPECT_EQ(decode_qr(print(job, p)), std::vector<std::string>{copy.qr_payload});
    }
  }
}

TEST(ReceiptLayoutTest, MaskedPayerNeverShowsTheFullName) {
  const PaperCopyContent copy = sample_copy();
  const PrinterProfile p = profile("generic-80mm");
  const PrintJob masked = layout(copy, p, {LayoutMode::kText, PayerDisplay::kMasked, QrMode::kPreferNative});
  EXPECT_FALSE(contains(joined(print(masked, p)), "张三丰"));
  auto name_gb = encode_gb18030("张三丰");
  ASSERT_TRUE(name_gb.ok());
  EXPECT_FALSE(contains(all_bytes(masked), std::string(name_gb->begin(), name_gb->end())));
  const PrintJob full = layout(copy, p, {LayoutMode::kText, PayerDisplay::kFull, QrMode::kPreferNative});
  EXPECT_TRUE(contains(joined(print(full, p)), "交款人: 张三丰"));
}

// Issue 15, item 9: nothing is printed against the paper's left edge.
TEST(ReceiptLayoutTest, LeftAlignedLinesKeepALeftMargin) {
  const PaperCopyContent copy = sample_copy();
  for (const std::string id : {"generic-58mm", "generic-80mm"}) {
    SCOPED_TRACE(id);
    const PrinterProfile p = profile(id);
    int fields = 0;
    for (const std::string& line : lines_of(print(layout(copy, p), p))) {
      if (line.find(": ") == std::string::npos) continue;  // a field: "label: value"
      ++fields;
      EXPECT_EQ(line.rfind("  ", 0), 0u) << line;
      EXPECT_NE(line[2], ' ') << line;
    }
    EXPECT_GT(fields, 20);
  }
}

// Issue 15, item 9: the official copy is Chinese only unless configured.
TEST(ReceiptLayoutTest, NoEnglishOnTheCopyUnlessAskedFor) {
  const PaperCopyContent copy = sample_copy();
  const PrinterProfile p = profile("generic-80mm");
  const std::string chinese = joined(print(layout(copy, p), p));
  EXPECT_TRUE(contains(chinese, "电子票据纸质版"));
  EXPECT_TRUE(contains(chinese, "换开原因: 退费"));
  EXPECT_FALSE(contains(chinese, "Paper copy"));
  EXPECT_FALSE(contains(chinese, "refund"));
  LayoutOptions english;
  english.english = true;
  const std::string both = joined(print(layout(copy, p, english), p));
  EXPECT_TRUE(contains(both, "电子票据纸质版 Paper copy of e-receipt"));
  EXPECT_TRUE(contains(both, "换开原因: 退费 refund"));
}

TEST(ReceiptLayoutTest, NoUnitExceedsASmallPrintersBuffer) {
  PrinterProfile p = profile("generic-80mm");
  p.input_buffer_bytes = 512;
  p.max_raster_strip_bytes = 300;
  const PaperCopyContent copy = sample_copy();
  for (const LayoutMode mode : {LayoutMode::kText, LayoutMode::kFullRaster}) {
    const PrintJob job = layout(copy, p, {mode, PayerDisplay::kMasked, QrMode::kForceRaster});
    ASSERT_GT(job.units.size(), 10u);
    for (const Bytes& unit : job.units) EXPECT_LE(unit.size(), 512u);
    EXPECT_EQ(decode_qr(print(job, p)), std::vector<std::string>{copy.qr_payload});  // commands arrive whole
  }
}

TEST(ReceiptLayoutTest, LongNamesAndHugeAmountsKeepTheColumns) {
  // 40 characters, 120 bytes: near the receipt's 128-byte limit.
  const std::string long_name =
      "一次性使用无菌注射器带针五毫升规格及配套医用输液贴与消毒棉签组合装特长名称测试";
  Receipt r = test::make_test_receipt(
      ReceiptKind::kOutpatient, "张三丰",
      {{long_name, 300, 12500},
       {"Very long imported drug name with latin letters only, 100 mg x 24 tablets", 200, 9999900},
       {"手术费", 100, 90000000000}});
  ASSERT_TRUE(validate_receipt(r).ok());
  const PaperCopyContent copy = sample_copy(r);
  // 58 mm: amounts of 10 figures leave no name column, so names get whole
  // lines (3 x 32 columns hold all 40 characters); 80 mm: a 21-column name
  // column, 3 lines of it, the rest cut.
  for (const auto& [id, cut] : {std::pair{"generic-58mm", false}, std::pair{"generic-80mm", true}}) {
    SCOPED_TRACE(id);
    const PrinterProfile p = profile(id);
    const sim::Paper paper = print(layout(copy, p), p);
    const auto lines = lines_of(paper);
    for (const std::string& line : lines) EXPECT_LE(text_columns(line), p.font_a.columns) << line;
    // Every amount is printed whole at the right edge of some line.
    for (const std::string amount : {"3.75", "1999.98", "9000000.00"}) {
      EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [&](const std::string& l) {
        return text_columns(l) == p.font_a.columns && l.size() >= amount.size() &&
               l.compare(l.size() - amount.size(), amount.size(), amount) == 0;
      })) << amount;
    }
    const std::string text = joined(paper);
    EXPECT_TRUE(contains(text, "一次性使用无菌注射"));
    EXPECT_EQ(contains(text, long_name), !cut);
    EXPECT_EQ(contains(text, "特长名称测试"), !cut);
    EXPECT_TRUE(contains(text, "Very long"));
    EXPECT_TRUE(contains(text, "合计(大写): 玖佰万零贰仟零叁元柒角叁分"));
    EXPECT_EQ(decode_qr(paper), std::vector<std::string>{copy.qr_payload});
  }
}

TEST(ReceiptLayoutTest, FullRasterSendsNoTextAndTheQrStillDecodes) {
  const PaperCopyContent copy = sample_copy();
  for (const std::string id : {"epson-tm-t20ii", "generic-58mm"}) {
    SCOPED_TRACE(id);
    const PrinterProfile p = profile(id);
    const PrintJob job =
        layout(copy, p, {LayoutMode::kFullRaster, PayerDisplay::kMasked, QrMode::kPreferNative});
    EXPECT_FALSE(contains(all_bytes(job), "\x1c&"));
    const sim::Paper paper = print(job, p);
    EXPECT_TRUE(paper.text().empty());
    EXPECT_GT(paper.height(), 30 * 30);                 // some 30 lines of text, then the QR
    EXPECT_GT(paper.ink(0, paper.height() / 2), 1000);  // the text is drawn
    EXPECT_EQ(decode_qr(paper), std::vector<std::string>{copy.qr_payload});
    EXPECT_EQ(paper.cuts().size(), 1u);
  }
}

TEST(ReceiptLayoutTest, TextModeNeedsAChineseFont) {
  const PrinterProfile epson = profile("epson-tm-t20ii");
  EXPECT_EQ(layout_mode_for(epson), LayoutMode::kFullRaster);
  EXPECT_EQ(layout_mode_for(profile("generic-58mm")), LayoutMode::kText);
  auto job = layout_paper_copy(sample_copy(), epson, {});
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(contains(job.error().message, "full raster"));
}

TEST(ReceiptLayoutTest, RefusesACopyThatIsNotConsistent) {
  PaperCopyContent wrong_qr = sample_copy();
  wrong_qr.qr_payload = "CSP1,33010126,0000000043,a1b2c3,19000,20260314";
  PaperCopyContent control = sample_copy();
  control.kiosk_id = "k\x1b@";
  PaperCopyContent bad_hash = sample_copy();
  bad_hash.block_hash_hex = "xyz";
  PaperCopyContent bad_receipt = sample_copy();
  bad_receipt.receipt.amount_fen += 1;
  PaperCopyContent bad_paper = sample_copy();
  bad_paper.paper.paper_number = "42";
  for (const PaperCopyContent* c : {&wrong_qr, &control, &bad_hash, &bad_receipt, &bad_paper}) {
    auto job = layout_paper_copy(*c, profile("generic-58mm"), {});
    ASSERT_FALSE(job.ok());
    EXPECT_EQ(job.code(), ErrorCode::kInvalidArgument) << job.error().message;
  }
}

TEST(ReceiptLayoutTest, TitleIsDoubleSizeWhereItFits) {
  Receipt r = test::make_test_receipt(ReceiptKind::kDonation, "张三丰", {{"捐赠", 100, 1000000}});
  r.title = "公益事业捐赠电子票据";
  const PaperCopyContent copy = sample_copy(r);
  for (const auto& [id, title_rows] : {std::pair{"generic-58mm", 24}, std::pair{"generic-80mm", 48}}) {
    const PrinterProfile p = profile(id);
    const sim::Paper paper = print(layout(copy, p), p);
    ASSERT_FALSE(paper.text().empty());
    EXPECT_EQ(paper.text().front().utf8, "公益事业捐赠电子票据");
    EXPECT_EQ(paper.text().front().height, title_rows) << id;
    EXPECT_TRUE(contains(joined(paper), "票据种类: 公益事业捐赠"));
  }
}

}  // namespace
}  // namespace chainslip::escpos

namespace chainslip::escpos {
namespace {

VoidSlipContent void_slip() {
  VoidSlipContent s;
  s.paper = {"33010199", "0000000042"};
  s.receipt_code = "33010126";
  s.receipt_number = "0000012345";
  s.voided_at = 1767225600;  // 2026-01-01 08:00:00 China time
  s.kiosk_id = "kiosk-hz-07";
  return s;
}

TEST(VoidSlipLayoutTest, NamesTheVoidedSerialAndTheReceiptWithNoQrCodeAt58And80mm) {
  for (const char* id : {"generic-58mm", "generic-80mm"}) {
    const PrinterProfile p = profile(id);
    auto job = layout_void_slip(void_slip(), p, {});
    ASSERT_TRUE(job.ok()) << job.error().message;
    const sim::Paper paper = print(*job, p);
    const std::string text = joined(paper);
    EXPECT_TRUE(contains(text, "作废")) << text;
    EXPECT_TRUE(contains(text, "纸质票据: 33010199-0000000042")) << text;
    EXPECT_TRUE(contains(text, "电子票据: 33010126-0000012345")) << text;
    EXPECT_TRUE(contains(text, "2026-01-01 08:00:00")) << text;
    EXPECT_EQ(paper.cuts().size(), 1u);
    // No QR code: a scanner must find nothing to take for a receipt.
    EXPECT_FALSE(contains(all_bytes(*job), std::string("\x1d(k", 3)));
  }
}

TEST(VoidSlipLayoutTest, FullRasterDrawsItTooAndABadSerialIsRefused) {
  const PrinterProfile p = profile("generic-80mm");
  auto raster = layout_void_slip(void_slip(), p, {.mode = LayoutMode::kFullRaster});
  ASSERT_TRUE(raster.ok()) << raster.error().message;
  EXPECT_GT(print(*raster, p).height(), 100);
  VoidSlipContent bad = void_slip();
  bad.paper.paper_number = "42";
  EXPECT_EQ(layout_void_slip(bad, p, {}).code(), ErrorCode::kInvalidArgument);
  bad = void_slip();
  bad.kiosk_id = "kiosk\x1b";
  EXPECT_EQ(layout_void_slip(bad, p, {}).code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace chainslip::escpos

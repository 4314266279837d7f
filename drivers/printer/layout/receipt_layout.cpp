#include "drivers/printer/layout/receipt_layout.h"

#include <algorithm>
#include <array>
#include <ctime>

#include "core/receipt/amount_in_words.h"
#include "core/receipt/paper_copy_code.h"
#include "core/receipt/receipt_text.h"
#include "core/text/bitmap_font.h"
#include "core/util/strict_json.h"
#include "drivers/printer/escpos/gb18030_text.h"
#include "drivers/printer/job/print_job_builder.h"
#include "drivers/printer/layout/escpos_text_renderer.h"
#include "drivers/printer/layout/items_table.h"
#include "drivers/printer/layout/laid_out_ticket.h"
#include "drivers/printer/layout/raster_renderer.h"

namespace chainslip::escpos {
namespace {

// Below this the labels and the items table no longer fit a line.
constexpr int kMinColumns = 24;

Error invalid(const std::string& why) {
  return make_error(ErrorCode::kInvalidArgument, "paper copy: " + why);
}

Status check_text_field(const char* name, const std::string& value, std::size_t max_len) {
  if (value.empty() || value.size() > max_len || !is_printable_utf8(value)) {
    return invalid(std::string(name) + " must be 1.." + std::to_string(max_len) +
                   " bytes of UTF-8 text without control, invisible format or line separator characters");
  }
  return {};
}

bool all_digits(const std::string& s, std::size_t length) {
  return s.size() == length && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status check_paper_copy(const PaperCopyContent& copy) {
  if (auto s = validate_receipt(copy.receipt); !s.ok()) return invalid(s.error().message);
  CS_RETURN_IF_ERROR(check_text_field("chain_id", copy.chain_id, 128));
  if (!all_digits(copy.paper.paper_code, 8) || !all_digits(copy.paper.paper_number, 10)) {
    return invalid("the paper's code must be 8 digits and its number 10 digits");
  }
  CS_RETURN_IF_ERROR(check_text_field("kiosk_id", copy.kiosk_id, 64));
  if (copy.block_hash_hex.empty() || copy.block_hash_hex.size() > 128 ||
      !from_hex(copy.block_hash_hex).ok()) {
    return invalid("block_hash_hex must be 1..64 bytes in hex");
  }
  auto payload = parse_paper_copy_code(copy.qr_payload);
  if (!payload.ok()) return invalid(payload.error().message);
  if (auto s = check_paper_copy_code_matches(*payload, copy.receipt); !s.ok()) {
    return invalid("the QR payload is not this receipt's: " + s.error().message);
  }
  return {};
}

// "2026-01-01 08:00:00" in China Standard Time (UTC+8, no daylight saving).
std::string cst_time(std::uint64_t unix_seconds) { return china_time(unix_seconds, "%Y-%m-%d %H:%M:%S"); }

// A block hash fits a 58 mm line as its first and last 8 hex digits.
std::string short_hash(const std::string& hex) {
  if (hex.size() <= 20) return hex;
  return hex.substr(0, 8) + ".." + hex.substr(hex.size() - 8);
}

// "12345678-0000000042": the paper's code and number.
std::string paper_serial(const PaperCopy& paper) { return paper.paper_code + "-" + paper.paper_number; }

// Columns left blank at the left of every left-aligned line, so nothing is
// printed against the paper's edge; none on a line too narrow to spare them.
constexpr int kLeftMarginColumns = 2;

class DocumentWriter {
 public:
  explicit DocumentWriter(int columns)
      : margin_(columns - kLeftMarginColumns >= kMinColumns ? kLeftMarginColumns : 0) {
    doc_.columns = columns;
  }

  void centered(std::string_view text, int scale = 1, bool bold = false) {
    doc_.lines.push_back(
        {truncate_to_columns(text, doc_.columns / scale), escpos::Align::kCenter, scale, bold});
  }
  // A left-aligned line of at most columns() columns, after the margin.
  void line(std::string text) {
    doc_.lines.push_back({std::string(static_cast<std::size_t>(margin_), ' ') + std::move(text)});
  }
  // "label: value", wrapped over as many lines as it takes.
  void field(std::string_view label, std::string_view value) {
    for (std::string& l : wrap_to_columns(std::string(label) + ": " + std::string(value), columns())) {
      line(std::move(l));
    }
  }
  void wrapped(std::string_view text) {
    for (std::string& l : wrap_to_columns(text, columns())) line(std::move(l));
  }
  void rule() { line(std::string(static_cast<std::size_t>(columns()), '-')); }
  int columns() const { return doc_.columns - margin_; }
  LaidOutTicket finish(std::string qr_payload) && {
    doc_.qr_payload = std::move(qr_payload);
    return std::move(doc_);
  }

 private:
  const int margin_;
  LaidOutTicket doc_;
};

LaidOutTicket paper_copy_ticket(const PaperCopyContent& copy, int columns, PayerDisplay payer, bool english) {
  const Receipt& r = copy.receipt;
  const ReceiptKindText& kind = receipt_kind_text(r.kind);
  DocumentWriter w(columns);
  w.centered(r.title, text_columns(r.title) * 2 <= columns ? 2 : 1, true);
  w.centered("纸质版", 1, true);
  w.field("票据种类", kind.name);
  w.field("票据代码", r.code);
  w.field("票据号码", r.number);
  w.field("校验码", r.check_code);
  w.field("开票日期", cst_time(r.issued_at));
  w.field("业务流水号", r.business_serial);
  w.field("交款人", display_payer(r.payer.name, payer));
  if (!r.payer.id_number.empty()) w.field("证件号码", display_id_number(r.payer.id_number));
  if (r.medical) {
    const MedicalDetails& m = *r.medical;
    if (r.kind == ReceiptKind::kInpatient) {
      w.field("住院号", m.patient_number);
      w.field("住院日期", m.admission_date.iso() + "至" + m.discharge_date.iso());
    } else {
      w.field("门诊号", m.patient_number);
      w.field("就诊日期", m.visit_date.iso());
    }
    w.field("医疗机构类型", m.institution_type);
    w.field("医保类型", m.insurance_type);
  }
  w.rule();
  for (std::string& l : items_table(r.items, w.columns())) w.line(std::move(l));
  w.rule();
  // ￥ (U+FFE5) rather than ¥ (U+00A5): GB2312 fonts in Chinese printers have
  // only the full-width sign.
  w.field("合计(小写)", "￥" + yuan_decimal(r.amount_fen));
  w.field("合计(大写)", amount_in_words(r.amount_fen).value());  // validated: within kMaxAmountFen
  if (r.medical) {
    const MedicalPayments& p = r.medical->payments;
    w.field("医保统筹基金支付", "￥" + yuan_decimal(p.fund_fen));
    w.field("个人账户支付", "￥" + yuan_decimal(p.account_fen));
    w.field("其他支付", "￥" + yuan_decimal(p.other_fen));
    w.field("个人现金支付", "￥" + yuan_decimal(p.cash_fen));
  }
  w.field("开票单位", r.issuer_name);
  w.field("单位代码", r.issuer_id);
  w.field("开票人", r.drawer);
  if (!r.reviewer.empty()) w.field("复核人", r.reviewer);
  if (!r.remark.empty()) w.field("备注", r.remark);
  w.rule();
  w.field("链标识", copy.chain_id);
  w.field("区块高度", std::to_string(copy.block_height));
  w.field("区块哈希", short_hash(copy.block_hash_hex));
  w.field("纸质票据", paper_serial(copy.paper));
  constexpr std::string_view kMarkingZh = "电子票据纸质版", kMarkingEn = "Paper copy of e-receipt";
  const std::string marking = std::string(kMarkingZh) + " " + std::string(kMarkingEn);
  if (!english) {
    w.centered(kMarkingZh, 1, true);
  } else if (text_columns(marking) <= columns) {
    w.centered(marking, 1, true);
  } else {
    w.centered(kMarkingZh, 1, true);
    w.centered(kMarkingEn, 1, true);
  }
  const bool refund = copy.reason == ExchangeReason::kRefund;
  w.field("换开原因", english ? (refund ? "退费 refund" : "其他 other") : (refund ? "退费" : "其他"));
  w.field("打印时间", cst_time(copy.printed_at));
  w.field("自助机", copy.kiosk_id);
  return std::move(w).finish(copy.qr_payload);
}

LaidOutTicket void_slip_ticket(const VoidSlipContent& slip, int columns) {
  DocumentWriter w(columns);
  w.centered("作废", 2, true);
  w.centered("VOID", 2, true);
  w.rule();
  w.field("纸质票据", paper_serial(slip.paper));
  w.wrapped("此号码的纸质票据打印未完成，已在区块链上作废。纸质票据如有残留，一律无效。");
  w.wrapped("The paper copy with this serial was not completed and is void on chain; any part of it is invalid.");
  w.field("电子票据", slip.receipt_code + "-" + slip.receipt_number);
  w.field("作废时间", cst_time(slip.voided_at));
  w.field("自助机", slip.kiosk_id);
  w.rule();
  return std::move(w).finish("");
}

Status check_void_slip(const VoidSlipContent& slip) {
  if (!all_digits(slip.paper.paper_code, 8) || !all_digits(slip.paper.paper_number, 10)) {
    return invalid("the paper's code must be 8 digits and its number 10 digits");
  }
  CS_RETURN_IF_ERROR(check_text_field("receipt_code", slip.receipt_code, 64));
  CS_RETURN_IF_ERROR(check_text_field("receipt_number", slip.receipt_number, 64));
  return check_text_field("kiosk_id", slip.kiosk_id, 64);
}

Result<int> layout_columns(const PrinterProfile& profile, const LayoutOptions& options) {
  const int columns = options.mode == LayoutMode::kFullRaster ? profile.print_width_dots / kRasterColumnDots
                                                              : profile.font_a.columns;
  if (columns < kMinColumns) {
    return make_error(ErrorCode::kFailedPrecondition,
                      "printer profile " + profile.id + " has " + std::to_string(columns) +
                          " columns; the paper copy needs " + std::to_string(kMinColumns));
  }
  return columns;
}

// ESC @, the document in the options' mode, the feed and cut.
Result<PrintJob> render(const LaidOutTicket& doc, const PrinterProfile& profile, const LayoutOptions& options,
                        std::string label) {
  PrintJobBuilder job(profile, std::move(label));
  CS_RETURN_IF_ERROR(job.add(escpos::initialize()));
  if (options.mode == LayoutMode::kFullRaster) {
    CS_ASSIGN_OR_RETURN(const BitmapFont* font, BitmapFont::shared());
    CS_RETURN_IF_ERROR(render_raster(doc, *font, job));
  } else {
    CS_RETURN_IF_ERROR(
        render_escpos_text(doc, options.qr == QrMode::kPreferNative && profile.native_qr, job));
  }
  CS_RETURN_IF_ERROR(job.add_ticket_end());
  return std::move(job).finish();
}

}  // namespace

LayoutMode layout_mode_for(const PrinterProfile& profile) {
  return profile.chinese == ChineseSupport::kNone ? LayoutMode::kFullRaster : LayoutMode::kText;
}

Result<PrintJob> layout_paper_copy(const PaperCopyContent& copy, const PrinterProfile& profile,
                                   const LayoutOptions& options) {
  CS_RETURN_IF_ERROR(check_paper_copy(copy));
  CS_ASSIGN_OR_RETURN(const int columns, layout_columns(profile, options));
  return render(paper_copy_ticket(copy, columns, options.payer, options.english), profile, options,
                "paper copy " + paper_serial(copy.paper));
}

Result<PrintJob> layout_void_slip(const VoidSlipContent& slip, const PrinterProfile& profile,
                                  const LayoutOptions& options) {
  CS_RETURN_IF_ERROR(check_void_slip(slip));
  CS_ASSIGN_OR_RETURN(const int columns, layout_columns(profile, options));
  return render(void_slip_ticket(slip, columns), profile, options, "void slip " + paper_serial(slip.paper));
}

}  // namespace chainslip::escpos

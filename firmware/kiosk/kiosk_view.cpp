#include "firmware/kiosk/kiosk_view.h"

#include <array>
#include <ctime>

#include "core/receipt/amount_in_words.h"
#include "core/receipt/money.h"
#include "core/receipt/payer_mask.h"
#include "core/receipt/receipt_text.h"
#include "firmware/kiosk/receipt_status_text.h"

namespace chainslip {
namespace {

struct StateText {
  ScreenState state;
  std::string_view title_zh;
  std::string_view title_en;
  std::string_view message_zh;
  std::string_view message_en;
};

constexpr std::array<StateText, 15> kStateTexts{{
    {ScreenState::kIdle, "请将电子票据二维码对准扫描口", "Hold the e-receipt QR code to the scanner",
     "将票据上的二维码对准扫描窗口。", "Hold the QR code on your receipt in front of the scanner."},
    {ScreenState::kIdlePaused, "暂停换开服务", "Paper copies are paused", "", ""},
    {ScreenState::kLookingUp, "正在核验票据", "Verifying your receipt", "请稍候……", "Please wait..."},
    {ScreenState::kVerified, "票据核验通过", "Receipt verified", "如需换开纸质票据，请选择用途。",
     "To get a paper copy, choose what it is for."},
    {ScreenState::kAlreadyExchanged, "这张票据已换开", "Already exchanged", "", ""},
    {ScreenState::kAlreadyPosted, "这张票据已入账", "Already posted", "", ""},
    {ScreenState::kAlreadyReversed, "这张票据已冲红", "Reversed", "", ""},
    {ScreenState::kConfirming, "请确认换开", "Please confirm",
     "每张票据只能换开一次。请核对金额和用途，确认后开始换开。",
     "Each receipt can be exchanged only once. Check the amount and the purpose, then confirm."},
    {ScreenState::kRejected, "无法使用这张票据", "This receipt cannot be used here", "", ""},
    {ScreenState::kNetworkDown, "网络暂不可用", "The network is unavailable", "", ""},
    {ScreenState::kExchanging, "正在换开纸质票据", "Issuing your paper copy",
     "请不要离开，纸质票据即将打印。", "Please stay: your paper copy will be printed shortly."},
    {ScreenState::kPrinting, "正在换开纸质票据", "Issuing your paper copy",
     "请不要离开，纸质票据即将打印。", "Please stay: your paper copy will be printed shortly."},
    {ScreenState::kPaperOut, "打印机缺纸", "The printer is out of paper",
     "打印机缺纸，请稍候；如需帮助请联系工作人员。",
     "The printer is out of paper. Please wait; if you need help, please call staff."},
    {ScreenState::kDone, "换开完成", "Paper copy issued", "请取走纸质票据。",
     "Please take your paper copy."},
    {ScreenState::kError, "换开未完成", "The paper copy was not issued", "", ""},
}};

const StateText& text_of(ScreenState state) {
  for (const StateText& t : kStateTexts) {
    if (t.state == state) return t;
  }
  return kStateTexts.front();
}

// "医疗收费电子票据（门诊）": the title with the kind when the title does not say it.
std::string kind_zh(ReceiptKind kind) {
  const ReceiptKindText& t = receipt_kind_text(kind);
  if (kind == ReceiptKind::kOutpatient || kind == ReceiptKind::kInpatient) {
    return std::string(t.title) + "（" + std::string(t.name) + "）";
  }
  return std::string(t.title);
}

struct StepText {
  ExchangeStep step;
  std::string_view zh;
  std::string_view en;
  int percent;
};
constexpr std::array<StepText, 8> kStepTexts{{
    {ExchangeStep::kSigning, "正在签署换开申请", "Signing the request", 10},
    {ExchangeStep::kSubmitting, "正在提交区块链", "Sending it to the chain", 25},
    {ExchangeStep::kWaitingForInclusion, "正在等待区块链确认", "Waiting for the chain to confirm", 45},
    {ExchangeStep::kPrinting, "正在打印纸质票据", "Printing your paper copy", 75},
    {ExchangeStep::kVoiding, "打印未完成，正在作废该张纸质票据", "The print failed: voiding that paper copy",
     60},
    {ExchangeStep::kReprinting, "正在重新打印", "Printing again", 80},
    {ExchangeStep::kDone, "已完成", "Finished", 100},
    {ExchangeStep::kFailed, "未完成", "Not finished", 100},
}};

Json progress_view(const ExchangeProgress& progress) {
  for (const StepText& s : kStepTexts) {
    if (s.step == progress.step) return {{"step_zh", s.zh}, {"step_en", s.en}, {"percent", s.percent}};
  }
  return nullptr;
}

struct ConditionText {
  PrinterConditionCode code;
  std::string_view zh;
  std::string_view en;
};
// After the chip's own label (打印机：…): words a patient reads, no part names.
constexpr std::array<ConditionText, 6> kPrinterTexts{{
    {PrinterConditionCode::kOk, "正常", "ready"},
    {PrinterConditionCode::kPaperOut, "缺纸", "out of paper"},
    {PrinterConditionCode::kCoverOpen, "盖子没有关好", "cover open"},
    {PrinterConditionCode::kCutterError, "故障，请联系工作人员", "fault, please call staff"},
    {PrinterConditionCode::kOffline, "暂不可用", "not available"},
    {PrinterConditionCode::kDisconnected, "暂不可用", "not available"},
}};

// For staff and `chainslip status`: why the printer is not heard, typed, and
// the driver's sentence naming it.
void add_link_fault(Json& view, const PrinterState& printer) {
  if (printer.link_fault == PrinterLinkFault::kNone) return;
  view["fault"] = std::string(printer_link_fault_name(printer.link_fault));
  view["fault_detail"] = printer.link_detail;
}

Json printer_view(const PrinterState& printer) {
  Json view;
  for (const ConditionText& c : kPrinterTexts) {
    if (c.code == printer.condition_code) view = {{"ok", printer.ready}, {"text_zh", c.zh}, {"text_en", c.en}};
  }
  if (view.is_null()) {
    view = {{"ok", printer.ready},
            {"text_zh", printer.ready ? "正常" : "暂不可用"},
            {"text_en", printer.ready ? "ready" : "not available"}};
  }
  add_link_fault(view, printer);
  return view;
}

Json node_view(std::optional<bool> reachable) {
  if (!reachable) return {{"ok", false}, {"text_zh", "正在连接"}, {"text_en", "connecting"}};
  if (*reachable) return {{"ok", true}, {"text_zh", "正常"}, {"text_en", "connected"}};
  return {{"ok", false}, {"text_zh", "暂不可用"}, {"text_en", "not available"}};
}

std::string_view insurance_class_zh(InsuranceClass c) {
  switch (c) {
    case InsuranceClass::kClassA: return "甲";
    case InsuranceClass::kClassB: return "乙";
    case InsuranceClass::kSelfPay: return "自费";
    case InsuranceClass::kNone: break;
  }
  return "";
}

// The medical extension as label/value rows, in the order a receipt prints
// them; empty for receipts without it.
Json medical_view(const Receipt& r) {
  if (!r.medical) return nullptr;
  const MedicalDetails& m = *r.medical;
  Json rows = Json::array();
  if (r.kind == ReceiptKind::kInpatient) {
    rows.push_back({{"label_zh", "住院号"}, {"value", m.patient_number}});
    rows.push_back(
        {{"label_zh", "住院日期"}, {"value", m.admission_date.iso() + " 至 " + m.discharge_date.iso()}});
  } else {
    rows.push_back({{"label_zh", "门诊号"}, {"value", m.patient_number}});
    rows.push_back({{"label_zh", "就诊日期"}, {"value", m.visit_date.iso()}});
  }
  rows.push_back({{"label_zh", "医疗机构类型"}, {"value", m.institution_type}});
  rows.push_back({{"label_zh", "医保类型"}, {"value", m.insurance_type}});
  Json payments = Json::array();
  for (const auto& [label, fen] :
       {std::pair{"医保统筹基金支付", m.payments.fund_fen}, std::pair{"个人账户支付", m.payments.account_fen},
        std::pair{"其他支付", m.payments.other_fen}, std::pair{"个人现金支付", m.payments.cash_fen}}) {
    payments.push_back({{"label_zh", label}, {"amount_yuan", yuan_decimal(fen)}});
  }
  return {{"rows", std::move(rows)}, {"payments", std::move(payments)}};
}

Json receipt_view(const VerifiedLookup& v, KioskStateId state, PayerDisplay payer_display) {
  const Receipt& r = v.receipt;
  Json items = Json::array();
  for (const ReceiptItem& item : r.items) {
    items.push_back({{"code", item.code},
                     {"name", item.name},
                     {"unit", item.unit},
                     {"quantity", display_decimal(item.quantity_hundredths, kQuantityDecimals, 0)},
                     {"unit_price", display_decimal(item.unit_price_ten_thousandths, kUnitPriceDecimals, 2)},
                     {"amount_yuan", yuan_decimal(item.amount_fen)},
                     {"insurance_class_zh", insurance_class_zh(item.insurance_class)}});
  }
  Result<std::string> words =
      amount_in_words(r.amount_fen);  // validate_receipt bounds the amount: never fails
  std::string status_zh = v.from_cache ? "已核验（本机存档）" : "已核验";
  std::string status_en = v.from_cache ? "Verified (kiosk records)" : "Verified";
  if (v.chain_status && v.chain_status->status != ReceiptStatus::kIssued) {
    Notice badge = chain_status_badge(*v.chain_status);
    status_zh = std::move(badge.zh);
    status_en = std::move(badge.en);
  }
  if (state == KioskStateId::kDone) {
    status_zh = "已换开纸质票据";
    status_en = "Exchanged for a paper copy";
  }
  return {{"title", r.title},
          {"code", r.code},
          {"number", r.number},
          {"check_code", r.check_code},
          {"kind_zh", kind_zh(r.kind)},
          {"business_serial", r.business_serial},
          {"issuer", r.issuer_name},
          {"payer", display_payer(r.payer.name, payer_display)},
          {"payer_id", display_id_number(r.payer.id_number)},
          {"amount_yuan", yuan_decimal(r.amount_fen)},
          {"amount_words", words.ok() ? *words : ""},
          {"issued_at", china_time_minutes(r.issued_at)},
          {"items", std::move(items)},
          {"medical", medical_view(r)},
          {"drawer", r.drawer},
          {"reviewer", r.reviewer},
          {"remark", r.remark},
          {"from_cache", v.from_cache},
          {"status_zh", std::move(status_zh)},
          {"status_en", std::move(status_en)}};
}

Json actions_view(const KioskViewInput& in, ScreenState screen) {
  Json actions = Json::array();
  switch (screen) {
    case ScreenState::kIdle:
    case ScreenState::kIdlePaused:
    case ScreenState::kExchanging:
    case ScreenState::kPrinting: break;
    case ScreenState::kPaperOut:
      if (!in.session->staff_called) actions.push_back("call_staff");
      break;
    case ScreenState::kLookingUp: actions.push_back("cancel"); break;
    case ScreenState::kVerified:
      if (!in.no_exchange) {
        actions.push_back("confirm_refund");
        actions.push_back("confirm_other");
      }
      actions.push_back("cancel");
      break;
    case ScreenState::kAlreadyExchanged:
    case ScreenState::kAlreadyPosted:
    case ScreenState::kAlreadyReversed: actions.push_back("cancel"); break;
    case ScreenState::kConfirming:
      actions.push_back("confirm_exchange");
      actions.push_back("back");
      break;
    case ScreenState::kRejected:
    case ScreenState::kNetworkDown:
    case ScreenState::kDone:
    case ScreenState::kError: actions.push_back("start_over"); break;
  }
  return actions;
}

ScreenState verified_screen(const KioskSession& session) {
  if (!session.receipt || !session.receipt->chain_status) return ScreenState::kVerified;
  switch (session.receipt->chain_status->status) {
    case ReceiptStatus::kConverted: return ScreenState::kAlreadyExchanged;
    case ReceiptStatus::kPosted: return ScreenState::kAlreadyPosted;
    case ReceiptStatus::kReversed: return ScreenState::kAlreadyReversed;
    case ReceiptStatus::kIssued: break;
  }
  return ScreenState::kVerified;
}

ScreenState exchanging_screen(const KioskViewInput& in) {
  if (in.printer.condition_code == PrinterConditionCode::kPaperOut) return ScreenState::kPaperOut;
  if (in.session->progress && (in.session->progress->step == ExchangeStep::kPrinting ||
                               in.session->progress->step == ExchangeStep::kReprinting)) {
    return ScreenState::kPrinting;
  }
  return ScreenState::kExchanging;
}

// {"reason", "purpose_zh", "purpose_en", "amount_yuan"}: what the patient confirms.
Json confirm_view(const KioskSession& session) {
  const bool refund = session.reason == ExchangeReason::kRefund;
  return {{"reason", refund ? kConvertReasonRefund : kConvertReasonOther},
          {"purpose_zh", refund ? "退费" : "其他原因"},
          {"purpose_en", refund ? "for a refund" : "for another reason"},
          {"amount_yuan", yuan_decimal(session.receipt->receipt.amount_fen)}};
}

}  // namespace

ScreenState screen_state(const KioskViewInput& in) {
  switch (in.state) {
    case KioskStateId::kIdle: return in.no_exchange ? ScreenState::kIdlePaused : ScreenState::kIdle;
    case KioskStateId::kLookingUp: return ScreenState::kLookingUp;
    case KioskStateId::kVerified: return verified_screen(*in.session);
    case KioskStateId::kConfirming: return ScreenState::kConfirming;
    case KioskStateId::kRejected:
      return in.session->rejection && in.session->rejection->kind == RejectionKind::kNodeUnavailable
                 ? ScreenState::kNetworkDown
                 : ScreenState::kRejected;
    case KioskStateId::kExchanging: return exchanging_screen(in);
    case KioskStateId::kDone: return ScreenState::kDone;
    case KioskStateId::kFailed: return ScreenState::kError;
  }
  return ScreenState::kError;
}

std::string china_time_minutes(std::uint64_t unix_seconds) {
  return china_time(unix_seconds, "%Y-%m-%d %H:%M");
}

Json kiosk_view(const KioskViewInput& in) {
  const KioskSession& session = *in.session;
  const ScreenState screen = screen_state(in);
  const StateText& text = text_of(screen);
  std::string message_zh(text.message_zh);
  std::string message_en(text.message_en);
  if (in.state == KioskStateId::kRejected && session.rejection) {
    message_zh = session.rejection->text_zh;
    message_en = session.rejection->text_en;
  } else if (screen == ScreenState::kPaperOut && session.staff_called) {
    message_zh = "已通知工作人员，请稍候。装好纸后会自动继续打印。";
    message_en = "Staff have been called, please wait. Printing continues by itself once paper is loaded.";
  } else if ((in.state == KioskStateId::kVerified || in.state == KioskStateId::kIdle) && in.no_exchange) {
    message_zh = in.no_exchange->zh;
    message_en = in.no_exchange->en;
  } else if (in.state == KioskStateId::kDone && session.outcome) {
    message_zh += "（纸质票据编号 " + session.outcome->paper_serial + "）";
    message_en += " (paper copy " + session.outcome->paper_serial + ")";
  }
  if (session.notice && screen != ScreenState::kPaperOut) {
    message_zh = session.notice->zh;
    message_en = session.notice->en;
  }

  Json confirm = nullptr;
  if (in.state == KioskStateId::kConfirming && session.receipt && session.reason) confirm = confirm_view(session);
  Json countdown = nullptr;
  if (in.countdown) {
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(in.countdown->after).count();
    countdown = {{"seconds", seconds}, {"arming", in.countdown->arming}};
  }
  Json receipt = nullptr;
  if (session.receipt && in.state != KioskStateId::kIdle && in.state != KioskStateId::kLookingUp) {
    receipt = receipt_view(*session.receipt, in.state, in.payer_display);
  }
  Json progress = nullptr;
  if (in.state == KioskStateId::kExchanging && session.progress) progress = progress_view(*session.progress);

  // An outcome the kiosk cannot know is not "not issued".
  const bool unknown = session.failure && session.failure->kind == ExchangeFailureKind::kUnknown;
  return {{"state", screen_state_name(screen)},
          {"title_zh", unknown ? "换开结果待确认" : text.title_zh},
          {"title_en", unknown ? "Outcome not yet confirmed" : text.title_en},
          {"message_zh", std::move(message_zh)},
          {"message_en", std::move(message_en)},
          {"receipt", std::move(receipt)},
          {"actions", actions_view(in, screen)},
          {"confirm", std::move(confirm)},
          {"countdown", std::move(countdown)},
          {"progress", std::move(progress)},
          {"devices",
           {{"printer", printer_view(in.printer)},
            {"node", node_view(in.node_reachable)},
            {"scanner", {{"ok", in.scanner_ok}}}}},
          {"kiosk", {{"hospital_name", in.hospital_name}, {"help_phone", in.help_phone}}}};
}

}  // namespace chainslip

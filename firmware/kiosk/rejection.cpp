#include "firmware/kiosk/rejection.h"

#include <array>

namespace chainslip {
namespace {

struct RejectionText {
  RejectionKind kind;
  std::string_view name;
  std::string_view zh;
  std::string_view en;
};

constexpr std::array<RejectionText, 7> kTexts{{
    {RejectionKind::kNotAReceiptCode, "not_a_receipt_code",
     "这不是财政电子票据的二维码，请扫描票据上的二维码。",
     "This is not the QR code of a fiscal e-receipt. Please scan the code printed on your receipt."},
    {RejectionKind::kUnknownPlatform, "unknown_platform",
     "这张票据的二维码来自本机不支持的查验平台，请到人工窗口办理。",
     "This receipt's code belongs to a verification platform this kiosk does not know. Please ask at the "
     "service desk."},
    {RejectionKind::kMalformedCode, "malformed_code",
     "二维码内容不完整或有误，无法识别。请重新扫描，或到人工窗口办理。",
     "This receipt code is incomplete or damaged and cannot be read. Please scan it again or ask at the "
     "service desk."},
    {RejectionKind::kReceiptNotFound, "receipt_not_found",
     "未查到这张票据。请确认扫描的是本人的票据，或到人工窗口咨询。",
     "This receipt could not be found. Please check it is your receipt, or ask at the service desk."},
    {RejectionKind::kVerificationFailed, "verification_failed",
     "这张票据未能通过核验，暂不能使用。请到人工窗口咨询。",
     "This receipt could not be verified and cannot be used here. Please ask at the service desk."},
    {RejectionKind::kNodeUnavailable, "node_unavailable",
     "网络暂不可用，无法查询这张票据。请稍后再试，或到人工窗口办理。",
     "The network is unavailable, so this receipt cannot be looked up. Please try again later or ask at "
     "the service desk."},
    {RejectionKind::kQrMismatch, "qr_mismatch", "二维码上的信息与票据不一致，暂不能使用。请到人工窗口咨询。",
     "The QR code does not match the receipt it belongs to. Please ask at the service desk."},
}};

const RejectionText& text_of(RejectionKind kind) {
  for (const RejectionText& t : kTexts) {
    if (t.kind == kind) return t;
  }
  return kTexts[4];  // unreachable: every kind has a row
}

}  // namespace

std::string_view rejection_kind_name(RejectionKind kind) { return text_of(kind).name; }

Rejection make_rejection(RejectionKind kind, const Error& cause, const std::string& subject) {
  const RejectionText& t = text_of(kind);
  Rejection r;
  r.kind = kind;
  r.code = std::string(t.name);
  r.text_zh = std::string(t.zh);
  r.text_en = std::string(t.en);
  r.log_line = "kiosk: rejected reason=" + r.code + " cause=" + std::string(error_code_name(cause.code)) +
               " subject=" + subject + " detail=" + cause.message;
  return r;
}

}  // namespace chainslip

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/receipt/calendar_date.h"
#include "core/util/result.h"

namespace chainslip {

// The forms of QR code real fiscal e-receipts carry (docs/PROTOCOL.md 6).
// Both are URLs of a verification platform; the kiosk only reads them to
// locate a receipt, and trusts nothing in them until the bundle verifies.
enum class ReceiptCodeForm {
  // .../d?t=..&a=..&d=CODE_NUMBER_CHECK_AMOUNTYUAN_YYYYMMDD&s=..
  kShort,
  // .../H5FinanceDisplay/showInvoice?invoice_code=..&invoice_number=..
  //   &check_code=..&app_id=..&security=..   (no amount, no date)
  kDisplayPage,
};

std::string_view receipt_code_form_name(ReceiptCodeForm form);  // "short", "display-page"
Result<ReceiptCodeForm> parse_receipt_code_form(std::string_view name);

// One URL prefix the kiosk accepts: scheme, exact host (and port, if not the
// scheme's default) and exact path, and the form its query is in.
struct ReceiptCodePlatform {
  std::string scheme;      // "https" or "http"
  std::string host;        // exact, lowercase: "www.chinaebill.cn"
  std::uint16_t port = 0;  // 0: the scheme's default (443, 80); an explicit 443 on https is the same
  std::string path;        // exact: "/eips-wxapp-service/d"
  ReceiptCodeForm form = ReceiptCodeForm::kShort;

  bool operator==(const ReceiptCodePlatform&) const = default;
};

// The allow-list (config: [receipt_codes] platforms). The default is the national
// platform's two forms on www.chinaebill.cn, over http and https.
std::vector<ReceiptCodePlatform> default_receipt_code_platforms();

// Whether `platform` can be an allow-list entry (for the config loader):
// scheme "http" or "https"; host a lowercase DNS name (labels of [a-z0-9-],
// not an IP address, no trailing dot); path '/' then [A-Za-z0-9-._~/] with
// no "." or ".." segment. kInvalidArgument naming the rule otherwise.
Status check_receipt_code_platform(const ReceiptCodePlatform& platform);

// One allow-list entry as the config writes it: the form's name, a space,
// and the URL prefix without query, e.g.
//   "short https://www.chinaebill.cn/eips-wxapp-service/d"
//   "display-page https://pjcy.zj.gov.cn:8443/h5/showInvoice"
// Read with curl's URL API and held to check_receipt_code_platform.
Result<ReceiptCodePlatform> parse_receipt_code_platform(std::string_view entry);
std::string receipt_code_platform_text(const ReceiptCodePlatform& platform);

// What a receipt's QR code says.
struct ReceiptCode {
  ReceiptCodeForm form = ReceiptCodeForm::kShort;
  std::string code;                         // 票据代码: 8 digits
  std::string number;                       // 票据号码: 10 digits
  std::string check_code;                   // 校验码: 6 of [0-9a-z]
  std::optional<std::uint64_t> amount_fen;  // short form only: 金额, exact
  std::optional<CalendarDate> issue_date;   // short form only: 开票日期 (UTC+8)
  // The platform's own parameters, exactly the form's and in the form's
  // order whatever the URL's: t, a, s (short) or app_id, security (display
  // page). Values percent-decoded, 1 to kMaxPlatformFieldBytes printable
  // ASCII (0x21-0x7e) each, never interpreted: their meaning is not published.
  // The fixed order makes two scans of one code equal, whatever order their
  // parameters came in, and lets receipt_code_url write them back.
  std::vector<std::pair<std::string, std::string>> platform_fields;

  bool operator==(const ReceiptCode&) const = default;
};

// Longer texts are refused before they are parsed (kNotAReceiptCode).
inline constexpr std::size_t kMaxReceiptCodeBytes = 512;
// The longest value of a platform field (t, a, s, app_id, security), decoded.
inline constexpr std::size_t kMaxPlatformFieldBytes = 64;

// Why a scanned text is not a receipt code the kiosk can use.
enum class ReceiptCodeRefusal {
  kNotAReceiptCode,  // not a URL, or a URL of no receipt form at all
  kUnknownPlatform,  // a receipt code of a platform this kiosk does not know
  kMalformed,        // a known platform's URL with a bad, missing or repeated field
};

// "not_a_receipt_code", "unknown_platform", "malformed" (`chainslip qr --json`).
std::string_view receipt_code_refusal_name(ReceiptCodeRefusal refusal);

struct ReceiptCodeError {
  ReceiptCodeRefusal refusal = ReceiptCodeRefusal::kNotAReceiptCode;
  std::string message;  // for logs and `chainslip qr`: names the field and the rule
};

using ReceiptCodeResult = std::variant<ReceiptCode, ReceiptCodeError>;

// Parses with libcurl's URL API. Strict (PROTOCOL 6): at most
// kMaxReceiptCodeBytes, scheme/host/port/path matching one platform exactly
// (no userinfo, no fragment, host compared case-insensitively as DNS is,
// never an IP address, the port as a number with the scheme's default for
// none, the path byte for byte as written: no dot-segment removal), query
// parameters in any order, percent-decoded, each at most once, exactly the
// form's parameters, each field checked. The first platform that matches
// wins. A text matching no platform is kUnknownPlatform when it is an http(s)
// URL whose query looks like a receipt form, else kNotAReceiptCode.
ReceiptCodeResult parse_receipt_code(std::string_view text,
                                     const std::vector<ReceiptCodePlatform>& platforms);

// The URL of `code` on `platform` (form must match): what the simulator
// prints on the receipts it mints. Parameters in the form's order (t, a, d, s
// / invoice_code, invoice_number, check_code, app_id, security), percent-
// encoded with curl_easy_escape; the port written only when not 0. For a
// code parse_receipt_code accepted and a platform check_receipt_code_platform
// accepts, parse_receipt_code reads it back equal. Empty if curl refuses
// the platform's parts.
std::string receipt_code_url(const ReceiptCode& code, const ReceiptCodePlatform& platform);

}  // namespace chainslip

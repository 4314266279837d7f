// receipt_code_url: the URL a platform would print for a receipt code, the
// inverse of parse_receipt_code (docs/PROTOCOL.md 6.4).
#include <cassert>

#include "core/receipt/money.h"
#include "core/receipt/receipt_code.h"
#include "core/util/url.h"

namespace chainslip {
namespace {

std::string platform_field(const ReceiptCode& code, std::string_view name) {
  for (const auto& [field, value] : code.platform_fields) {
    if (field == name) return value;
  }
  return std::string();
}

}  // namespace

std::string receipt_code_url(const ReceiptCode& code, const ReceiptCodePlatform& platform) {
  assert(code.form == platform.form);
  std::vector<QueryParam> query;
  if (platform.form == ReceiptCodeForm::kShort) {
    const std::string amount = code.amount_fen ? fixed_decimal(*code.amount_fen, kAmountDecimals) : "";
    const std::string date = code.issue_date ? code.issue_date->compact() : "";
    query = {{"t", platform_field(code, "t")},
             {"a", platform_field(code, "a")},
             {"d", code.code + "_" + code.number + "_" + code.check_code + "_" + amount + "_" + date},
             {"s", platform_field(code, "s")}};
  } else {
    query = {{"invoice_code", code.code},
             {"invoice_number", code.number},
             {"check_code", code.check_code},
             {"app_id", platform_field(code, "app_id")},
             {"security", platform_field(code, "security")}};
  }
  auto url = build_url(platform.scheme, platform.host, platform.port, platform.path, query);
  return url.ok() ? *url : std::string();
}

}  // namespace chainslip

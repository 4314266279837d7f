#include "core/receipt/receipt_code_match.h"

#include "core/receipt/money.h"

namespace chainslip {

ReceiptCode receipt_code_for(const Receipt& r, ReceiptCodeForm form,
                             std::vector<std::pair<std::string, std::string>> platform_fields) {
  ReceiptCode c;
  c.form = form;
  c.code = r.code;
  c.number = r.number;
  c.check_code = r.check_code;
  if (form == ReceiptCodeForm::kShort) {
    c.amount_fen = r.amount_fen;
    c.issue_date = china_date_of(r.issued_at);
  }
  c.platform_fields = std::move(platform_fields);
  return c;
}

Status check_receipt_code_matches(const ReceiptCode& c, const Receipt& r) {
  auto differs = [](const std::string& what) {
    return make_error(ErrorCode::kInvalidArgument, "receipt code: " + what);
  };
  if (c.code != r.code || c.number != r.number) return differs("the receipt found is not the one scanned");
  if (c.check_code != r.check_code) return differs("校验码 does not match the receipt");
  if (c.amount_fen && *c.amount_fen != r.amount_fen) {
    return differs("amount " + fixed_decimal(*c.amount_fen, kAmountDecimals) +
                   " does not match the receipt's " + fixed_decimal(r.amount_fen, kAmountDecimals));
  }
  if (c.issue_date && *c.issue_date != china_date_of(r.issued_at)) {
    return differs("issue date " + c.issue_date->iso() + " does not match the receipt's " +
                   china_date_of(r.issued_at).iso());
  }
  return {};
}

}  // namespace chainslip

#include "firmware/cli/qr_command.h"

#include <iostream>
#include <variant>

#include "core/receipt/money.h"
#include "core/receipt/receipt_code.h"
#include "core/util/strict_json.h"

namespace chainslip::cli {
namespace {

constexpr int kExitReceiptCode = 0;
constexpr int kExitNotAReceiptCode = 1;

// Messages quote what was scanned; a verdict must print whatever it holds.
void print_json(const Json& verdict) {
  std::cout << verdict.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
}

Json code_json(const ReceiptCode& code) {
  Json fields = Json::object();
  for (const auto& [name, value] : code.platform_fields) fields[name] = value;
  return {
      {"ok", true},
      {"form", receipt_code_form_name(code.form)},
      {"code", code.code},
      {"number", code.number},
      {"check_code", code.check_code},
      {"amount", code.amount_fen ? Json(fixed_decimal(*code.amount_fen, kAmountDecimals)) : Json(nullptr)},
      {"date", code.issue_date ? Json(code.issue_date->iso()) : Json(nullptr)},
      {"platform_fields", fields}};
}

void print_code(const ReceiptCode& code) {
  auto line = [](std::string_view name, const std::string& value) {
    std::cout << "  " << name << std::string(name.size() < 12 ? 12 - name.size() : 1, ' ') << value << "\n";
  };
  std::cout << "RECEIPT CODE  " << receipt_code_form_name(code.form) << "\n";
  line("code", code.code);
  line("number", code.number);
  line("check_code", code.check_code);
  line("amount", code.amount_fen ? fixed_decimal(*code.amount_fen, kAmountDecimals) : "(none in this form)");
  line("date", code.issue_date ? code.issue_date->iso() : "(none in this form)");
  for (const auto& [name, value] : code.platform_fields) line(name, value);
}

}  // namespace

int run_qr(const QrArgs& args) {
  const ReceiptCodeResult result = parse_receipt_code(args.text, default_receipt_code_platforms());
  if (const auto* code = std::get_if<ReceiptCode>(&result)) {
    if (args.json) {
      print_json(code_json(*code));
    } else {
      print_code(*code);
    }
    return kExitReceiptCode;
  }
  const auto& error = std::get<ReceiptCodeError>(result);
  const std::string_view refusal = receipt_code_refusal_name(error.refusal);
  if (args.json) {
    print_json({{"ok", false}, {"refusal", refusal}, {"message", error.message}});
  } else {
    std::cout << "NOT A RECEIPT CODE  " << refusal << "\n  " << error.message << "\n";
  }
  return kExitNotAReceiptCode;
}

}  // namespace chainslip::cli

// parse_receipt_code on any scanned text, on the national platform's four
// entries and two of a province's (with ports). A code it accepts comes back
// equal from receipt_code_url on every platform of its form, the one it
// matched among them; a refusal always says why.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/receipt/receipt_code.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

std::vector<chainslip::ReceiptCodePlatform> platforms() {
  auto list = chainslip::default_receipt_code_platforms();
  list.push_back({"http", "fp.example-prov.gov.cn", 8080, "/check/d", chainslip::ReceiptCodeForm::kShort});
  list.push_back(
      {"https", "pj.example.cn", 8443, "/h5/show_invoice", chainslip::ReceiptCodeForm::kDisplayPage});
  return list;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<chainslip::ReceiptCodePlatform> kPlatforms = platforms();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto result = chainslip::parse_receipt_code(text, kPlatforms);
  if (const auto* error = std::get_if<chainslip::ReceiptCodeError>(&result)) {
    FUZZ_CHECK(!error->message.empty());
    return 0;
  }
  const auto& code = std::get<chainslip::ReceiptCode>(result);
  FUZZ_CHECK(size <= chainslip::kMaxReceiptCodeBytes);
  FUZZ_CHECK(code.platform_fields.size() == (code.form == chainslip::ReceiptCodeForm::kShort ? 3u : 2u));
  FUZZ_CHECK(code.amount_fen.has_value() == (code.form == chainslip::ReceiptCodeForm::kShort));
  for (const auto& platform : kPlatforms) {
    if (platform.form != code.form) continue;
    const std::string url = chainslip::receipt_code_url(code, platform);
    FUZZ_CHECK(!url.empty());
    const auto back = chainslip::parse_receipt_code(url, kPlatforms);
    if (url.size() > chainslip::kMaxReceiptCodeBytes) {
      // curl_easy_escape writes a platform value's '!', '=', '+', ... as
      // %XX: a code scanned with them unencoded can outgrow the bound
      // (receipt_code.h, docs/PROTOCOL-qr-section.md 6.4).
      const auto* error = std::get_if<chainslip::ReceiptCodeError>(&back);
      FUZZ_CHECK(error != nullptr && error->refusal == chainslip::ReceiptCodeRefusal::kNotAReceiptCode);
      continue;
    }
    const auto* again = std::get_if<chainslip::ReceiptCode>(&back);
    FUZZ_CHECK(again != nullptr && *again == code);
  }
  return 0;
}

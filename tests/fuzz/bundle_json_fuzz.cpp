// parse_bundle on any text: a receipt bundle as a node or a file gives it.
// What it accepts must come back the same from its own JSON form
// (bundle_to_json), so the writer and the one parser agree on every field.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/bundle/receipt_bundle.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto bundle = chainslip::parse_bundle(text);
  if (!bundle.ok()) {
    // Malformed, or a receipt breaking a money rule with its own reason.
    using chainslip::ErrorCode;
    FUZZ_CHECK(
        bundle.code() == ErrorCode::kInvalidArgument || bundle.code() == ErrorCode::kItemAmountMismatch ||
        bundle.code() == ErrorCode::kTotalMismatch || bundle.code() == ErrorCode::kPaymentBreakdownMismatch);
    return 0;
  }
  const chainslip::Json written = chainslip::bundle_to_json(*bundle);
  auto again = chainslip::parse_bundle(written.dump());
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->receipt == bundle->receipt);
  FUZZ_CHECK(chainslip::bundle_to_json(*again) == written);
  return 0;
}

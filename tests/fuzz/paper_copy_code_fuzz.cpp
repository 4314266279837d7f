// parse_paper_copy_code on any scanned text. A payload it accepts is in its one
// canonical form: formatting it again gives back the same bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/receipt/paper_copy_code.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto payload = chainslip::parse_paper_copy_code(text);
  if (!payload.ok()) {
    FUZZ_CHECK(payload.code() == chainslip::ErrorCode::kInvalidArgument);
    return 0;
  }
  FUZZ_CHECK(chainslip::format_paper_copy_code(*payload) == text);
  return 0;
}

// parse_strict_json on any text. What it accepts holds no duplicate key and
// survives a round trip: dumped and parsed again it is the same document.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/util/strict_json.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = chainslip::parse_strict_json(text);
  if (!doc.ok()) {
    FUZZ_CHECK(doc.code() == chainslip::ErrorCode::kInvalidArgument);
    return 0;
  }
  auto again = chainslip::parse_strict_json(doc->dump());
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(*again == *doc);
  return 0;
}

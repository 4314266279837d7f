// parse_strict_json on any text. What it accepts is nested at most
// kMaxJsonDepth deep and survives a round trip: dumped and parsed again it
// is the same document.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/util/strict_json.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

int depth(const chainslip::Json& value) {
  int deepest = 0;
  if (value.is_structured()) {
    for (const auto& child : value) deepest = std::max(deepest, depth(child));
    return deepest + 1;
  }
  return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = chainslip::parse_strict_json(text);
  if (!doc.ok()) {
    FUZZ_CHECK(doc.code() == chainslip::ErrorCode::kInvalidArgument);
    return 0;
  }
  FUZZ_CHECK(depth(*doc) <= chainslip::kMaxJsonDepth);
  auto again = chainslip::parse_strict_json(doc->dump());
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(*again == *doc);
  return 0;
}

#include "core/crypto/suite.h"

#include <string>

namespace chainslip {

Result<Suite> parse_suite(std::string_view name) {
  for (Suite suite : {Suite::kSm2Sm3, Suite::kP256Sha256}) {
    if (name == suite_name(suite)) return suite;
  }
  return make_error(ErrorCode::kInvalidArgument,
                    "unknown crypto suite \"" + std::string(name) +
                        "\"; accepted: \"sm2-sm3\", \"p256-sha256\"");
}

std::string_view suite_name(Suite suite) {
  switch (suite) {
    case Suite::kSm2Sm3: return "sm2-sm3";
    case Suite::kP256Sha256: return "p256-sha256";
  }
  return "unknown";
}

}  // namespace chainslip

#include "core/chain/chain_id.h"

namespace chainslip {

bool is_chain_id(std::string_view text) {
  if (text.empty() || text.size() > kMaxChainIdBytes) return false;
  for (char c : text) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                         c == '-' || c == '_' || c == '.';
    if (!allowed) return false;
  }
  return true;
}

Result<std::string> read_chain_id(FieldReader& f, const char* key) {
  CS_ASSIGN_OR_RETURN(std::string id, f.text(key, 1, kMaxChainIdBytes));
  if (!is_chain_id(id)) {
    return make_error(ErrorCode::kInvalidArgument,
                      f.path(key) + ": a chain id is ASCII letters, digits, '-', '_' or '.'");
  }
  return id;
}

}  // namespace chainslip

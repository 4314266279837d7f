#include "core/engine/fisco_bcos/parent_link.h"

#include <string>

#include "core/engine/fisco_bcos/header_verifier.h"

namespace chainslip::fisco {
namespace {

Error mismatch(const BlockHeader& child, const std::string& why) {
  return make_error(ErrorCode::kParentMismatch, "header " + std::to_string(child.number) + ": " + why);
}

}  // namespace

Status check_parent_link(ChainCrypto crypto, const BlockHeader& parent, const BlockHeader& child) {
  CS_ASSIGN_OR_RETURN(const Digest parent_hash, check_header_hash(crypto, parent));
  if (parent.number < 0 || child.number != parent.number + 1) {
    return mismatch(child, "does not follow header " + std::to_string(parent.number));
  }
  if (child.parents.size() != 1) {
    return mismatch(child, std::to_string(child.parents.size()) + " parentInfo entries, expected 1");
  }
  const ParentInfo& named = child.parents.front();
  if (named.number != parent.number) {
    return mismatch(child, "parentInfo names block " + std::to_string(named.number));
  }
  if (named.hash != parent_hash) {
    return mismatch(child, "parentInfo names hash " + to_hex(named.hash) + ", the parent's is " + to_hex(parent_hash));
  }
  return {};
}

}  // namespace chainslip::fisco

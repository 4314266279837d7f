#include "core/engine/chainslip_engine.h"

namespace chainslip {
namespace {

Error another_engine(const IssuedReceipt& issued) {
  return make_error(ErrorCode::kSuiteMismatch, "a " + std::string(chain_engine_name(issued.engine())) +
                                                   " bundle, but the trust anchor is chainslip's");
}

}  // namespace

Result<VerifiedReceipt> ChainslipEngine::verify(const IssuedReceipt& issued, const HeaderCheckOptions& options) const {
  const ReceiptBundle* bundle = issued.chainslip();
  if (bundle == nullptr) return another_engine(issued);
  return verify_bundle(*bundle, client_, options);
}

Status ChainslipEngine::hold_changes(const IssuedReceipt& issued) {
  const ReceiptBundle* bundle = issued.chainslip();
  if (bundle == nullptr) return another_engine(issued);
  for (const ValidatorSetChange& change : bundle->validator_set_changes) CS_RETURN_IF_ERROR(client_.accept(change));
  return {};
}

Status ChainslipEngine::hold_changes_json(const Json& changes) {
  if (!changes.is_array()) return make_error(ErrorCode::kInvalidArgument, "expected a JSON array of changes");
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const std::string where = "[" + std::to_string(i) + "]";
    CS_ASSIGN_OR_RETURN(ValidatorSetChange change,
                        validator_set_change_from_json(client_.anchor().suite, changes[i], where));
    if (Status s = client_.accept(change); !s.ok()) {
      return make_error(s.code(), where + " does not follow the anchor: " + s.error().message);
    }
  }
  return {};
}

}  // namespace chainslip

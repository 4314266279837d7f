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

}  // namespace chainslip

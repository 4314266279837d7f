#include "core/engine/fisco_bcos/fisco_engine.h"

#include "core/engine/fisco_bcos/issuance.h"
#include "core/engine/fisco_bcos/receipt_bundle.h"

namespace chainslip::fisco {
namespace {

Error another_engine(const IssuedReceipt& issued) {
  return make_error(ErrorCode::kSuiteMismatch, "a " + std::string(chain_engine_name(issued.engine())) +
                                                   " bundle, but the trust anchor is for FISCO BCOS 3.x");
}

}  // namespace

Result<VerifiedReceipt> FiscoEngine::verify(const IssuedReceipt& issued, const HeaderCheckOptions& options) const {
  const ReceiptBundle* bundle = issued.fisco();
  if (bundle == nullptr) return another_engine(issued);
  CS_ASSIGN_OR_RETURN(VerifiedIssuance v, verify_issuance(bundle->receipt, bundle->proof, client_, options));
  return VerifiedReceipt{v.receipt_hash, v.transaction_hash, v.header_hash, static_cast<std::uint64_t>(v.number)};
}

Status FiscoEngine::hold_changes(const IssuedReceipt& issued) {
  const ReceiptBundle* bundle = issued.fisco();
  if (bundle == nullptr) return another_engine(issued);
  for (const SealerListChange& change : bundle->proof.sealer_list_changes) CS_RETURN_IF_ERROR(client_.accept(change));
  return {};
}

Status FiscoEngine::hold_changes_json(const Json& changes) {
  CS_ASSIGN_OR_RETURN(std::vector<SealerListChange> read, sealer_list_changes_from_json(changes, ""));
  for (std::size_t i = 0; i < read.size(); ++i) {
    if (Status s = client_.accept(read[i]); !s.ok()) {
      return make_error(s.code(), "[" + std::to_string(i) + "] does not follow the anchor: " + s.error().message);
    }
  }
  return {};
}

}  // namespace chainslip::fisco

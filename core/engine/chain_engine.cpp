#include "core/engine/chain_engine.h"

#include "core/engine/chainslip_engine.h"
#include "core/engine/fisco_bcos/fisco_engine.h"

namespace chainslip {
namespace {

// The engine a document names: "engine" absent is chainslip's own format,
// which predates the field.
Result<ChainEngineKind> engine_named_by(const Json& value, const std::string& where) {
  if (!value.is_object() || !value.contains("engine")) return ChainEngineKind::kChainslip;
  const Json& engine = value.at("engine");
  if (engine.is_string()) {
    for (ChainEngineKind kind : {ChainEngineKind::kChainslip, ChainEngineKind::kFiscoBcos3}) {
      if (engine.get_ref<const std::string&>() == chain_engine_name(kind)) return kind;
    }
  }
  return make_error(ErrorCode::kInvalidArgument,
                    where + ".engine: " + engine.dump(-1, ' ', false, Json::error_handler_t::replace) +
                        " is not a chain engine (chainslip, fisco-bcos-3)");
}

}  // namespace

std::string_view chain_engine_name(ChainEngineKind kind) {
  return kind == ChainEngineKind::kFiscoBcos3 ? fisco::kEngineName : std::string_view("chainslip");
}

ChainEngineKind IssuedReceipt::engine() const {
  return fisco() != nullptr ? ChainEngineKind::kFiscoBcos3 : ChainEngineKind::kChainslip;
}

const Receipt& IssuedReceipt::receipt() const {
  if (const fisco::ReceiptBundle* b = fisco()) return b->receipt;
  return chainslip()->receipt;
}

Result<IssuedReceipt> issued_receipt_from_json(const Json& value) {
  CS_ASSIGN_OR_RETURN(ChainEngineKind kind, engine_named_by(value, "bundle"));
  if (kind == ChainEngineKind::kFiscoBcos3) {
    CS_ASSIGN_OR_RETURN(fisco::ReceiptBundle bundle, fisco::bundle_from_json(value));
    return IssuedReceipt(std::move(bundle));
  }
  CS_ASSIGN_OR_RETURN(ReceiptBundle bundle, bundle_from_json(value));
  return IssuedReceipt(std::move(bundle));
}

Result<IssuedReceipt> parse_issued_receipt(std::string_view json_text) {
  CS_ASSIGN_OR_RETURN(Json doc, parse_strict_json(json_text));
  return issued_receipt_from_json(doc);
}

Json issued_receipt_to_json(const IssuedReceipt& issued) {
  if (const fisco::ReceiptBundle* b = issued.fisco()) return fisco::bundle_to_json(*b);
  return bundle_to_json(*issued.chainslip());
}

Result<std::unique_ptr<ChainEngine>> chain_engine_from_anchor(const Json& anchor) {
  CS_ASSIGN_OR_RETURN(ChainEngineKind kind, engine_named_by(anchor, "anchor"));
  if (kind == ChainEngineKind::kFiscoBcos3) {
    CS_ASSIGN_OR_RETURN(fisco::TrustAnchor a, fisco::trust_anchor_from_json(anchor));
    return std::unique_ptr<ChainEngine>(std::make_unique<fisco::FiscoEngine>(std::move(a)));
  }
  CS_ASSIGN_OR_RETURN(TrustAnchor a, trust_anchor_from_json(anchor));
  return std::unique_ptr<ChainEngine>(std::make_unique<ChainslipEngine>(std::move(a)));
}

Result<std::unique_ptr<ChainEngine>> parse_chain_engine_anchor(std::string_view anchor_json) {
  CS_ASSIGN_OR_RETURN(Json doc, parse_strict_json(anchor_json));
  return chain_engine_from_anchor(doc);
}

}  // namespace chainslip

#pragma once

#include "core/engine/chain_engine.h"
#include "core/engine/fisco_bcos/light_client.h"

namespace chainslip::fisco {

// A FISCO BCOS 3.x chain behind the seam (PROTOCOL 11.8 and 11.9):
// verify_issuance against a LightClient that holds the sealer-list changes
// verified so far.
class FiscoEngine final : public ChainEngine {
 public:
  explicit FiscoEngine(TrustAnchor anchor) : client_(std::move(anchor)) {}

  ChainEngineKind kind() const override { return ChainEngineKind::kFiscoBcos3; }
  Result<VerifiedReceipt> verify(const IssuedReceipt& issued, const HeaderCheckOptions& options) const override;
  Status hold_changes(const IssuedReceipt& issued) override;
  Status hold_changes_json(const Json& changes) override;
  std::size_t held_changes() const override { return client_.changes().size(); }

 private:
  LightClient client_;
};

}  // namespace chainslip::fisco

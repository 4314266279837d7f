#pragma once

#include "core/chain/light_client.h"
#include "core/engine/chain_engine.h"

namespace chainslip {

// chainslip's own chain (PROTOCOL 2 to 5) behind the seam: verify_bundle
// against a LightClient that holds the validator-set changes verified so far.
class ChainslipEngine final : public ChainEngine {
 public:
  explicit ChainslipEngine(TrustAnchor anchor) : client_(std::move(anchor)) {}

  ChainEngineKind kind() const override { return ChainEngineKind::kChainslip; }
  Result<VerifiedReceipt> verify(const IssuedReceipt& issued, const HeaderCheckOptions& options) const override;
  Status hold_changes(const IssuedReceipt& issued) override;
  Status hold_changes_json(const Json& changes) override;
  std::size_t held_changes() const override { return client_.changes().size(); }

  // The light client itself, for what only this engine does yet: the
  // kiosk's own status transactions (core/exchange).
  LightClient& light_client() { return client_; }

 private:
  LightClient client_;
};

}  // namespace chainslip

#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/chain/block_header.h"
#include "core/chain/trust_anchor.h"
#include "core/chain/validator_set_change.h"

namespace chainslip {

struct HeaderCheckOptions {
  std::uint64_t now_ms = 0;
  // How far a header's timestamp may run ahead of our clock.
  std::uint64_t max_clock_skew_ms = 5 * 60 * 1000;
  // When set, a header older than this is stale (used where freshness
  // matters, e.g. a status lookup); 0 means the header's own millisecond.
  // Unset: no freshness bound.
  std::optional<std::uint64_t> max_age_ms = std::nullopt;
};

// A header's time against the clock: kHeaderFromFuture when it is more than
// options.max_clock_skew_ms ahead, kHeaderStale when options.max_age_ms is
// set and it is older. `subject` names the header in the message ("header",
// "block 2"). Every engine's light client holds its headers to this.
Status check_header_time(std::uint64_t timestamp_ms, const HeaderCheckOptions& options, const std::string& subject);

// A BFT light client: no header sync, only the trust anchor, the validator-set
// changes proven forward from it, and the one header that matters.
class LightClient {
 public:
  explicit LightClient(TrustAnchor anchor);

  const TrustAnchor& anchor() const { return anchor_; }

  // Accepts `change` if it follows the latest known set: same chain, previous
  // set hash matching, activation strictly after the latest activation, signed
  // by > 2/3 of the latest set. Errors: kWrongChainId,
  // kValidatorSetChangeInvalid (with the quorum failure's reason in the text).
  Status apply(const ValidatorSetChange& change);

  // apply(), except that a change this client already holds (same chain,
  // activation height, previous and next set: the same change hash; the
  // signatures may differ) is accepted as it is. A shown change that
  // contradicts a held one fails as apply() would: this is how a kiosk that
  // persisted a rotation refuses a retired set's header (PROTOCOL 5.1).
  Status accept(const ValidatorSetChange& change);
  bool holds(const ValidatorSetChange& change) const;

  // The changes applied so far, in activation order (the anchor's set first
  // changed by changes()[0]).
  const std::vector<ValidatorSetChange>& changes() const { return changes_; }

  // The set in force at `height`; kValidatorSetMismatch before the anchor.
  Result<const ValidatorSet*> set_at(std::uint64_t height) const;

  // Verifies a header and returns its locally computed hash. Checks, in
  // order: chain id, claimed hash, validator set in force, timestamp (future,
  // stale), then the quorum of distinct validators' signatures.
  Result<Digest> verify_header(const BlockHeader& header, const HeaderCheckOptions& options) const;

 private:
  struct Epoch {
    std::uint64_t activation_height;
    ValidatorSet set;
  };
  TrustAnchor anchor_;
  std::vector<Epoch> epochs_;                // epochs_[0] is the anchor's set
  std::vector<ValidatorSetChange> changes_;  // changes_[i] began epochs_[i + 1]
};

}  // namespace chainslip

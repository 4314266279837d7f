#pragma once

#include <cstdint>
#include <vector>

#include "core/chain/light_client.h"
#include "core/engine/fisco_bcos/header_verifier.h"
#include "core/engine/fisco_bcos/trust_anchor.h"

namespace chainslip::fisco {

inline constexpr std::size_t kMaxSealerChangeHeaders = 64;

// How the sealer list changed (docs/PROTOCOL.md 11.8.1): consecutive headers
// (each the parent of the next), all carrying the same new sealer list,
// headers[0] the first header of that list. The last one is signed by a
// quorum of the list it replaces, which vouches for the chain back to
// headers[0] through the parent links. No node publishes this object:
// chainslip's simulated node serves it, and a real deployment's gateway
// would gather it from getBlockByNumber.
struct SealerListChange {
  std::vector<BlockHeader> headers;
};

// A light client of a FISCO BCOS 3.x chain: no header sync, only the trust
// anchor, the sealer-list changes proven forward from it, and the one header
// that matters. The counterpart of chainslip's LightClient (PROTOCOL 5),
// with the same long-range guard: a held change makes a retired list's
// header at a later number fail.
class LightClient {
 public:
  explicit LightClient(TrustAnchor anchor);

  const TrustAnchor& anchor() const { return anchor_; }

  // Accepts `change` if it follows the latest list, in this order (all
  // failures kValidatorSetChangeInvalid, naming the reason):
  // 1. 1..kMaxSealerChangeHeaders headers, headers[0]'s number strictly
  //    after the latest change (or the anchor), its list not the latest one;
  // 2. every header carries headers[0]'s list and is sealed by its quorum
  //    (verify_sealed_header), each the parent of the next (check_parent_link);
  // 3. the last header's valid signatures by sealers of the latest list
  //    carry, by that list's weights, its required weight (quorum.h).
  // A change this client already holds (same first header hash) is accepted
  // as it is.
  Status accept(const SealerListChange& change);

  // The changes accepted so far, in order.
  const std::vector<SealerListChange>& changes() const { return changes_; }

  // The list in force at block `number`; kValidatorSetMismatch before the anchor.
  Result<const SealerList*> list_at(std::int64_t number) const;

  // Verifies a header: its hash (kHeaderHashMismatch), that it carries the
  // list in force at its number (kValidatorSetMismatch), its timestamp
  // (kHeaderFromFuture, kHeaderStale; FISCO timestamps are milliseconds),
  // then its signatures and quorum (verify_sealed_header's codes).
  Result<SealedHeader> verify_header(const BlockHeader& header, const HeaderCheckOptions& options) const;

 private:
  struct Epoch {
    std::int64_t first_number;
    SealerList list;
  };
  Status apply(const SealerListChange& change);

  TrustAnchor anchor_;
  std::vector<Epoch> epochs_;               // epochs_[0] is the anchor's list
  std::vector<SealerListChange> changes_;   // changes_[i] began epochs_[i + 1]
};

}  // namespace chainslip::fisco

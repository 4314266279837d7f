#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/chain/receipt_status.h"
#include "core/engine/chain_engine.h"
#include "core/hal/clock.h"
#include "core/hal/node_client.h"
#include "core/receipt/receipt.h"
#include "core/receipt/receipt_code.h"
#include "core/store/receipt_store.h"
#include "firmware/kiosk/rejection.h"

namespace chainslip {

// A scanned receipt, verified end to end.
struct VerifiedLookup {
  ReceiptCode scanned;  // the code as read
  Receipt receipt;
  Digest receipt_hash{};
  std::uint64_t header_height = 0;
  Digest header_hash{};
  bool from_cache = false;     // verified from the kiosk's cache, not fetched now
  bool node_reachable = true;  // the node answered during this lookup
  // What the node says of the receipt's status (已换开, 已入账, 已冲红):
  // advisory, for what the patient is shown and offered; nullopt when the
  // node did not say.
  std::optional<ReceiptStatusView> chain_status;
};

using LookupAnswer = std::variant<VerifiedLookup, Rejection>;

// Scanned text to a verified receipt or a Rejection:
//   parse_receipt_code (strict, on the platform allow-list) -> the cache (verified again: cached is not
//   trusted) -> on a miss, or a cached copy that no longer verifies or
//   matches the code, the node (get_receipt_bundle with the check code) ->
//   the chain engine's verify -> check_receipt_code_matches -> cache it.
// Bundles are verified by `engine` (core/engine/chain_engine.h), which holds
// the anchor and every set change the kiosk has verified so far, so a node
// cannot hide a rotation from it (PROTOCOL 5.1). A node bundle's new changes
// are held.
// A verified receipt's status is then asked of the node (advisory: an
// exchanged, posted or reversed receipt is not offered an exchange); its
// answer also tells whether the node is reachable, for a cache hit: the
// kiosk must not offer a conversion it cannot make.
//
// Single-threaded, on the loop that services the NodeClient. `done` runs
// exactly once: inside lookup() for answers that need no node (a
// non-receipt code), otherwise from the node client's process_events().
class ReceiptLookup {
 public:
  using Done = std::function<void(LookupAnswer)>;
  using Log = std::function<void(const std::string&)>;

  // `clock`'s wall time dates header freshness and cache rows. The node, the
  // store, the engine and the clock must outlive the lookup.
  // `platforms` is the allow-list of verification platforms whose codes the
  // kiosk reads (config [receipt_codes]).
  ReceiptLookup(NodeClient& node, ReceiptStore& store, ChainEngine& engine,
                std::vector<ReceiptCodePlatform> platforms, const Clock& clock, Log log);
  ~ReceiptLookup();
  ReceiptLookup(const ReceiptLookup&) = delete;
  ReceiptLookup& operator=(const ReceiptLookup&) = delete;

  void lookup(std::string_view scanned, Done done);
  // Whether a node answers at all (GET /v1/info); `done` runs later.
  void probe_node(std::function<void(bool reachable)> done);
  // Drops the answer of every lookup in flight: their `done` never runs.
  void cancel();

 private:
  void ask_node(const ReceiptCode& scanned, Done done);
  void answer_from_node(const ReceiptCode& scanned, Result<ReceiptBundle> fetched, const Done& done);
  // Adds the node's status of the verified receipt, then answers.
  void ask_status(VerifiedLookup verified, Done done);
  // The cached copy of the scanned receipt if it verifies again and matches the scan.
  std::optional<VerifiedLookup> from_cache(const ReceiptCode& scanned);
  HeaderCheckOptions header_checks() const;

  NodeClient& node_;
  ReceiptStore& store_;
  ChainEngine& engine_;
  std::vector<ReceiptCodePlatform> platforms_;
  const Clock& clock_;
  Log log_;
  // Node callbacks hold a weak_ptr to it: answers for a destroyed lookup, or
  // of an older generation (cancel), are dropped.
  std::shared_ptr<std::uint64_t> generation_ = std::make_shared<std::uint64_t>(0);
};

}  // namespace chainslip

#pragma once

#include <memory>
#include <string_view>
#include <variant>

#include "core/bundle/bundle_verifier.h"
#include "core/bundle/receipt_bundle.h"
#include "core/engine/fisco_bcos/receipt_bundle.h"

namespace chainslip {

// The chain engines a trust anchor can name (docs/PROTOCOL.md 3 and 11.8).
enum class ChainEngineKind { kChainslip, kFiscoBcos3 };
std::string_view chain_engine_name(ChainEngineKind kind);  // "chainslip", "fisco-bcos-3"

// A receipt with one engine's proof that it was issued: chainslip's bundle
// (PROTOCOL 4) or a FISCO BCOS 3.x bundle (PROTOCOL 11.10).
class IssuedReceipt {
 public:
  IssuedReceipt(ReceiptBundle bundle) : bundle_(std::move(bundle)) {}         // NOLINT: implicit by design
  IssuedReceipt(fisco::ReceiptBundle bundle) : bundle_(std::move(bundle)) {}  // NOLINT: implicit by design

  ChainEngineKind engine() const;
  const Receipt& receipt() const;
  // The engine's own bundle; nullptr when it is another engine's.
  const ReceiptBundle* chainslip() const { return std::get_if<ReceiptBundle>(&bundle_); }
  const fisco::ReceiptBundle* fisco() const { return std::get_if<fisco::ReceiptBundle>(&bundle_); }

 private:
  std::variant<ReceiptBundle, fisco::ReceiptBundle> bundle_;
};

// A bundle's JSON: one with "engine": "fisco-bcos-3" is PROTOCOL 11.10's,
// any other is section 4's (which has no "engine" field). Strict;
// kInvalidArgument naming the field.
Result<IssuedReceipt> issued_receipt_from_json(const Json& value);
Result<IssuedReceipt> parse_issued_receipt(std::string_view json_text);
Json issued_receipt_to_json(const IssuedReceipt& issued);

// The seam between what a kiosk does with a receipt and the chain that
// vouches for it. Each engine answers, in its own way and with its own
// trust anchor, the four questions (docs/ARCHITECTURE.md, "Chain engines"):
// is this header signed by a quorum of the set I trust; is this leaf in this
// header; does this transaction carry this e-receipt; how does the trusted
// set change. Nothing that holds a ChainEngine knows which one it has.
class ChainEngine {
 public:
  virtual ~ChainEngine() = default;

  virtual ChainEngineKind kind() const = 0;

  // The receipt of `issued` was issued on the trusted chain: the set changes
  // shown with it follow those held (question 4), its header is sealed by a
  // quorum of the set then in force (1), the issuance is in that header (2)
  // and carries this receipt (3). Nothing is held. A bundle of another
  // engine is kSuiteMismatch; every other failure is the engine's own code
  // (PROTOCOL 5 and 11.9).
  virtual Result<VerifiedReceipt> verify(const IssuedReceipt& issued, const HeaderCheckOptions& options) const = 0;

  // Holds the set changes of a bundle verify() accepted, so that later
  // bundles are held to them (PROTOCOL 5.1 and 11.8): the long-range guard.
  virtual Status hold_changes(const IssuedReceipt& issued) = 0;

  // Holds set changes already verified elsewhere (a kiosk's), given in the
  // engine's JSON: an array of validator-set changes (PROTOCOL 2.5) or of
  // sealer-list changes, each an array of headers (11.10). Each must follow
  // the ones before it; the first failure names its place.
  virtual Status hold_changes_json(const Json& changes) = 0;

  // How many set changes are held beyond the anchor.
  virtual std::size_t held_changes() const = 0;
};

// The engine a trust anchor names, trusting that anchor: "engine":
// "fisco-bcos-3" is PROTOCOL 11.8's anchor, an anchor without "engine" is
// section 3's. kInvalidArgument naming the field.
Result<std::unique_ptr<ChainEngine>> chain_engine_from_anchor(const Json& anchor);
Result<std::unique_ptr<ChainEngine>> parse_chain_engine_anchor(std::string_view anchor_json);

}  // namespace chainslip

#pragma once

#include <cstdint>

#include "core/bundle/receipt_bundle.h"
#include "core/chain/light_client.h"

namespace chainslip {

// What a successful verification established.
struct VerifiedReceipt {
  Digest receipt_hash;  // H(canonical receipt bytes)
  Digest tx_hash;       // H(issuance transaction bytes)
  Digest header_hash;   // computed locally
  std::uint64_t height;
};

// The transaction whose bytes are `tx_bytes` is in `header`'s transaction
// tree: proof.tree_size equals header.tx_count, and the proof of
// H(0x00 || tx_bytes) at proof.leaf_index leads to header.tx_root.
// Errors carry ErrorCode::kInclusionProofInvalid. The header itself is not
// checked here (LightClient::verify_header does that).
Status verify_inclusion_in_header(Suite suite, const InclusionProof& proof, const BlockHeader& header,
                                  ByteView tx_bytes);

// Verifies a bundle end to end (docs/PROTOCOL.md, "Verifying a bundle"):
// suite, issuer certificate, issuer signature, validator-set changes, header,
// and the transaction's inclusion. All must hold; the first failure is
// returned with its specific ErrorCode.
Result<VerifiedReceipt> verify_bundle(const ReceiptBundle& bundle, const TrustAnchor& anchor,
                                      const HeaderCheckOptions& options);

// The same against what `known` holds: its anchor and the validator-set
// changes it has already verified (a kiosk's persisted ones). The bundle's
// own changes are applied on top, skipping those `known` holds, so a bundle that
// leaves out a known rotation, or shows another change in its place, fails
// (kValidatorSetMismatch, kUnknownValidator, kValidatorSetChangeInvalid)
// where the stateless check above would believe a retired set.
Result<VerifiedReceipt> verify_bundle(const ReceiptBundle& bundle, const LightClient& known,
                                      const HeaderCheckOptions& options);

}  // namespace chainslip

#include "core/bundle/bundle_verifier.h"

#include "core/chain/transaction.h"
#include "core/crypto/hasher.h"
#include "core/merkle/merkle.h"

namespace chainslip {

Status verify_inclusion_in_header(Suite suite, const InclusionProof& proof, const BlockHeader& header,
                                  ByteView tx_bytes) {
  if (proof.tree_size != header.tx_count) {
    return make_error(ErrorCode::kInclusionProofInvalid,
                      "proof is for a tree of " + std::to_string(proof.tree_size) +
                          " transactions, the header commits to " + std::to_string(header.tx_count));
  }
  return verify_inclusion(suite, proof.leaf_index, proof.tree_size, merkle_leaf_hash(suite, tx_bytes),
                          proof.path, header.tx_root);
}

Result<VerifiedReceipt> verify_bundle(const ReceiptBundle& b, const TrustAnchor& anchor,
                                      const HeaderCheckOptions& options) {
  return verify_bundle(b, LightClient(anchor), options);
}

Result<VerifiedReceipt> verify_bundle(const ReceiptBundle& b, const LightClient& known,
                                      const HeaderCheckOptions& options) {
  const TrustAnchor& anchor = known.anchor();
  // The receipt's own rules first (PROTOCOL 2.1), so a bundle built in memory
  // fails as one parsed from JSON does: its money rules with their reasons.
  CS_RETURN_IF_ERROR(validate_receipt(b.receipt));
  if (b.suite != anchor.suite) {
    return make_error(ErrorCode::kSuiteMismatch, "bundle uses suite " + std::string(suite_name(b.suite)) +
                                                     ", the trust anchor " +
                                                     std::string(suite_name(anchor.suite)));
  }

  // 1. The issuer, certified by the finance authority at issue time, signed
  //    exactly these receipt bytes.
  const Receipt& r = b.receipt;
  if (b.certificate.issuer_id != r.issuer_id || b.certificate.issuer_name != r.issuer_name) {
    return make_error(ErrorCode::kCertificateIssuerMismatch,
                      "receipt issuer " + r.issuer_id + " (" + r.issuer_name +
                          ") is not the subject of certificate " + b.certificate.serial + " (" +
                          b.certificate.issuer_id + ")");
  }
  CS_ASSIGN_OR_RETURN(PublicKey issuer_key,
                      verify_certificate(b.certificate, anchor.authority_key, r.issued_at));
  const Bytes receipt_bytes = canonical_receipt_bytes(r);
  if (!issuer_key.verify(receipt_bytes, b.issuer_signature)) {
    return make_error(ErrorCode::kIssuerSignatureInvalid,
                      "issuer signature does not verify over receipt " + r.code + "-" + r.number);
  }

  // 2. The header is final: signed by > 2/3 of the set in force at its height,
  //    proven forward from the anchor.
  //    A change `known` already holds is skipped; the bundle's own list is
  //    applied strictly in order (a repeat within it is out of order). The
  //    list ends at the set in force at the header's height: a later change
  //    has no part in this header, and a verifier that keeps the changes it
  //    verified must not learn one from it (PROTOCOL 4, 5 step 5).
  LightClient client = known;
  for (const auto& change : b.validator_set_changes) {
    if (change.activation_height > b.header.height) {
      return make_error(ErrorCode::kValidatorSetChangeInvalid,
                        "validator-set change activates at height " + std::to_string(change.activation_height) +
                            ", after the header's height " + std::to_string(b.header.height));
    }
    if (!known.holds(change)) CS_RETURN_IF_ERROR(client.apply(change));
  }
  CS_ASSIGN_OR_RETURN(Digest header_digest, client.verify_header(b.header, options));
  // Compared in seconds: issued_at * 1000 would wrap for far-future issue
  // times (issued_at may be up to 2^63 - 1) and let such a receipt pass.
  if (r.issued_at > (b.header.timestamp_ms + options.max_clock_skew_ms) / 1000) {
    return make_error(ErrorCode::kHeaderBeforeIssue,
                      "block " + std::to_string(b.header.height) + " is older than the receipt it contains");
  }

  // 3. The issuance transaction is in that header's transaction tree, at the
  //    index and tree size the proof states.
  const Bytes tx = issuance_tx_bytes(r, b.issuer_signature, b.certificate);
  CS_RETURN_IF_ERROR(verify_inclusion_in_header(b.suite, b.proof, b.header, tx));

  return VerifiedReceipt{hash(b.suite, receipt_bytes), hash(b.suite, tx), header_digest, b.header.height};
}

}  // namespace chainslip

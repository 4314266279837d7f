#include "core/engine/fisco_bcos/issuance.h"

#include <algorithm>
#include <string>

#include "core/engine/fisco_bcos/inclusion.h"
#include "core/engine/fisco_bcos/object_hash.h"
#include "core/engine/fisco_bcos/registry_call.h"
#include "core/engine/fisco_bcos/transaction_check.h"

namespace chainslip::fisco {
namespace {

Error mismatch(const std::string& what) {
  return make_error(ErrorCode::kIssuanceMismatch, "the transaction does not issue this receipt: " + what);
}

// Steps 6 and 7: the registry call and its sender.
Status check_issue_call(const Receipt& receipt, const Digest& receipt_hash, const Transaction& tx,
                        const TrustAnchor& anchor) {
  auto to = parse_address(tx.to);
  if (!to.ok() || *to != anchor.registry) {
    return mismatch("it calls " + (tx.to.empty() ? std::string("no contract") : tx.to) + ", not the registry " +
                    address_text(anchor.registry));
  }
  auto call = decode_registry_call(anchor.crypto, tx.input);
  if (!call.ok()) return mismatch(call.error().message);
  const auto* issue = std::get_if<RegistryIssue>(&*call);
  if (issue == nullptr) return mismatch("it is the registry's " + registry_call_name(*call) + " call, not issue");
  if (issue->receipt_hash != receipt_hash) {
    return mismatch("it issues receipt hash " + to_hex(issue->receipt_hash) + ", the receipt hashes to " +
                    to_hex(receipt_hash));
  }
  if (issue->code != receipt.code || issue->number != receipt.number) {
    return mismatch("it issues " + issue->code + "/" + issue->number + ", the receipt is " + receipt.code + "/" +
                    receipt.number);
  }
  const bool issuer = std::any_of(anchor.issuers.begin(), anchor.issuers.end(), [&](const IssuerAccount& a) {
    return a.account == tx.from && a.issuer_id == receipt.issuer_id;
  });
  if (!issuer) {
    return make_error(ErrorCode::kIssuerAccountMismatch,
                      "the issuance was sent by " + address_text(tx.from) +
                          ", which the trust anchor does not name as an account of issuer " + receipt.issuer_id);
  }
  return {};
}

}  // namespace

Result<VerifiedIssuance> verify_issuance(const Receipt& receipt, const IssuanceProof& proof, const LightClient& known,
                                         const HeaderCheckOptions& options) {
  CS_RETURN_IF_ERROR(validate_receipt(receipt));
  if (proof.sealer_list_changes.size() > kMaxSealerListChanges) {
    return make_error(ErrorCode::kValidatorSetChangeInvalid,
                      "more than " + std::to_string(kMaxSealerListChanges) + " sealer-list changes");
  }
  LightClient client = known;
  for (const SealerListChange& change : proof.sealer_list_changes) CS_RETURN_IF_ERROR(client.accept(change));
  const TrustAnchor& anchor = client.anchor();

  CS_ASSIGN_OR_RETURN(const SealedHeader sealed, client.verify_header(proof.header, options));
  // As chainslip's (PROTOCOL 5): within the clock skew, and compared in
  // seconds, since issued_at * 1000 would wrap for a far-future issue time.
  const auto header_ms = static_cast<std::uint64_t>(std::max<std::int64_t>(proof.header.timestamp, 0));
  if (receipt.issued_at > (header_ms + options.max_clock_skew_ms) / 1000) {
    return make_error(ErrorCode::kHeaderBeforeIssue, "block " + std::to_string(proof.header.number) +
                                                         " is older than the receipt's issue time");
  }

  const Transaction& tx = proof.transaction;
  if (tx.chain_id != anchor.chain_id || tx.group_id != anchor.group_id) {
    return make_error(ErrorCode::kWrongChainId, "the transaction is for chain \"" + tx.chain_id + "\" group \"" +
                                                    tx.group_id + "\", the anchor is for \"" + anchor.chain_id +
                                                    "\" group \"" + anchor.group_id + "\"");
  }
  CS_ASSIGN_OR_RETURN(const std::uint64_t tx_index, verify_transaction_in_header(anchor.crypto, tx, proof.header));
  CS_RETURN_IF_ERROR(check_receipt_of_transaction(anchor.crypto, proof.receipt, tx));
  // A receipt's hash does not name its transaction; its place in the tree does.
  auto placed = verify_receipt_in_header(anchor.crypto, proof.receipt, proof.header, tx_index);
  if (!placed.ok() && placed.code() == ErrorCode::kInclusionProofInvalid &&
      verify_receipt_in_header(anchor.crypto, proof.receipt, proof.header).ok()) {
    return make_error(ErrorCode::kReceiptTransactionMismatch,
                      "the receipt is not at its transaction's place (" + std::to_string(tx_index) + ") in its block");
  }
  CS_RETURN_IF_ERROR(placed);

  const Digest receipt_hash = chain_hash(anchor.crypto, canonical_receipt_bytes(receipt));
  CS_RETURN_IF_ERROR(check_issue_call(receipt, receipt_hash, tx, anchor));
  return VerifiedIssuance{receipt_hash, transaction_hash(anchor.crypto, tx), sealed.hash, proof.header.number,
                          tx.from};
}

}  // namespace chainslip::fisco

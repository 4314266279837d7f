#include "sim/chain/forgery.h"

#include "sim/chain/validator_signing.h"

namespace chainslip::sim {
namespace {

// Each variant below lies about one thing, which its reason names.
std::string category_of(ErrorCode reason) {
  switch (reason) {
    case ErrorCode::kInclusionProofInvalid:
      return "tampered-proof";
    case ErrorCode::kWrongChainId:
      return "cross-chain";
    case ErrorCode::kValidatorSignatureInvalid:
    case ErrorCode::kHeaderHashMismatch:
    case ErrorCode::kDuplicateSigner:
    case ErrorCode::kInsufficientQuorum:
    case ErrorCode::kUnknownValidator:
      return "forged-header";
    default:
      return "forged-receipt";
  }
}

}  // namespace

Result<std::vector<Forgery>> forge_variants(const ChainBuilder& chain, const ReceiptBundle& valid) {
  if (valid.proof.path.empty() || valid.header.signatures.size() < 2) {
    return make_error(ErrorCode::kInvalidArgument, "forgeries need a block of 2+ transactions and 2+ validators");
  }
  std::vector<Forgery> out;
  auto add = [&](std::string name, ErrorCode expected, auto&& mutate) {
    ReceiptBundle b = valid;
    mutate(b);
    out.push_back(Forgery{std::move(name), category_of(expected), expected, std::move(b)});
  };

  add("tampered-payer", ErrorCode::kIssuerSignatureInvalid, [](ReceiptBundle& b) { b.receipt.payer += "某"; });
  add("tampered-amount", ErrorCode::kIssuerSignatureInvalid, [](ReceiptBundle& b) {
    b.receipt.items[0].unit_price_fen += 100;
    b.receipt.items[0].amount_fen += 100 * b.receipt.items[0].quantity;
    b.receipt.amount_fen += 100 * b.receipt.items[0].quantity;
  });
  add("foreign-issuer", ErrorCode::kCertificateIssuerMismatch,
      [](ReceiptBundle& b) { b.certificate.issuer_id = "91110000000000000X"; });
  add("extended-certificate", ErrorCode::kCertificateSignatureInvalid,
      [](ReceiptBundle& b) { b.certificate.not_after += 365 * 86400; });
  add("expired-certificate", ErrorCode::kCertificateNotValidAtIssueTime,
      [](ReceiptBundle& b) { b.receipt.issued_at = b.certificate.not_after + 1; });
  add("corrupted-proof", ErrorCode::kInclusionProofInvalid,
      [](ReceiptBundle& b) { b.proof.path[0][7] ^= 0x10; });
  add("wrong-leaf-index", ErrorCode::kInclusionProofInvalid, [](ReceiptBundle& b) { b.proof.leaf_index ^= 1; });
  add("tampered-tx-root", ErrorCode::kValidatorSignatureInvalid,
      [](ReceiptBundle& b) { b.header.tx_root[0] ^= 0x01; });
  add("claimed-hash-mismatch", ErrorCode::kHeaderHashMismatch, [&](ReceiptBundle& b) {
    Digest fake = header_hash(b.suite, b.header);
    fake[31] ^= 0x01;
    b.header.claimed_hash = fake;
  });
  add("wrong-chain-id", ErrorCode::kWrongChainId, [](ReceiptBundle& b) { b.header.chain_id += "-fork"; });
  add("forged-validator-signature", ErrorCode::kValidatorSignatureInvalid, [](ReceiptBundle& b) {
    auto raw = b.header.signatures[0].signature.raw();
    raw[40] ^= 0x04;
    b.header.signatures[0].signature = Signature::from_raw(raw);
  });
  add("duplicate-signer", ErrorCode::kDuplicateSigner,
      [](ReceiptBundle& b) { b.header.signatures.push_back(b.header.signatures[0]); });
  add("too-few-signatures", ErrorCode::kInsufficientQuorum, [](ReceiptBundle& b) {
    // floor(2n/3) equal-weight signers never hold more than 2/3.
    std::size_t keep = b.header.signatures.size() * 2 / 3;
    b.header.signatures.erase(b.header.signatures.begin() + static_cast<std::ptrdiff_t>(keep),
                              b.header.signatures.end());
  });

  // A signature over the right header by a key outside the validator set.
  CS_ASSIGN_OR_RETURN(PrivateKey outsider, PrivateKey::generate(chain.suite()));
  CS_ASSIGN_OR_RETURN(ValidatorSignature outsider_sig,
                      sign_as_validator(outsider, header_hash(chain.suite(), valid.header)));
  add("unknown-validator", ErrorCode::kUnknownValidator,
      [&](ReceiptBundle& b) { b.header.signatures.back() = outsider_sig; });
  return out;
}

}  // namespace chainslip::sim

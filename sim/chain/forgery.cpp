#include "sim/chain/forgery.h"

#include "core/receipt/money.h"
#include "sim/chain/validator_signing.h"

namespace chainslip::sim {
namespace {

// Each variant below lies about one thing, which its reason names.
std::string category_of(ErrorCode reason) {
  switch (reason) {
    case ErrorCode::kInclusionProofInvalid: return "tampered-proof";
    case ErrorCode::kWrongChainId: return "cross-chain";
    case ErrorCode::kValidatorSignatureInvalid:
    case ErrorCode::kHeaderHashMismatch:
    case ErrorCode::kDuplicateSigner:
    case ErrorCode::kInsufficientQuorum:
    case ErrorCode::kUnknownValidator: return "forged-header";
    default: return "forged-receipt";
  }
}

// The receipt's medical extension; a receipt of another kind is made an
// outpatient one with a consistent extension first, so every forgery of the
// payments applies to every base receipt.
MedicalDetails& ensure_medical(Receipt& r) {
  if (!r.medical) {
    r.kind = ReceiptKind::kOutpatient;
    MedicalDetails m;
    m.patient_number = "MZ00000001";
    m.visit_date = china_date_of(r.issued_at);
    m.institution_type = "综合医院";
    m.insurance_type = "自费";
    m.payments.cash_fen = r.amount_fen;
    r.medical = std::move(m);
  }
  return *r.medical;
}

}  // namespace

Result<std::vector<Forgery>> forge_variants(const ChainBuilder& chain, const ReceiptBundle& valid) {
  if (valid.proof.path.empty() || valid.header.signatures.size() < 2) {
    return make_error(ErrorCode::kInvalidArgument,
                      "forgeries need a block of 2+ transactions and 2+ validators");
  }
  std::vector<Forgery> out;
  auto add = [&](std::string name, ErrorCode expected, auto&& mutate) {
    ReceiptBundle b = valid;
    mutate(b);
    out.push_back(Forgery{std::move(name), category_of(expected), expected, std::move(b)});
  };

  add("tampered-payer", ErrorCode::kIssuerSignatureInvalid,
      [](ReceiptBundle& b) { b.receipt.payer.name += "某"; });
  add("tampered-amount", ErrorCode::kIssuerSignatureInvalid, [](ReceiptBundle& b) {
    // One yuan more on the first line, every sum kept consistent: only the
    // issuer's signature can tell.
    ReceiptItem& item = b.receipt.items[0];
    const std::uint64_t before = item.amount_fen;
    item.unit_price_ten_thousandths += 10000;
    item.amount_fen =
        *line_amount_fen(item.quantity_hundredths, item.unit_price_ten_thousandths, kMaxAmountFen);
    b.receipt.amount_fen += item.amount_fen - before;
    if (b.receipt.medical) b.receipt.medical->payments.cash_fen += item.amount_fen - before;
  });
  add("tampered-payment-breakdown", ErrorCode::kIssuerSignatureInvalid, [](ReceiptBundle& b) {
    // 医保 paid a fen more and the patient a fen less: sums still add up.
    MedicalPayments& p = ensure_medical(b.receipt).payments;
    if (p.cash_fen > 0) {
      p.cash_fen -= 1;
      p.fund_fen += 1;
    } else {
      p.fund_fen -= 1;
      p.cash_fen += 1;
    }
  });
  add("item-amount-not-quantity-times-price", ErrorCode::kItemAmountMismatch,
      [](ReceiptBundle& b) { b.receipt.items[0].amount_fen += 1; });
  add("total-not-sum-of-items", ErrorCode::kTotalMismatch,
      [](ReceiptBundle& b) { b.receipt.amount_fen += 1; });
  add("payments-not-adding-up", ErrorCode::kPaymentBreakdownMismatch,
      [](ReceiptBundle& b) { ensure_medical(b.receipt).payments.cash_fen += 1; });
  add("foreign-issuer", ErrorCode::kCertificateIssuerMismatch,
      [](ReceiptBundle& b) { b.certificate.issuer_id = "91110000000000000X"; });
  add("extended-certificate", ErrorCode::kCertificateSignatureInvalid,
      [](ReceiptBundle& b) { b.certificate.not_after += 365 * 86400; });
  add("expired-certificate", ErrorCode::kCertificateNotValidAtIssueTime,
      [](ReceiptBundle& b) { b.receipt.issued_at = b.certificate.not_after + 1; });
  add("corrupted-proof", ErrorCode::kInclusionProofInvalid,
      [](ReceiptBundle& b) { b.proof.path[0][7] ^= 0x10; });
  add("wrong-leaf-index", ErrorCode::kInclusionProofInvalid,
      [](ReceiptBundle& b) { b.proof.leaf_index ^= 1; });
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

#include "core/chain/transaction.h"

#include "core/util/canonical_writer.h"

namespace chainslip {

Bytes issuance_tx_bytes(const Receipt& receipt, const Signature& issuer_signature,
                        const IssuerCertificate& certificate) {
  CanonicalWriter w;
  w.text("chainslip.tx.v1")
      .u8(static_cast<std::uint8_t>(TxType::kIssue))
      .bytes(canonical_receipt_bytes(receipt))
      .raw(issuer_signature.raw())
      .text(certificate.serial);
  return std::move(w).data();
}

}  // namespace chainslip

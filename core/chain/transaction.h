#pragma once

#include <cstdint>

#include "core/chain/issuer_certificate.h"
#include "core/receipt/receipt.h"

namespace chainslip {

// Transaction types on the chain (docs/PROTOCOL.md, "Transactions").
enum class TxType : std::uint8_t {
  kIssue = 1,  // an issuer publishes a signed receipt
};

// The bytes of a receipt's issuance transaction: the Merkle leaf data whose
// inclusion in a header's tx_root proves the receipt is on chain.
Bytes issuance_tx_bytes(const Receipt& receipt, const Signature& issuer_signature,
                        const IssuerCertificate& certificate);

}  // namespace chainslip

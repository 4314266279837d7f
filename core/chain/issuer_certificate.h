#pragma once

#include <cstdint>
#include <string>

#include "core/crypto/keys.h"
#include "core/util/strict_json.h"

namespace chainslip {

// The finance authority's statement that `public_key` belongs to the issuer
// (hospital) `issuer_id` between not_before and not_after (Unix seconds,
// inclusive). Signed by the authority key of the trust anchor.
struct IssuerCertificate {
  std::string serial;  // 1..64 printable ASCII
  std::string issuer_id;
  std::string issuer_name;
  Suite suite = kDefaultSuite;
  Bytes public_key;  // SEC1 uncompressed, 65 bytes
  std::uint64_t not_before = 0;
  std::uint64_t not_after = 0;
  Signature authority_signature = Signature::from_raw({});
};

// The bytes the authority signs (docs/PROTOCOL.md, "Issuer certificate").
Bytes canonical_certificate_bytes(const IssuerCertificate& cert);

// Authority signature (kCertificateSignatureInvalid), suite
// (kSuiteMismatch) and validity at `at_time` (kCertificateNotValidAtIssueTime).
// Returns the issuer's public key on success.
Result<PublicKey> verify_certificate(const IssuerCertificate& cert, const PublicKey& authority_key,
                                     std::uint64_t at_time);

Result<IssuerCertificate> certificate_from_json(const Json& value, const std::string& where);
Json certificate_to_json(const IssuerCertificate& cert);

}  // namespace chainslip

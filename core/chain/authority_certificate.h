#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/crypto/keys.h"
#include "core/util/strict_json.h"

namespace chainslip {

// What every certificate of the finance authority has in common (issuer
// certificates, device certificates): a key of a suite, a validity window in
// Unix seconds (both ends inclusive) and the authority's signature over the
// certificate's canonical bytes. The two certificate kinds share their
// verification and JSON code through these helpers.
struct CertifiedKey {
  Suite suite = kDefaultSuite;
  Bytes public_key;  // SEC1 uncompressed, 65 bytes
  std::uint64_t not_before = 0;
  std::uint64_t not_after = 0;
  Signature authority_signature = Signature::from_raw({});
};

// `kind` names the certificate in messages ("issuer certificate"). Checks the
// suite (kSuiteMismatch), the authority signature over `signed_bytes`
// (kCertificateSignatureInvalid) and validity at `at_time`
// (kCertificateNotValidAtIssueTime); returns the certified key.
Result<PublicKey> verify_certified_key(std::string_view kind, const std::string& serial, const CertifiedKey& key,
                                       ByteView signed_bytes, const PublicKey& authority_key,
                                       std::uint64_t at_time);

// Reads "suite", "public_key", "not_before", "not_after" and
// "authority_signature" from `f` (the caller reads the other fields and calls
// finish()).
Result<CertifiedKey> read_certified_key(FieldReader& f);

// Adds the same five fields to `out`.
void write_certified_key(const CertifiedKey& key, Json& out);

// Issuer and device certificates carry the CertifiedKey fields by name;
// these move them in and out of a certificate of either kind.
template <typename Certificate>
CertifiedKey certified_key_of(const Certificate& c) {
  return CertifiedKey{c.suite, c.public_key, c.not_before, c.not_after, c.authority_signature};
}

template <typename Certificate>
void set_certified_key(Certificate& c, CertifiedKey key) {
  c.suite = key.suite;
  c.public_key = std::move(key.public_key);
  c.not_before = key.not_before;
  c.not_after = key.not_after;
  c.authority_signature = key.authority_signature;
}

}  // namespace chainslip

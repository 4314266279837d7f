#include "core/chain/issuer_certificate.h"

#include <limits>

#include "core/util/canonical_writer.h"

namespace chainslip {

Bytes canonical_certificate_bytes(const IssuerCertificate& c) {
  CanonicalWriter w;
  w.text("chainslip.issuer-certificate.v1")
      .text(c.serial)
      .text(c.issuer_id)
      .text(c.issuer_name)
      .text(suite_name(c.suite))
      .bytes(c.public_key)
      .u64(c.not_before)
      .u64(c.not_after);
  return std::move(w).data();
}

Result<PublicKey> verify_certificate(const IssuerCertificate& cert, const PublicKey& authority_key,
                                     std::uint64_t at_time) {
  if (cert.suite != authority_key.suite()) {
    return make_error(ErrorCode::kSuiteMismatch,
                      "issuer certificate " + cert.serial + " is for suite " +
                          std::string(suite_name(cert.suite)) + ", the chain uses " +
                          std::string(suite_name(authority_key.suite())));
  }
  if (!authority_key.verify(canonical_certificate_bytes(cert), cert.authority_signature)) {
    return make_error(ErrorCode::kCertificateSignatureInvalid,
                      "issuer certificate " + cert.serial + " is not signed by the finance authority");
  }
  if (at_time < cert.not_before || at_time > cert.not_after) {
    return make_error(ErrorCode::kCertificateNotValidAtIssueTime,
                      "issuer certificate " + cert.serial + " is valid " + std::to_string(cert.not_before) +
                          ".." + std::to_string(cert.not_after) + ", not at " + std::to_string(at_time));
  }
  auto key = PublicKey::from_bytes(cert.suite, cert.public_key);
  if (!key.ok()) {
    // Signed by the authority yet unusable: the certificate itself is bad.
    return make_error(ErrorCode::kCertificateSignatureInvalid,
                      "issuer certificate " + cert.serial + " holds an invalid key: " + key.error().message);
  }
  return key;
}

Result<IssuerCertificate> certificate_from_json(const Json& value, const std::string& where) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, where));
  IssuerCertificate c;
  constexpr std::uint64_t kMaxTime = std::numeric_limits<std::int64_t>::max();
  CS_ASSIGN_OR_RETURN(c.serial, f.text("serial", 1, 64));
  CS_ASSIGN_OR_RETURN(c.issuer_id, f.text("issuer_id", 1, 64));
  CS_ASSIGN_OR_RETURN(c.issuer_name, f.text("issuer_name", 1, 128));
  CS_ASSIGN_OR_RETURN(std::string suite, f.text("suite", 1, 32));
  CS_ASSIGN_OR_RETURN(c.suite, parse_suite(suite));
  CS_ASSIGN_OR_RETURN(c.public_key, f.hex("public_key", 65, 65));
  CS_ASSIGN_OR_RETURN(c.not_before, f.u64("not_before", 0, kMaxTime));
  CS_ASSIGN_OR_RETURN(c.not_after, f.u64("not_after", 0, kMaxTime));
  CS_ASSIGN_OR_RETURN(Bytes sig, f.hex("authority_signature", 8, 72));
  CS_RETURN_IF_ERROR(f.finish());
  if (c.not_after < c.not_before) {
    return make_error(ErrorCode::kInvalidArgument, where + ": not_after is before not_before");
  }
  auto parsed = Signature::parse(sig);
  if (!parsed.ok()) {
    return make_error(ErrorCode::kInvalidArgument,
                      f.path("authority_signature") + ": " + parsed.error().message);
  }
  c.authority_signature = *parsed;
  return c;
}

Json certificate_to_json(const IssuerCertificate& c) {
  return Json{{"serial", c.serial},
              {"issuer_id", c.issuer_id},
              {"issuer_name", c.issuer_name},
              {"suite", suite_name(c.suite)},
              {"public_key", to_hex(c.public_key)},
              {"not_before", c.not_before},
              {"not_after", c.not_after},
              {"authority_signature", to_hex(c.authority_signature.raw())}};
}

}  // namespace chainslip

#include "core/chain/issuer_certificate.h"

#include "core/chain/authority_certificate.h"
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
  return verify_certified_key("issuer certificate", cert.serial, certified_key_of(cert),
                              canonical_certificate_bytes(cert), authority_key, at_time);
}

Result<IssuerCertificate> certificate_from_json(const Json& value, const std::string& where) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, where));
  IssuerCertificate c;
  CS_ASSIGN_OR_RETURN(c.serial, f.text("serial", 1, 64));
  CS_ASSIGN_OR_RETURN(c.issuer_id, f.text("issuer_id", 1, 64));
  CS_ASSIGN_OR_RETURN(c.issuer_name, f.text("issuer_name", 1, 128));
  CS_ASSIGN_OR_RETURN(CertifiedKey k, read_certified_key(f));
  CS_RETURN_IF_ERROR(f.finish());
  set_certified_key(c, std::move(k));
  return c;
}

Json certificate_to_json(const IssuerCertificate& c) {
  Json out{{"serial", c.serial}, {"issuer_id", c.issuer_id}, {"issuer_name", c.issuer_name}};
  write_certified_key(certified_key_of(c), out);
  return out;
}

}  // namespace chainslip

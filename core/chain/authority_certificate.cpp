#include "core/chain/authority_certificate.h"

#include <limits>

namespace chainslip {

Result<PublicKey> verify_certified_key(std::string_view kind, const std::string& serial, const CertifiedKey& key,
                                       ByteView signed_bytes, const PublicKey& authority_key,
                                       std::uint64_t at_time) {
  const std::string name = std::string(kind) + " " + serial;
  if (key.suite != authority_key.suite()) {
    return make_error(ErrorCode::kSuiteMismatch, name + " is for suite " + std::string(suite_name(key.suite)) +
                                                     ", the chain uses " +
                                                     std::string(suite_name(authority_key.suite())));
  }
  if (!authority_key.verify(signed_bytes, key.authority_signature)) {
    return make_error(ErrorCode::kCertificateSignatureInvalid, name + " is not signed by the finance authority");
  }
  if (at_time < key.not_before || at_time > key.not_after) {
    return make_error(ErrorCode::kCertificateNotValidAtIssueTime,
                      name + " is valid " + std::to_string(key.not_before) + ".." + std::to_string(key.not_after) +
                          ", not at " + std::to_string(at_time));
  }
  auto parsed = PublicKey::from_bytes(key.suite, key.public_key);
  if (!parsed.ok()) {
    // Signed by the authority yet unusable: the certificate itself is bad.
    return make_error(ErrorCode::kCertificateSignatureInvalid,
                      name + " holds an invalid key: " + parsed.error().message);
  }
  return parsed;
}

Result<CertifiedKey> read_certified_key(FieldReader& f) {
  constexpr std::uint64_t kMaxTime = std::numeric_limits<std::int64_t>::max();
  CertifiedKey k;
  CS_ASSIGN_OR_RETURN(std::string suite, f.text("suite", 1, 32));
  CS_ASSIGN_OR_RETURN(k.suite, parse_suite(suite));
  CS_ASSIGN_OR_RETURN(k.public_key, f.hex("public_key", 65, 65));
  CS_ASSIGN_OR_RETURN(k.not_before, f.u64("not_before", 0, kMaxTime));
  CS_ASSIGN_OR_RETURN(k.not_after, f.u64("not_after", 0, kMaxTime));
  CS_ASSIGN_OR_RETURN(Bytes sig, f.hex("authority_signature", 8, 72));
  if (k.not_after < k.not_before) {
    return make_error(ErrorCode::kInvalidArgument, f.where() + ": not_after is before not_before");
  }
  auto parsed = Signature::parse(sig);
  if (!parsed.ok()) {
    return make_error(ErrorCode::kInvalidArgument, f.path("authority_signature") + ": " + parsed.error().message);
  }
  k.authority_signature = *parsed;
  return k;
}

void write_certified_key(const CertifiedKey& key, Json& out) {
  out["suite"] = suite_name(key.suite);
  out["public_key"] = to_hex(key.public_key);
  out["not_before"] = key.not_before;
  out["not_after"] = key.not_after;
  out["authority_signature"] = to_hex(key.authority_signature.raw());
}

}  // namespace chainslip

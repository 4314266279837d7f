#include "core/chain/device_certificate.h"

#include "core/chain/authority_certificate.h"
#include "core/util/canonical_writer.h"

namespace chainslip {
namespace {

bool is_printable_ascii(std::string_view s) {
  for (char ch : s) {
    if (ch < 0x21 || ch > 0x7e) return false;
  }
  return true;
}

}  // namespace

Bytes canonical_device_certificate_bytes(const DeviceCertificate& c) {
  CanonicalWriter w;
  w.text("chainslip.device-certificate.v1")
      .text(c.serial)
      .text(c.device_id)
      .text(c.place)
      .text(suite_name(c.suite))
      .bytes(c.public_key)
      .u64(c.not_before)
      .u64(c.not_after);
  return std::move(w).data();
}

Result<PublicKey> verify_device_certificate(const DeviceCertificate& cert, const PublicKey& authority_key,
                                            std::uint64_t at_time) {
  return verify_certified_key("device certificate", cert.serial, certified_key_of(cert),
                              canonical_device_certificate_bytes(cert), authority_key, at_time);
}

Status validate_device_naming(std::string_view device_id, std::string_view place) {
  if (device_id.empty() || device_id.size() > 64 || !is_printable_ascii(device_id)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "device_id must be 1-64 printable ASCII characters (no spaces)");
  }
  if (place.empty() || place.size() > 128 || !is_printable_utf8(place)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "device place must be 1-128 bytes of text without control characters (it is " +
                          std::to_string(place.size()) + " bytes)");
  }
  return {};
}

Status validate_device_certificate(const DeviceCertificate& c) {
  if (c.serial.empty() || c.serial.size() > 64 || !is_printable_utf8(c.serial)) {
    return make_error(ErrorCode::kInvalidArgument, "device certificate serial must be 1-64 bytes of text");
  }
  CS_RETURN_IF_ERROR(validate_device_naming(c.device_id, c.place));
  if (c.public_key.size() != 65) {
    return make_error(ErrorCode::kInvalidArgument, "device public key must be 65 bytes");
  }
  if (c.not_after < c.not_before) {
    return make_error(ErrorCode::kInvalidArgument, "device certificate not_after is before not_before");
  }
  return {};
}

Result<DeviceCertificate> certify_device(DeviceCertificate cert, const PublicKey& device_key,
                                         const PrivateKey& authority_key) {
  cert.suite = device_key.suite();
  cert.public_key = device_key.bytes();
  CS_RETURN_IF_ERROR(validate_device_certificate(cert));
  CS_ASSIGN_OR_RETURN(cert.authority_signature, authority_key.sign(canonical_device_certificate_bytes(cert)));
  return cert;
}

Result<DeviceCertificate> device_certificate_from_json(const Json& value, const std::string& where) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, where));
  DeviceCertificate c;
  CS_ASSIGN_OR_RETURN(c.serial, f.text("serial", 1, 64));
  CS_ASSIGN_OR_RETURN(c.device_id, f.text("device_id", 1, 64));
  CS_ASSIGN_OR_RETURN(c.place, f.text("place", 1, 128));
  CS_ASSIGN_OR_RETURN(CertifiedKey k, read_certified_key(f));
  CS_RETURN_IF_ERROR(f.finish());
  if (!is_printable_ascii(c.device_id)) {
    return make_error(ErrorCode::kInvalidArgument, f.path("device_id") + ": must be printable ASCII");
  }
  set_certified_key(c, std::move(k));
  return c;
}

Json device_certificate_to_json(const DeviceCertificate& c) {
  Json out{{"serial", c.serial}, {"device_id", c.device_id}, {"place", c.place}};
  write_certified_key(certified_key_of(c), out);
  return out;
}

}  // namespace chainslip

#include "core/exchange/device_identity.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "core/crypto/suite.h"
#include "core/util/bytes.h"
#include "core/util/file_io.h"

namespace chainslip {

namespace {

// The "suite", "private_key" and "public_key" fields both files share.
Result<PrivateKey> read_key_fields(FieldReader& r) {
  CS_ASSIGN_OR_RETURN(std::string suite_text, r.text("suite", 1, 32));
  CS_ASSIGN_OR_RETURN(Suite suite, parse_suite(suite_text));
  CS_ASSIGN_OR_RETURN(Bytes scalar, r.hex("private_key", 32, 32));
  CS_ASSIGN_OR_RETURN(Bytes public_key, r.hex("public_key", 65, 65));
  auto key = PrivateKey::from_bytes(suite, scalar);
  if (!key.ok()) {
    return make_error(ErrorCode::kInvalidArgument, r.path("private_key") + ": " + key.error().message);
  }
  if (key.value().public_key().bytes() != public_key) {
    return make_error(ErrorCode::kInvalidArgument,
                      r.path("public_key") + " is not the private key's public key");
  }
  return key;
}

void write_key_fields(const PrivateKey& key, Json& out) {
  out["suite"] = suite_name(key.suite());
  out["private_key"] = to_hex(key.scalar());
  out["public_key"] = to_hex(key.public_key().bytes());
}

// `where` names the key's file in the message.
Status check_certificate_is_for_key(const DeviceCertificate& cert, const PrivateKey& key,
                                    const std::string& where) {
  if (cert.suite != key.suite()) {
    return make_error(ErrorCode::kInvalidArgument, where + ": the certificate is for suite " +
                                                       std::string(suite_name(cert.suite)) + ", the key is " +
                                                       std::string(suite_name(key.suite())));
  }
  if (cert.public_key != key.public_key().bytes()) {
    return make_error(ErrorCode::kInvalidArgument,
                      where + ": the certificate is for another key (certificate.public_key differs)");
  }
  return {};
}

}  // namespace

Result<DeviceIdentity> device_identity_from_json(const Json& value, const std::string& where) {
  CS_ASSIGN_OR_RETURN(FieldReader r, FieldReader::open(value, where));
  CS_ASSIGN_OR_RETURN(const Json* cert_json, r.object("certificate"));
  CS_ASSIGN_OR_RETURN(DeviceCertificate cert,
                      device_certificate_from_json(*cert_json, r.path("certificate")));
  CS_ASSIGN_OR_RETURN(PrivateKey key, read_key_fields(r));
  CS_RETURN_IF_ERROR(r.finish());
  CS_RETURN_IF_ERROR(check_certificate_is_for_key(cert, key, where));
  return DeviceIdentity{std::move(cert), std::move(key)};
}

Result<PrivateKey> device_key_from_json(const Json& value, const std::string& where) {
  CS_ASSIGN_OR_RETURN(FieldReader r, FieldReader::open(value, where));
  CS_ASSIGN_OR_RETURN(PrivateKey key, read_key_fields(r));
  CS_RETURN_IF_ERROR(r.finish());
  return key;
}

Json device_key_to_json(const PrivateKey& key) {
  Json out = Json::object();
  write_key_fields(key, out);
  return out;
}

Result<DeviceIdentity> pair_device_certificate(PrivateKey key, DeviceCertificate certificate,
                                               std::uint64_t now, const PublicKey* authority_key) {
  const std::string name = "device certificate " + certificate.serial;
  CS_RETURN_IF_ERROR(check_certificate_is_for_key(certificate, key, name));
  if (now < certificate.not_before) {
    return make_error(ErrorCode::kCertificateNotValidAtIssueTime,
                      name + " is not valid yet: it starts at " + std::to_string(certificate.not_before) +
                          ", it is now " + std::to_string(now) + " (check the clock, or wait)");
  }
  if (now > certificate.not_after) {
    return make_error(ErrorCode::kCertificateNotValidAtIssueTime,
                      name + " expired at " + std::to_string(certificate.not_after) + ", it is now " +
                          std::to_string(now) + ": ask the finance authority to certify the key again");
  }
  if (authority_key != nullptr) {
    auto verified = verify_device_certificate(certificate, *authority_key, now);
    if (!verified.ok()) {
      return make_error(verified.code(), verified.error().message +
                                             " (checked against the trust anchor's authority_public_key)");
    }
  }
  return DeviceIdentity{std::move(certificate), std::move(key)};
}

Json device_identity_to_json(const DeviceIdentity& identity) {
  Json out{{"certificate", device_certificate_to_json(identity.certificate)}};
  write_key_fields(identity.key, out);
  return out;
}

Result<DeviceIdentity> load_device_identity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    return make_error(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kUnavailable,
                      "device identity " + path + ": " + std::strerror(err) +
                          " (create it with `chainslip device keygen` and have the finance authority certify it)");
  }
  if ((st.st_mode & 077) != 0) {
    return make_error(ErrorCode::kPermissionDenied,
                      "device identity " + path + " is readable by other users; its private key must not be: " +
                          "chmod 600 " + path);
  }
  CS_ASSIGN_OR_RETURN(std::string text, read_file(path, kMaxJsonBytes));
  auto doc = parse_strict_json(text);
  if (!doc.ok()) return make_error(ErrorCode::kInvalidArgument, path + ": " + doc.error().message);
  return device_identity_from_json(doc.value(), path);
}

}  // namespace chainslip

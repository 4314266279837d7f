#include "core/exchange/device_identity.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "core/crypto/suite.h"
#include "core/util/bytes.h"
#include "core/util/file_io.h"

namespace chainslip {

Result<DeviceIdentity> device_identity_from_json(const Json& value, const std::string& where) {
  CS_ASSIGN_OR_RETURN(FieldReader r, FieldReader::open(value, where));
  CS_ASSIGN_OR_RETURN(const Json* cert_json, r.object("certificate"));
  CS_ASSIGN_OR_RETURN(DeviceCertificate cert,
                      device_certificate_from_json(*cert_json, r.path("certificate")));
  CS_ASSIGN_OR_RETURN(std::string suite_text, r.text("suite", 1, 32));
  CS_ASSIGN_OR_RETURN(Suite suite, parse_suite(suite_text));
  CS_ASSIGN_OR_RETURN(Bytes scalar, r.hex("private_key", 32, 32));
  CS_ASSIGN_OR_RETURN(Bytes public_key, r.hex("public_key", 65, 65));
  CS_RETURN_IF_ERROR(r.finish());
  if (suite != cert.suite) {
    return make_error(ErrorCode::kInvalidArgument,
                      where + ": the key's suite " + suite_text + " is not its certificate's");
  }
  auto key = PrivateKey::from_bytes(suite, scalar);
  if (!key.ok())
    return make_error(ErrorCode::kInvalidArgument, where + ".private_key: " + key.error().message);
  if (key.value().public_key().bytes() != public_key) {
    return make_error(ErrorCode::kInvalidArgument, where + ".public_key is not the private key's public key");
  }
  if (cert.public_key != public_key) {
    return make_error(ErrorCode::kInvalidArgument,
                      where + ": the certificate is for another key (certificate.public_key differs)");
  }
  return DeviceIdentity{std::move(cert), std::move(key).value()};
}

Json device_identity_to_json(const DeviceIdentity& identity) {
  return Json{{"certificate", device_certificate_to_json(identity.certificate)},
              {"suite", suite_name(identity.key.suite())},
              {"private_key", to_hex(identity.key.scalar())},
              {"public_key", to_hex(identity.key.public_key().bytes())}};
}

Result<DeviceIdentity> load_device_identity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    return make_error(
        err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kUnavailable,
        "device identity " + path + ": " + std::strerror(err) +
            " (create it with `chainslip device keygen` and have the finance authority certify it)");
  }
  if ((st.st_mode & 077) != 0) {
    return make_error(ErrorCode::kPermissionDenied,
                      "device identity " + path +
                          " is readable by other users; its private key must not be: " + "chmod 600 " + path);
  }
  CS_ASSIGN_OR_RETURN(std::string text, read_file(path, kMaxJsonBytes));
  auto doc = parse_strict_json(text);
  if (!doc.ok()) return make_error(ErrorCode::kInvalidArgument, path + ": " + doc.error().message);
  return device_identity_from_json(doc.value(), path);
}

}  // namespace chainslip

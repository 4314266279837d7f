#pragma once

#include <cstdint>
#include <string>

#include "core/chain/device_certificate.h"
#include "core/crypto/keys.h"
#include "core/util/strict_json.h"

namespace chainslip {

// The kiosk's certified signing key: what it signs conversion and void
// transactions with. Stored as device.json (docs/PROTOCOL.md section 2.7.1):
//   {"certificate": <device certificate>, "suite", "private_key" (hex scalar),
//    "public_key" (hex SEC1 uncompressed)}
// mode 0600.
struct DeviceIdentity {
  DeviceCertificate certificate;
  PrivateKey key;
};

// Strict: unknown or missing fields, a suite or public key that differs
// between the key and its certificate, or a public key that is not the
// private key's are kInvalidArgument naming `where`.
Result<DeviceIdentity> device_identity_from_json(const Json& value, const std::string& where);
Json device_identity_to_json(const DeviceIdentity& identity);

// The kiosk's key before it is certified: device-key.json, written by
// `chainslip device keygen` (device.json without "certificate", mode 0600):
//   {"suite", "private_key", "public_key"}
// Strict as above: the public key must be the private key's.
Result<PrivateKey> device_key_from_json(const Json& value, const std::string& where);
Json device_key_to_json(const PrivateKey& key);

// Pairs a key with the certificate the finance authority sent for it (what
// `chainslip device install` checks before it writes device.json):
//   - the certificate is for this key: same suite and public key (kInvalidArgument);
//   - `now` (Unix seconds) is within not_before..not_after
//     (kCertificateNotValidAtIssueTime);
//   - with `authority_key`, the authority signature verifies under it
//     (verify_device_certificate: kSuiteMismatch, kCertificateSignatureInvalid).
Result<DeviceIdentity> pair_device_certificate(PrivateKey key, DeviceCertificate certificate,
                                               std::uint64_t now, const PublicKey* authority_key);

// Reads device.json. Refuses a file that group or others may read
// (kPermissionDenied): the private key must stay the kiosk's.
Result<DeviceIdentity> load_device_identity(const std::string& path);

}  // namespace chainslip

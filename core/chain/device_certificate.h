#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/crypto/keys.h"
#include "core/util/strict_json.h"

namespace chainslip {

// The finance authority's statement that `public_key` belongs to the kiosk
// `device_id` installed at `place`, between not_before and not_after (Unix
// seconds, inclusive). Conversion and void transactions are signed with that
// key (docs/PROTOCOL.md, "Device certificate").
struct DeviceCertificate {
  std::string serial;     // 1..64 bytes of text
  std::string device_id;  // 1..64 printable ASCII (0x21..0x7E)
  std::string place;      // 1..128 bytes of text: "杭州市第一人民医院门诊大厅 3号机"
  Suite suite = kDefaultSuite;
  Bytes public_key;  // SEC1 uncompressed, 65 bytes
  std::uint64_t not_before = 0;
  std::uint64_t not_after = 0;
  Signature authority_signature = Signature::from_raw({});
};

// The bytes the authority signs.
Bytes canonical_device_certificate_bytes(const DeviceCertificate& cert);

// Suite (kSuiteMismatch), authority signature (kCertificateSignatureInvalid)
// and validity at `at_time` (kCertificateNotValidAtIssueTime). Returns the
// device's public key on success.
Result<PublicKey> verify_device_certificate(const DeviceCertificate& cert, const PublicKey& authority_key,
                                            std::uint64_t at_time);

// Fills in suite and public_key from `device_key` and signs with the
// authority's key (the simulator and tests certify kiosks this way).
Result<DeviceCertificate> certify_device(DeviceCertificate cert, const PublicKey& device_key,
                                         const PrivateKey& authority_key);

// Checks the field rules (lengths, printable device id) of a certificate
// built in code; device_certificate_from_json applies them too.
Status validate_device_certificate(const DeviceCertificate& cert);

// The rules for device_id and place alone (a certificate request has them
// before there is a certificate).
Status validate_device_naming(std::string_view device_id, std::string_view place);

Result<DeviceCertificate> device_certificate_from_json(const Json& value, const std::string& where);
Json device_certificate_to_json(const DeviceCertificate& cert);

}  // namespace chainslip

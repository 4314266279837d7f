#pragma once

#include <string>

#include "core/crypto/keys.h"
#include "core/util/strict_json.h"

namespace chainslip {

// What a kiosk's operator sends the finance authority to have a new key
// certified (device-request.json, docs/PROTOCOL.md section 2.7.1):
//   {"device_id", "place", "suite", "public_key" (hex SEC1 uncompressed)}
// Public: it holds no secret. The authority answers with a device
// certificate for exactly these fields.
struct DeviceRequest {
  std::string device_id;
  std::string place;
  PublicKey public_key;
};

// Checks device_id and place by the device certificate's rules
// (kInvalidArgument), so a request the authority would refuse is never written.
Result<DeviceRequest> make_device_request(std::string device_id, std::string place,
                                          const PublicKey& public_key);

// Strict: unknown or missing fields, a bad suite, a public key that is not a
// point of the suite's curve, or device_id/place outside the certificate's
// rules are kInvalidArgument naming `where`.
Result<DeviceRequest> device_request_from_json(const Json& value, const std::string& where);
Json device_request_to_json(const DeviceRequest& request);

}  // namespace chainslip

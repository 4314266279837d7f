#include "core/exchange/device_request.h"

#include "core/chain/device_certificate.h"
#include "core/crypto/suite.h"

namespace chainslip {

Result<DeviceRequest> make_device_request(std::string device_id, std::string place,
                                          const PublicKey& public_key) {
  CS_RETURN_IF_ERROR(validate_device_naming(device_id, place));
  return DeviceRequest{std::move(device_id), std::move(place), public_key};
}

Result<DeviceRequest> device_request_from_json(const Json& value, const std::string& where) {
  CS_ASSIGN_OR_RETURN(FieldReader r, FieldReader::open(value, where));
  CS_ASSIGN_OR_RETURN(std::string device_id, r.text("device_id", 1, 64));
  CS_ASSIGN_OR_RETURN(std::string place, r.text("place", 1, 128));
  CS_ASSIGN_OR_RETURN(std::string suite_text, r.text("suite", 1, 32));
  CS_ASSIGN_OR_RETURN(Bytes key_bytes, r.hex("public_key", 65, 65));
  CS_RETURN_IF_ERROR(r.finish());
  auto suite = parse_suite(suite_text);
  if (!suite.ok()) {
    return make_error(ErrorCode::kInvalidArgument, r.path("suite") + ": " + suite.error().message);
  }
  auto key = PublicKey::from_bytes(*suite, key_bytes);
  if (!key.ok()) {
    return make_error(ErrorCode::kInvalidArgument, r.path("public_key") + ": " + key.error().message);
  }
  auto request = make_device_request(std::move(device_id), std::move(place), *key);
  if (!request.ok()) return make_error(ErrorCode::kInvalidArgument, where + ": " + request.error().message);
  return request;
}

Json device_request_to_json(const DeviceRequest& request) {
  return Json{{"device_id", request.device_id},
              {"place", request.place},
              {"suite", suite_name(request.public_key.suite())},
              {"public_key", to_hex(request.public_key.bytes())}};
}

}  // namespace chainslip

#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "core/util/result.h"

namespace chainslip::cli {

struct DeviceKeygenArgs {
  std::string kiosk_id;
  std::string place;
  std::string suite = "sm2-sm3";
  std::string out_dir;
};

struct DeviceInstallArgs {
  std::string key_path;
  std::string certificate_path;
  std::string out_path;
  std::string anchor_path;  // empty: the authority signature is not checked
};

// File names `chainslip device keygen` writes into its --out folder.
inline constexpr const char* kDeviceKeyFile = "device-key.json";
inline constexpr const char* kDeviceRequestFile = "device-request.json";

// `chainslip device keygen`: generates the kiosk's private key and writes
// OUT/device-key.json (mode 0600, the folder made 0700 if new) and
// OUT/device-request.json (public, for the finance authority), then tells
// the operator what to do next on `out`. Refuses (kAlreadyExists) to replace
// an existing key file: it may be the key a certificate was issued for.
Status device_keygen(const DeviceKeygenArgs& args, std::ostream& out);

// `chainslip device install`: checks that the authority's certificate is for
// the key, valid at `now` (Unix seconds) and, with an anchor, signed by the
// anchor's finance authority (pair_device_certificate), then writes the
// kiosk's device.json (mode 0600).
Status device_install(const DeviceInstallArgs& args, std::uint64_t now, std::ostream& out);

// The commands as run from main: messages on stderr, exit 0 or 2.
int run_device_keygen(const DeviceKeygenArgs& args);
int run_device_install(const DeviceInstallArgs& args);

}  // namespace chainslip::cli

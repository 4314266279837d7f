#include "firmware/cli/device_command.h"

#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <iostream>

#include "core/chain/trust_anchor.h"
#include "core/exchange/device_identity.h"
#include "core/exchange/device_request.h"
#include "core/receipt/receipt_text.h"
#include "core/util/file_io.h"

namespace chainslip::cli {
namespace {

Result<Json> read_json_file(const std::string& path, const std::string& what) {
  auto text = read_file(path, kMaxJsonBytes);
  if (!text.ok()) return make_error(text.code(), what + ": " + text.error().message);
  auto doc = parse_strict_json(*text);
  if (!doc.ok()) return make_error(doc.code(), what + " " + path + ": " + doc.error().message);
  return doc;
}

// lstat, so that a dangling symlink in the key's place counts as taken too.
Status refuse_existing(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    return make_error(
        ErrorCode::kAlreadyExists,
        path +
            " already exists: it may hold the key a certificate was issued for. Keep it, or move "
            "it away yourself before generating a new key (the new key needs a new certificate)");
  }
  if (errno != ENOENT) {
    return make_error(ErrorCode::kUnavailable, "cannot check " + path + ": " + std::strerror(errno));
  }
  return {};
}

std::uint64_t system_now_seconds() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
}

}  // namespace

Status device_keygen(const DeviceKeygenArgs& args, std::ostream& out) {
  CS_ASSIGN_OR_RETURN(Suite suite, parse_suite(args.suite));
  const std::string key_path = args.out_dir + "/" + kDeviceKeyFile;
  const std::string request_path = args.out_dir + "/" + kDeviceRequestFile;
  CS_RETURN_IF_ERROR(refuse_existing(key_path));
  CS_ASSIGN_OR_RETURN(PrivateKey key, PrivateKey::generate(suite));
  auto request = make_device_request(args.kiosk_id, args.place, key.public_key());
  if (!request.ok()) {
    return make_error(request.code(),
                      request.error().message + " (--kiosk-id is the device_id, --place the place)");
  }
  CS_RETURN_IF_ERROR(make_directories(args.out_dir, 0700));
  CS_RETURN_IF_ERROR(write_file_atomic(key_path, device_key_to_json(key).dump(2) + "\n", 0600));
  CS_RETURN_IF_ERROR(write_file_atomic(request_path, device_request_to_json(*request).dump(2) + "\n", 0644));
  out << "kiosk " << args.kiosk_id << " (" << args.place << "), suite " << suite_name(suite) << ":\n"
      << "  " << key_path << "      the private key (mode 0600): keep it on this kiosk, never send it\n"
      << "  " << request_path << "  the certificate request: public, for the finance authority\n"
      << "next:\n"
      << "  1. send " << request_path
      << " to the finance authority; it answers with the device certificate\n"
      << "     (save it as certificate.json; docs/CONFIG.md, \"Device identity\").\n"
      << "  2. chainslip device install --key " << key_path
      << " --certificate certificate.json --anchor /etc/chainslip/anchor.json --out "
         "/etc/chainslip/device.json\n";
  return {};
}

Status device_install(const DeviceInstallArgs& args, std::uint64_t now, std::ostream& out) {
  CS_ASSIGN_OR_RETURN(Json key_json, read_json_file(args.key_path, "device key"));
  CS_ASSIGN_OR_RETURN(PrivateKey key, device_key_from_json(key_json, args.key_path));
  CS_ASSIGN_OR_RETURN(Json cert_json, read_json_file(args.certificate_path, "device certificate"));
  CS_ASSIGN_OR_RETURN(DeviceCertificate cert, device_certificate_from_json(cert_json, args.certificate_path));
  std::optional<TrustAnchor> anchor;
  if (!args.anchor_path.empty()) {
    CS_ASSIGN_OR_RETURN(Json anchor_json, read_json_file(args.anchor_path, "trust anchor"));
    auto parsed = trust_anchor_from_json(anchor_json);
    if (!parsed.ok()) {
      return make_error(parsed.code(), "trust anchor " + args.anchor_path + ": " + parsed.error().message);
    }
    anchor.emplace(std::move(parsed).value());
  }
  auto identity = pair_device_certificate(std::move(key), std::move(cert), now,
                                          anchor ? &anchor->authority_key : nullptr);
  if (!identity.ok()) {
    return make_error(identity.code(), args.certificate_path + " does not fit " + args.key_path + ": " +
                                           identity.error().message);
  }
  CS_RETURN_IF_ERROR(
      write_file_atomic(args.out_path, device_identity_to_json(*identity).dump(2) + "\n", 0600));
  const DeviceCertificate& c = identity->certificate;
  out << "wrote " << args.out_path << " (mode 0600): kiosk " << c.device_id << " (" << c.place
      << "), certificate " << c.serial << ", valid until " << china_time(c.not_after, "%Y-%m-%d %H:%M")
      << " China time\n";
  if (anchor) {
    out << "the certificate is signed by the finance authority of chain " << anchor->chain_id << "\n";
  } else {
    out << "WARNING: the authority signature was not checked; pass --anchor ANCHOR.json to check it\n";
  }
  out << "point device.identity in chainslip.toml at " << args.out_path << " and restart chainslipd\n";
  return {};
}

int run_device_keygen(const DeviceKeygenArgs& args) {
  auto status = device_keygen(args, std::cout);
  if (!status.ok()) {
    std::cerr << "chainslip device keygen: " << status.error().message << "\n";
    return 2;
  }
  return 0;
}

int run_device_install(const DeviceInstallArgs& args) {
  auto status = device_install(args, system_now_seconds(), std::cout);
  if (!status.ok()) {
    std::cerr << "chainslip device install: " << status.error().message << "\n";
    return 2;
  }
  return 0;
}

}  // namespace chainslip::cli

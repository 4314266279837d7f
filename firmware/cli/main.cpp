// chainslip: the operator's and maintainer's command line.
#include <CLI/CLI.hpp>

#include "firmware/cli/device_command.h"
#include "firmware/cli/fisco_command.h"
#include "firmware/cli/qr_command.h"
#include "firmware/cli/status_command.h"
#include "firmware/cli/verify_command.h"

int main(int argc, char** argv) {
  CLI::App app{"chainslip: verify blockchain fiscal e-receipts (财政电子票据) offline"};
  app.require_subcommand(1);

  chainslip::cli::VerifyArgs verify;
  auto* verify_cmd = app.add_subcommand("verify", "Verify a receipt bundle against a trust anchor");
  verify_cmd->add_option("bundle", verify.bundle_path, "Receipt bundle (JSON)")->required();
  verify_cmd->add_option("--anchor", verify.anchor_path,
                         "Trust anchor (JSON); default: anchor.json beside the bundle or up to two folders above");
  verify_cmd->add_option("--known-changes", verify.known_changes_path,
                         "Validator-set changes verified before (JSON array): the bundle must agree with them");
  verify_cmd->add_flag("--json", verify.json, "Print the verdict as one JSON object");
  // Bounds keep the millisecond arithmetic far from overflow.
  constexpr std::uint64_t kMaxSeconds = 1ULL << 40;
  verify_cmd->add_option("--now", verify.now_unix, "Verify as of this Unix time instead of the clock")
      ->check(CLI::Range(std::uint64_t{0}, kMaxSeconds));
  verify_cmd->add_option("--max-age", verify.max_age_seconds,
                         "Reject headers older than this many seconds (0: only a header of this very second; omit for no limit)")
      ->check(CLI::Range(std::uint64_t{0}, kMaxSeconds));
  verify_cmd->add_flag("--show-payer", verify.show_payer, "Print the payer's full name (masked by default)");

  chainslip::cli::QrArgs qr;
  auto* qr_cmd =
      app.add_subcommand("qr", "Read a scanned text as a receipt's QR code (the national platform's URLs)");
  qr_cmd->add_option("text", qr.text, "The scanned text, exactly")->required();
  qr_cmd->add_flag("--json", qr.json, "Print the code, or why it is none, as one JSON object");

  chainslip::cli::StatusArgs status;
  auto* status_cmd = app.add_subcommand("status", "Show the kiosk service, devices, cache and exchange journal");
  status_cmd->add_option("--config", status.config_path, "chainslipd's config file")->capture_default_str();
  status_cmd->add_flag("--json", status.json, "Print one JSON object");

  auto* device_cmd =
      app.add_subcommand("device", "Create this kiosk's signing key and install its certificate");
  device_cmd->require_subcommand(1);
  chainslip::cli::DeviceKeygenArgs keygen;
  auto* keygen_cmd = device_cmd->add_subcommand("keygen",
                                                "Generate the kiosk's key: OUT/device-key.json (secret) and "
                                                "OUT/device-request.json (for the authority)");
  keygen_cmd->add_option("--kiosk-id", keygen.kiosk_id, "The kiosk's device_id (1-64 printable ASCII)")
      ->required();
  keygen_cmd->add_option("--place", keygen.place, "Where the kiosk stands, as on its certificate")
      ->required();
  keygen_cmd->add_option("--suite", keygen.suite, "The chain's crypto suite")
      ->check(CLI::IsMember({"sm2-sm3", "p256-sha256"}))
      ->capture_default_str();
  keygen_cmd->add_option("--out", keygen.out_dir, "Output folder (created 0700 if missing)")->required();
  chainslip::cli::DeviceInstallArgs install;
  auto* install_cmd = device_cmd->add_subcommand(
      "install", "Check the authority's certificate against the key and write device.json (mode 0600)");
  install_cmd->add_option("--key", install.key_path, "device-key.json written by keygen")->required();
  install_cmd->add_option("--certificate", install.certificate_path, "The device certificate (JSON)")
      ->required();
  install_cmd->add_option("--out", install.out_path, "device.json to write (chainslipd's device.identity)")
      ->required();
  install_cmd->add_option("--anchor", install.anchor_path,
                          "Trust anchor: also check the certificate is signed by its finance authority");

  auto* fisco_cmd = app.add_subcommand("fisco", "Check objects a FISCO BCOS 3.x node printed");
  fisco_cmd->require_subcommand(1);
  chainslip::cli::FiscoArgs fisco_hash;
  auto* fisco_hash_cmd = fisco_cmd->add_subcommand(
      "hash", "Recompute an object's hash as the node does; print it and whether it matches its `hash`");
  fisco_hash_cmd->add_option("kind", fisco_hash.kind, "What the file holds")
      ->required()
      ->check(CLI::IsMember({"header", "transaction", "receipt"}));
  fisco_hash_cmd->add_option("file", fisco_hash.path, "The node's object, bare or its JSON-RPC reply")->required();
  auto* hash_sm3 = fisco_hash_cmd->add_flag("--sm3", fisco_hash.sm3, "A 国密 chain: SM3 (default: Keccak-256)");
  const std::string keccak_hash_help = "An ordinary chain: Keccak-256 (the default)";
  fisco_hash_cmd->add_flag("--keccak", keccak_hash_help)->excludes(hash_sm3);
  fisco_hash_cmd->add_option("--nonce", fisco_hash.nonce, "How the node printed the nonce: raw (up to 3.2) or hex (3.3+)")
      ->check(CLI::IsMember({"raw", "hex"}))
      ->capture_default_str();
  fisco_hash_cmd->add_flag("--json", fisco_hash.json, "Print one JSON object");
  chainslip::cli::FiscoArgs fisco_header;
  fisco_header.kind = "header";
  auto* fisco_verify_cmd = fisco_cmd->add_subcommand(
      "verify-header", "Check a header's hash, every signature against its own sealer, and the quorum");
  fisco_verify_cmd->add_option("file", fisco_header.path, "The node's header, bare or its JSON-RPC reply")->required();
  auto* verify_sm3 = fisco_verify_cmd->add_flag("--sm3", fisco_header.sm3, "A 国密 chain: SM3 and SM2 (default: Keccak-256 and secp256k1)");
  const std::string keccak_verify_help = "An ordinary chain: Keccak-256 and secp256k1 (the default)";
  fisco_verify_cmd->add_flag("--keccak", keccak_verify_help)->excludes(verify_sm3);
  fisco_verify_cmd->add_flag("--json", fisco_header.json, "Print one JSON object");
  chainslip::cli::FiscoArgs fisco_call;
  auto* fisco_call_cmd = fisco_cmd->add_subcommand(
      "registry-call", "Decode the e-receipt registry call a transaction makes (docs/PROTOCOL.md 11.7)");
  fisco_call_cmd->add_option("file", fisco_call.path, "The node's transaction, bare or its JSON-RPC reply")->required();
  auto* call_sm3 = fisco_call_cmd->add_flag("--sm3", fisco_call.sm3, "A 国密 chain: SM3 selectors (default: Keccak-256)");
  fisco_call_cmd->add_flag("--keccak", keccak_hash_help)->excludes(call_sm3);
  fisco_call_cmd->add_option("--nonce", fisco_call.nonce, "How the node printed the nonce: raw (up to 3.2) or hex (3.3+)")
      ->check(CLI::IsMember({"raw", "hex"}))
      ->capture_default_str();
  fisco_call_cmd->add_flag("--json", fisco_call.json, "Print one JSON object");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 exits 0 for --help, 106-ish codes for usage errors; ours is 2.
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (*verify_cmd) return chainslip::cli::run_verify(verify);
  if (*status_cmd) return chainslip::cli::run_status(status);
  if (*qr_cmd) return chainslip::cli::run_qr(qr);
  if (*keygen_cmd) return chainslip::cli::run_device_keygen(keygen);
  if (*install_cmd) return chainslip::cli::run_device_install(install);
  if (*fisco_hash_cmd) return chainslip::cli::run_fisco_hash(fisco_hash);
  if (*fisco_call_cmd) return chainslip::cli::run_fisco_registry_call(fisco_call);
  return chainslip::cli::run_fisco_verify_header(fisco_header);
}

#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/receipt/receipt_code.h"
#include "core/util/data_dir.h"
#include "core/util/result.h"

namespace chainslip {

// Everything chainslipd reads at start-up (docs/CONFIG.md describes each
// key). The defaults are a production kiosk's; what only the site knows
// (kiosk.id, kiosk.paper_code, chain.nodes) has none and must be set.
// The default allow-list as config entries.
std::vector<std::string> default_platform_entries();

struct KioskConfig {
  struct Kiosk {
    std::string id;                               // as in the device certificate; required
    std::string paper_code;                       // 8 digits: this kiosk's paper stock; required
    std::string data_dir = "/var/lib/chainslip";  // cache.db, journal.db
    bool mask_payer = true;                       // on the screen (the paper: printer.payer_name)
    std::uint32_t retention_days = 30;            // cached receipts older than this are dropped
    std::uint32_t idle_timeout_s = 60;            // a session left alone returns to idle
    std::uint32_t stop_drain_s = 45;              // on SIGTERM, how long the exchange under way may take
  } kiosk;

  struct Chain {
    std::string anchor = "/etc/chainslip/anchor.json";
    std::vector<std::string> nodes;  // tried in order, with failover; required
    std::string ca_file;      // pin the node's CA (HTTPS); empty: system store
    std::string client_cert;  // mutual TLS; both or neither
    std::string client_key;
    std::uint32_t request_timeout_ms = 5000;
    std::uint32_t inclusion_timeout_s = 60;  // how long to wait for a convert to be sealed
    std::uint32_t inclusion_poll_ms = 1000;  // the longest wait between inclusion asks
  } chain;

  struct Device {
    // {"certificate", "suite", "private_key", "public_key"} (docs/PROTOCOL.md
    // section 2.7.1), mode 0600: the kiosk's certified signing key.
    std::string identity = "/etc/chainslip/device.json";
  } device;

  struct Printer {
    // usb | usb:VVVV:PPPP[:SERIAL] | tcp:HOST[:PORT] | lp:/dev/usb/lpN
    std::string address = "usb";
    std::string profile = "generic-80mm";
    std::string layout = "text";  // text | raster
    std::string payer_name = "full";  // full | masked: the paper goes to the patient, so in full by default
    bool english = false;             // English beside the Chinese on the paper copy
  } printer;

  struct Scanner {
    std::string kind = "camera";   // camera | evdev | hidraw | serial
    std::string device;            // /dev/video0 (camera default), /dev/input/eventN, /dev/hidrawN, /dev/ttyACM0
    std::uint32_t baud = 9600;     // serial only: the line speed of an RS-232 scanner
    std::string decoder = "zbar";  // zbar | zxing | zxing+zbar (camera only; qr_decoder_factory.h)
  } scanner;

  // The verification platforms whose receipt codes the kiosk reads
  // (docs/PROTOCOL.md 6.2): "FORM URL-prefix" entries.
  struct ReceiptCodes {
    std::vector<std::string> platforms = default_platform_entries();
  } receipt_codes;
  // The entries parsed (valid: parse_kiosk_config checked them).
  std::vector<ReceiptCodePlatform> receipt_code_platforms() const;

  struct Screen {
    std::string listen = "127.0.0.1:8080";
    std::string assets = data_dir("screen", CHAINSLIP_SCREEN_ASSETS_DIR);  // index.html, app.js, style.css
    bool voice = true;                   // a Mandarin prompt at each state (docs/SCREEN.md, "Voice prompts")
    std::uint32_t voice_volume = 80;     // percent of the speaker's volume
    std::string voice_dir = data_dir("voice", CHAINSLIP_SCREEN_VOICE_DIR);  // <state>.wav, one per state
    std::string hospital_name;  // shown in the status bar (empty: the service's own name)
    std::string help_phone;     // 服务电话 in the status bar (empty: not shown)
  } screen;

  // GET /healthz and GET /metrics (Prometheus) for hospital IT; loopback
  // unless set to another address on purpose (a scraper on the network).
  struct Metrics {
    std::string listen = "127.0.0.1:9464";
  } metrics;

  struct Log {
    std::string level = "info";  // debug | info | warning | error
  } log;
};

// Parses a TOML config. Strict: an unknown table or key, a wrong type or an
// out-of-range value is kInvalidArgument naming the file, line and key.
// Keys left out keep their defaults.
Result<KioskConfig> parse_kiosk_config(std::string_view toml_text, const std::string& source_name);
Result<KioskConfig> load_kiosk_config(const std::string& path);

}  // namespace chainslip

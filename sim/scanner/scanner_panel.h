#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/util/result.h"
#include "sim/scanner/virtual_serial_scanner.h"

namespace chainslip::sim {

// The maintainer's side of the simulated kiosk, a web page beside the kiosk's
// own screen (which knows nothing of it): buttons that hold each receipt's
// code to the virtual scanner, and the paper the virtual printer printed last.
//   GET  /                    the page
//   GET  /codes               {"codes": [QR text, ...], "kiosk": URL of the kiosk screen or ""}
//   POST /present             {"payload": "QR text"} -> 202 {"presented": ...}; 400 bad body; 503 port full
//   GET  /paper/latest.png    the newest ticket-NNNN.png of paper_dir; 404 none yet
class ScannerPanel {
 public:
  struct Options {
    std::string host = "127.0.0.1";
    int port = 8090;         // 0: any free port
    std::string codes_file;  // qr-payloads.txt (chainslip-sim node --out); read at each GET /codes
    std::string paper_dir;   // where `chainslip-sim printer --out` writes its tickets
    std::string kiosk_url;   // linked from the page
    std::function<void(const std::string&)> log;  // one line per code presented
  };

  // Binds and serves on its own thread. `scanner` must outlive the panel.
  static Result<std::unique_ptr<ScannerPanel>> start(VirtualSerialScanner& scanner, Options options);
  ~ScannerPanel();
  ScannerPanel(const ScannerPanel&) = delete;
  ScannerPanel& operator=(const ScannerPanel&) = delete;

  int port() const;

 private:
  struct Impl;
  explicit ScannerPanel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace chainslip::sim

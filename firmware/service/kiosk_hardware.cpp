#include "firmware/service/kiosk_hardware.h"

#include <utility>

#include "drivers/printer/escpos_paper_printer.h"
#include "drivers/printer/layout/receipt_layout.h"
#include "drivers/printer/profiles/printer_profile.h"
#include "drivers/scanner/camera/camera_code_scanner.h"
#include "drivers/scanner/hid/evdev_code_scanner.h"
#include "drivers/scanner/hid/hidraw_code_scanner.h"
#include "drivers/scanner/qr/qr_decoder_factory.h"
#include "drivers/scanner/serial/serial_code_scanner.h"
#include "drivers/scanner/camera/v4l2_camera.h"
#include "drivers/transport/printer_address.h"
#include "drivers/transport/printer_transport_factory.h"
#include "drivers/node/curl_node_client.h"

namespace chainslip {
namespace {

// An error of the part a config key feeds, named by that key.
Error keyed(const std::string& key, const Error& e) { return make_error(e.code, key + ": " + e.message); }

Result<std::unique_ptr<CodeScanner>> make_scanner(const KioskConfig::Scanner& config, const Clock& clock) {
  if (config.kind == "camera") {
    Result<std::unique_ptr<QrDecoder>> decoder = make_qr_decoder(config.decoder);
    if (!decoder.ok()) return keyed("scanner.decoder", decoder.error());
    V4l2CameraOptions camera;
    if (!config.device.empty()) camera.device = config.device;
    return std::unique_ptr<CodeScanner>(
        std::make_unique<CameraCodeScanner>(std::make_unique<V4l2Camera>(camera), std::move(decoder).value(), clock));
  }
  if (config.device.empty()) {
    const char* example = config.kind == "evdev"    ? "/dev/input/by-id/...-event-kbd"
                          : config.kind == "serial" ? "/dev/serial/by-id/... or /dev/ttyACM0"
                                                    : "/dev/hidrawN";
    return make_error(ErrorCode::kInvalidArgument,
                      "scanner.kind = \"" + config.kind + "\" needs scanner.device (" + example + ")");
  }
  if (config.kind == "evdev") {
    return std::unique_ptr<CodeScanner>(
        std::make_unique<EvdevCodeScanner>(clock, EvdevCodeScannerOptions{.device = config.device}));
  }
  if (config.kind == "serial") {
    return std::unique_ptr<CodeScanner>(std::make_unique<SerialCodeScanner>(
        clock, SerialCodeScannerOptions{.device = config.device, .baud = config.baud}));
  }
  return std::unique_ptr<CodeScanner>(
      std::make_unique<HidrawCodeScanner>(clock, HidrawCodeScannerOptions{.device = config.device}));
}

}  // namespace

Result<KioskHardware> make_kiosk_hardware(const KioskConfig& config, Suite chain_suite, const Clock& clock,
                                        std::function<void(const std::string&)> log) {
  KioskHardware devices;

  CurlNodeClientConfig node;
  node.node_urls = config.chain.nodes;
  node.suite = chain_suite;
  node.request_timeout = std::chrono::milliseconds(config.chain.request_timeout_ms);
  node.ca_file = config.chain.ca_file;
  node.client_cert_file = config.chain.client_cert;
  node.client_key_file = config.chain.client_key;
  node.log = log;
  Result<std::unique_ptr<CurlNodeClient>> node_client = CurlNodeClient::create(std::move(node), clock);
  if (!node_client.ok()) return keyed("chain", node_client.error());
  devices.node = std::move(node_client).value();

  Result<PrinterAddress> parsed_address = parse_printer_address(config.printer.address);
  if (!parsed_address.ok()) return keyed("printer.address", parsed_address.error());
  const PrinterAddress& address = *parsed_address;
  Result<escpos::PrinterProfile> loaded_profile = escpos::load_profile_by_id(config.printer.profile);
  if (!loaded_profile.ok()) return keyed("printer.profile", loaded_profile.error());
  const escpos::PrinterProfile& profile = *loaded_profile;
  Result<std::unique_ptr<PrinterTransport>> transport = make_printer_transport(address);
  if (!transport.ok()) return keyed("printer.address", transport.error());
  devices.printer_transport = std::move(transport).value();
  escpos::EscPosJobEngineOptions engine;
  engine.buffer_bytes = profile.input_buffer_bytes;
  devices.printer_engine =
      std::make_unique<escpos::EscPosJobEngine>(*devices.printer_transport, clock, engine);
  escpos::LayoutOptions layout;
  layout.mode =
      config.printer.layout == "raster" ? escpos::LayoutMode::kFullRaster : escpos::layout_mode_for(profile);
  layout.payer = config.printer.payer_name == "masked" ? PayerDisplay::kMasked : PayerDisplay::kFull;
  layout.english = config.printer.english;
  devices.printer = std::make_unique<escpos::EscPosPaperPrinter>(*devices.printer_engine, profile, layout);

  CS_ASSIGN_OR_RETURN(devices.scanner, make_scanner(config.scanner, clock));
  return devices;
}

}  // namespace chainslip

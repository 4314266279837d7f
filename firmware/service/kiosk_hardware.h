#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/crypto/suite.h"
#include "core/hal/clock.h"
#include "core/hal/code_scanner.h"
#include "core/hal/node_client.h"
#include "core/hal/paper_printer.h"
#include "core/hal/printer_transport.h"
#include "drivers/printer/job/escpos_job_engine.h"
#include "firmware/config/kiosk_config.h"

namespace chainslip {

// The kiosk's real hardware, owned, as the config chose it (AP_HAL style:
// one interface per role, the implementation picked at start-up); the
// service borrows its roles as KioskHalRoles (kiosk_service.h):
//   node     libcurl over HTTP(S) to chain.nodes, with failover
//   printer  ESC/POS over usb | tcp | lp, laid out for printer.profile
//   scanner  camera (V4L2 + zbar/zxing) | evdev | hidraw | serial
// Members are declared in dependency order: the engine uses the transport,
// the paper printer the engine.
struct KioskHardware {
  std::unique_ptr<NodeClient> node;
  std::unique_ptr<PrinterTransport> printer_transport;
  std::unique_ptr<escpos::EscPosJobEngine> printer_engine;
  std::unique_ptr<PaperPrinter> printer;
  std::unique_ptr<CodeScanner> scanner;
};

// Builds (does not yet open) every device. kInvalidArgument for a config the
// devices cannot be made from (an unknown profile, a scanner kind without
// its device path), naming the key and the fix. The
// clock must outlive the devices.
Result<KioskHardware> make_kiosk_hardware(const KioskConfig& config, Suite chain_suite, const Clock& clock,
                                        std::function<void(const std::string&)> log);

}  // namespace chainslip

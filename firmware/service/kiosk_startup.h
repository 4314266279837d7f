#pragma once

#include <functional>
#include <string>

#include "core/crypto/suite.h"
#include "core/hal/clock.h"
#include "core/util/result.h"
#include "firmware/config/kiosk_config.h"
#include "firmware/service/kiosk_hardware.h"

namespace chainslip {

// Everything chainslipd checks of its config before it opens anything, in one
// function so that `chainslipd --check-config` and start-up cannot disagree:
// kiosk.data_dir is named, screen.listen is a loopback address and
// metrics.listen an address, each with a valid port (as the servers will
// bind them), and every
// device is built from its keys (printer.address and printer.profile,
// chain.nodes and the TLS files, the scanner), built but not opened. Errors
// are kInvalidArgument (or the builder's code) and start with the key:
// "printer.address: ...". The suite only shapes the node client's replies;
// --check-config, which has read no trust anchor, passes kDefaultSuite.
Result<KioskHardware> prepare_kiosk(const KioskConfig& config, Suite chain_suite, const Clock& clock,
                                   std::function<void(const std::string&)> log);

}  // namespace chainslip

#pragma once

#include <memory>

#include "core/hal/printer_transport.h"
#include "core/util/result.h"
#include "drivers/transport/printer_address.h"

namespace chainslip {

// The transport a parsed address names, with default options; nothing is
// opened yet.
Result<std::unique_ptr<PrinterTransport>> make_printer_transport(const PrinterAddress& address);

}  // namespace chainslip

#pragma once

#include <memory>

#include "core/hal/printer_transport.h"
#include "core/util/result.h"
#include "drivers/transport/printer_address.h"

namespace chainslip {

// Whether this build has USB printers: libusb is optional
// (CHAINSLIP_WITH_LIBUSB, docs/DEPENDENCIES.md); TCP and lp always are.
bool usb_printer_transport_built();

// The transport a parsed address names, with default options; nothing is
// opened yet. A USB address in a build without libusb is kUnimplemented,
// naming the option.
Result<std::unique_ptr<PrinterTransport>> make_printer_transport(const PrinterAddress& address);

}  // namespace chainslip

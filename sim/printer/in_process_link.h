#pragma once

#include "core/util/bytes.h"
#include "core/util/result.h"
#include "sim/printer/virtual_printer.h"

namespace chainslip::sim {

// The host's end of a byte pipe to a VirtualPrinter in the same process: the
// stand-in for a USB or serial cable in tests. Like those, it has no flow
// control: a host that writes faster than the printer prints loses bytes.
class InProcessPrinterLink {
 public:
  explicit InProcessPrinterLink(VirtualPrinter& printer) : printer_(printer) {}

  // How many bytes crossed (fewer than data.size() if the cable was pulled
  // mid-write); kUnavailable once it is unplugged.
  Result<std::size_t> write(ByteView data);
  // Status replies and ASB frames the printer sent since the last read.
  Bytes read() { return printer_.take_replies(); }

 private:
  VirtualPrinter& printer_;
};

}  // namespace chainslip::sim

#include "sim/printer/in_process_link.h"

namespace chainslip::sim {

Result<std::size_t> InProcessPrinterLink::write(ByteView data) {
  if (!printer_.link_up()) return make_error(ErrorCode::kUnavailable, "printer unplugged");
  return printer_.receive(data);
}

}  // namespace chainslip::sim

#include "sim/printer/sim_printer_transport.h"

namespace chainslip::sim {

Status SimPrinterTransport::open() {
  if (!printer_.link_up()) {
    return make_error(ErrorCode::kUnavailable,
                      "no device: the virtual printer is unplugged (replug it in the simulator)");
  }
  // Like a USB device re-enumerating: what the printer said while nobody
  // was connected is gone.
  (void)link_.read();
  open_ = true;
  lost_ = false;
  return {};
}

Status SimPrinterTransport::check_link() {
  if (lost_) return make_error(ErrorCode::kUnavailable, "sim in-process printer unplugged");
  if (!open_) return make_error(ErrorCode::kFailedPrecondition, "sim in-process printer link is not open");
  if (!printer_.link_up()) {
    open_ = false;
    lost_ = true;
    return make_error(ErrorCode::kUnavailable, "sim in-process printer unplugged");
  }
  return {};
}

Result<std::size_t> SimPrinterTransport::write_some(ByteView data) {
  CS_RETURN_IF_ERROR(check_link());
  return link_.write(data);
}

Result<Bytes> SimPrinterTransport::read_some() {
  CS_RETURN_IF_ERROR(check_link());
  return link_.read();
}

std::optional<std::chrono::milliseconds> SimPrinterTransport::next_timeout() const {
  if (!open_) return std::nullopt;
  return reply_poll_;
}

}  // namespace chainslip::sim

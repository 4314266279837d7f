#pragma once

#include <cstddef>
#include <string>

#include "core/hal/poll_interest.h"
#include "core/util/bytes.h"
#include "core/util/result.h"

namespace chainslip {

// The byte pipe between the ESC/POS driver and one printer: USB (libusb),
// raw TCP 9100, /dev/usb/lp*, or the simulator's virtual printer. It knows
// nothing of ESC/POS; pacing and status are the driver's job.
//
// Contract, for every implementation (tests/unit/printer_transport_contract):
//  - open() connects or claims the device. Errors: kUnavailable "no device"
//    (with what was looked for), kPermissionDenied (with the fix: the udev
//    rule, the group), kBusy (who holds it). Calling it again after a
//    failure or close() retries.
//  - write_some() never blocks: it takes as many bytes as the pipe accepts
//    now and returns the count (0: try again when the write fd is ready or
//    after next_timeout()). For transports without flow control (USB, lp,
//    in-process) accepting bytes says nothing about the printer having room
//    for them. A byte counted as written was handed to the link; a byte not
//    counted was not (USB: `transferred` after a timeout).
//  - read_some() never blocks: the bytes the printer sent since the last
//    call (status replies, ASB frames), possibly empty.
//  - after the link is lost (cable pulled, peer closed) write_some() and
//    read_some() return kUnavailable and is_open() is false until open()
//    succeeds again. On a transport never opened or close()d they return
//    kFailedPrecondition: that is the caller's mistake, not a lost link.
class PrinterTransport : public Pollable {
 public:
  // "usb 0416:5011 bus 1 dev 4", "tcp 10.0.0.5:9100", "lp /dev/usb/lp0",
  // "sim in-process": what the operator log names the printer by.
  virtual std::string describe() const = 0;
  virtual Status open() = 0;
  virtual void close() = 0;
  virtual bool is_open() const = 0;
  virtual Result<std::size_t> write_some(ByteView data) = 0;
  virtual Result<Bytes> read_some() = 0;
};

}  // namespace chainslip

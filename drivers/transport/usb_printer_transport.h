#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/hal/printer_transport.h"
#include "drivers/transport/printer_address.h"

namespace chainslip {

// A USB printer through libusb, asynchronously, in the service's event loop:
// no thread of ours, libusb's file descriptors are in poll_interests(),
// process_events() handles what is ready (never blocking) and next_timeout()
// is libusb's next transfer timeout.
//
// open() finds the printer (select_usb_printer), detaches the kernel's usblp
// driver from the interface (given back on close) and claims it. Errors:
// kUnavailable "no USB printer found (looked for ...); N USB devices
// present", also when libusb cannot start at all (no /dev/bus/usb);
// kPermissionDenied with the udev fix; kBusy when CUPS or another program has
// claimed it.
//
// Writing. One bulk OUT transfer at a time: write_some() takes bytes only
// while none is in flight (up to Options::max_transfer_size; 0 otherwise).
// Accepted bytes are the transport's to deliver, in order, exactly once:
//  - a transfer that times out (the printer NAKs: buffer full, offline)
//    counts what did go (actual_length) and resubmits only the rest;
//  - a stalled endpoint is cleared (libusb_clear_halt) and the rest resent;
//  - when the link is lost, the rest is never sent: pending_unsent() says
//    how many of the accepted bytes did not reach the printer (they are the
//    last ones accepted), and the kUnavailable error says it too.
// So the bytes that reached the printer are exactly the first
// (accepted - pending_unsent()) of the stream.
//
// Reading. A bulk IN transfer, when the interface has that endpoint, stays
// submitted; read_some() returns what arrived.
//
// Hotplug (when libusb has it): the callbacks only queue; process_events()
// treats the printer leaving as link loss and a matching device arriving as
// device_arrived(), the owner's cue to open() again.
class UsbPrinterTransport final : public PrinterTransport {
 public:
  struct Options {
    std::chrono::milliseconds transfer_timeout{5000};  // per bulk OUT transfer, then resubmit
    std::size_t max_transfer_size = 16 * 1024;
  };

  UsbPrinterTransport(UsbPrinterAddress wanted, Options options);
  explicit UsbPrinterTransport(UsbPrinterAddress wanted)
      : UsbPrinterTransport(std::move(wanted), Options{}) {}
  ~UsbPrinterTransport() override;
  UsbPrinterTransport(const UsbPrinterTransport&) = delete;
  UsbPrinterTransport& operator=(const UsbPrinterTransport&) = delete;

  // "usb 0416:5011 bus 1 dev 4" while open; "usb 0416:5011" or
  // "usb any printer-class interface" before.
  std::string describe() const override;
  Status open() override;
  // Cancels the transfers in flight, waits (bounded) for libusb to give
  // them back, releases the interface and closes the device.
  void close() override;
  bool is_open() const override;
  Result<std::size_t> write_some(ByteView data) override;
  Result<Bytes> read_some() override;

  std::vector<PollInterest> poll_interests() const override;
  std::optional<std::chrono::milliseconds> next_timeout() const override;
  void process_events() override;

  // Accepted by write_some() but not (yet) transferred; see above. Reset by
  // open().
  std::size_t pending_unsent() const;
  // True once per arrival of a device that may be the wanted printer.
  bool device_arrived();

 private:
  class Link;  // everything that touches libusb
  std::unique_ptr<Link> link_;
};

}  // namespace chainslip

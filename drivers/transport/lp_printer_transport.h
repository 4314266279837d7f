#pragma once

#include <optional>
#include <string>

#include "core/hal/printer_transport.h"
#include "core/util/unique_fd.h"
#include "drivers/transport/received_bytes.h"

namespace chainslip {

// A printer through the kernel's usblp driver (/dev/usb/lp0) or any other
// character device that takes the byte stream.
//
// Opened O_RDWR | O_NONBLOCK (O_WRONLY when the device refuses reads; then
// read_some() is always empty, as it is for printers whose usblp interface
// is unidirectional). write_some() takes what one write(2) takes: 0 on
// EAGAIN (usblp has one URB in flight). ENODEV, EIO or a hang-up after
// open() mean the printer is gone: kUnavailable until open() succeeds again.
class LpPrinterTransport final : public PrinterTransport {
 public:
  explicit LpPrinterTransport(std::string path) : path_(std::move(path)) {}
  ~LpPrinterTransport() override;
  LpPrinterTransport(const LpPrinterTransport&) = delete;
  LpPrinterTransport& operator=(const LpPrinterTransport&) = delete;

  std::string describe() const override { return "lp " + path_; }  // "lp /dev/usb/lp0"
  Status open() override;
  void close() override;
  bool is_open() const override { return fd_.valid(); }
  Result<std::size_t> write_some(ByteView data) override;
  Result<Bytes> read_some() override;

  // POLLIN while the device can be read, POLLOUT after a short write; the fd
  // is listed even with neither, so the loop still sees POLLHUP.
  std::vector<PollInterest> poll_interests() const override;
  void process_events() override;

 private:
  void receive();
  // True when the device reports a hang-up (the printer went away).
  bool hung_up() const;
  void lose(Error error);
  Error link_error(int error) const;  // errno of a failed read/write
  Error hang_up_error() const;
  Error not_usable() const;

  const std::string path_;
  UniqueFd fd_;
  bool readable_ = false;
  bool short_write_ = false;
  std::optional<Error> lost_;
  ReceivedBytes received_;
};

// What a failed open(2) of `path` means, with the fix (errno value `error`).
Error lp_open_error(const std::string& path, int error);

}  // namespace chainslip

#pragma once

#include <cstddef>

#include "drivers/transport/usb_error.h"

namespace chainslip {

// The accounting of the one bulk OUT chunk a USB transport has in flight:
// how many of the bytes write_some() accepted have reached the printer, and
// what to do after each transfer, so that no accepted byte is dropped
// silently or sent twice. Every transfer's actual_length counts, whatever
// its status (a timeout or stall moves some bytes, a cancel may too); only
// the rest is ever resubmitted. Pure, so it is tested without a device.
class UsbOutProgress {
 public:
  static constexpr int kMaxConsecutiveStalls = 3;

  enum class Next {
    kDone,       // the whole chunk went; write_some() may take more
    kResubmit,   // send the rest (offset() on) again
    kClearHalt,  // clear the endpoint's halt, then resubmit the rest if busy()
    kLinkLost,   // give up the device; pending_unsent() bytes never went
    kStop,       // cancelled by the transport itself: nothing more to do
  };

  // A chunk of `length` bytes was handed to a transfer.
  void start(std::size_t length);
  // Forgets the chunk (its submit failed, or the device was reopened).
  void clear() { start(0); }
  bool busy() const { return sent_ < length_; }
  std::size_t offset() const { return sent_; }  // where the part not yet sent begins
  std::size_t pending_unsent() const { return length_ - sent_; }

  Next on_transfer_done(UsbTransferOutcome outcome, std::size_t actual_length);

 private:
  std::size_t length_ = 0;
  std::size_t sent_ = 0;
  int stalls_ = 0;  // in a row without a byte moving
};

}  // namespace chainslip

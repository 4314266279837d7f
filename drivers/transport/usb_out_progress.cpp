#include "drivers/transport/usb_out_progress.h"

#include <algorithm>

namespace chainslip {

void UsbOutProgress::start(std::size_t length) {
  length_ = length;
  sent_ = 0;
  stalls_ = 0;
}

UsbOutProgress::Next UsbOutProgress::on_transfer_done(UsbTransferOutcome outcome, std::size_t actual_length) {
  // Never more than was asked: a byte is counted once.
  const std::size_t moved = std::min(actual_length, pending_unsent());
  sent_ += moved;
  if (moved > 0) stalls_ = 0;
  switch (outcome) {
    case UsbTransferOutcome::kCompleted:
    case UsbTransferOutcome::kTimedOut:  // the printer was busy (buffer full, offline): the rest goes again
      if (busy()) return Next::kResubmit;
      clear();
      return Next::kDone;
    case UsbTransferOutcome::kStalled:
      return ++stalls_ > kMaxConsecutiveStalls ? Next::kLinkLost : Next::kClearHalt;
    case UsbTransferOutcome::kCancelled:
      return Next::kStop;
    case UsbTransferOutcome::kLinkLost:
      return Next::kLinkLost;
  }
  return Next::kLinkLost;
}

}  // namespace chainslip

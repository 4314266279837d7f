#include "drivers/printer/escpos/status_stream.h"

#include <utility>

namespace chainslip::escpos {

void StatusStream::reset() {
  realtime_.clear();
  paper_status_ = 0;
  frame_size_ = 0;
  identifying_ = false;
  foreign_.reset();
  held_.clear();
}

std::vector<StatusStream::Event> StatusStream::push(ByteView chunk) {
  for (std::uint8_t b : chunk) {
    if (foreign_) break;
    take(b);
  }
  if (foreign_) held_.clear();
  if (identifying_ || foreign_) return {};
  return std::exchange(held_, {});
}

void StatusStream::take(std::uint8_t b) {
  if (frame_size_ > 0) {
    if (is_asb_body_byte(b)) {
      frame_[frame_size_++] = b;
      if (frame_size_ == frame_.size()) {
        held_.push_back({Event::Kind::kAsbFrame, RealtimeStatus::kPrinter, frame_});
        frame_size_ = 0;
      }
      return;
    }
    // A byte no frame can hold: the frame was cut short. Drop it and read
    // the byte as the start of whatever comes next.
    if (identifying_) {
      foreign_ = b;
      return;
    }
    skipped_ += frame_size_;
    frame_size_ = 0;
  }
  if (is_asb_header(b)) {
    frame_[0] = b;
    frame_size_ = 1;
  } else if (is_realtime_reply(b) && !realtime_.empty()) {
    held_.push_back({Event::Kind::kRealtimeReply, realtime_.front(), {b, 0, 0, 0}});
    if (realtime_.front() == RealtimeStatus::kPaper) identifying_ = false;  // a whole round: a printer
    realtime_.pop_front();
  } else if (is_paper_status_reply(b) && paper_status_ > 0) {
    held_.push_back({Event::Kind::kPaperStatusReply, RealtimeStatus::kPrinter, {b, 0, 0, 0}});
    --paper_status_;
  } else if (identifying_ && !is_paper_status_reply(b)) {
    foreign_ = b;
  } else {
    ++skipped_;
  }
}

}  // namespace chainslip::escpos

#include "drivers/printer/status_stream.h"

namespace chainslip::escpos {

void StatusStream::reset() {
  realtime_.clear();
  paper_status_ = 0;
  frame_size_ = 0;
}

std::vector<StatusStream::Event> StatusStream::push(ByteView chunk) {
  std::vector<Event> out;
  for (std::uint8_t b : chunk) take(b, out);
  return out;
}

void StatusStream::take(std::uint8_t b, std::vector<Event>& out) {
  if (frame_size_ > 0) {
    if (is_asb_body_byte(b)) {
      frame_[frame_size_++] = b;
      if (frame_size_ == frame_.size()) {
        out.push_back({Event::Kind::kAsbFrame, RealtimeStatus::kPrinter, frame_});
        frame_size_ = 0;
      }
      return;
    }
    // A byte no frame can hold: the frame was cut short. Drop it and read
    // the byte as the start of whatever comes next.
    skipped_ += frame_size_;
    frame_size_ = 0;
  }
  if (is_asb_header(b)) {
    frame_[0] = b;
    frame_size_ = 1;
  } else if (is_realtime_reply(b) && !realtime_.empty()) {
    out.push_back({Event::Kind::kRealtimeReply, realtime_.front(), {b, 0, 0, 0}});
    realtime_.pop_front();
  } else if (is_paper_status_reply(b) && paper_status_ > 0) {
    out.push_back({Event::Kind::kPaperStatusReply, RealtimeStatus::kPrinter, {b, 0, 0, 0}});
    --paper_status_;
  } else {
    ++skipped_;
  }
}

}  // namespace chainslip::escpos

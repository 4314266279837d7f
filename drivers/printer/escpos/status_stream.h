#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "core/util/bytes.h"
#include "drivers/printer/escpos/escpos_commands.h"
#include "drivers/printer/escpos/printer_condition.h"

namespace chainslip::escpos {

// Splits the bytes a printer sends into the replies they are, whatever chunks
// they arrive in: replies to the DLE EOT queries the driver sent (answered on
// reception, in order), GS r 1 replies (answered when the printer reaches the
// command in its buffer) and ASB frames (sent whenever the status changes).
// Pure: the driver says what it asked for, then pushes what it read.
//
// The kinds are told apart by their fixed bits (printer_condition.h), except
// that an ASB frame's last three bytes look like GS r replies: after an ASB
// header the next three bytes belong to the frame. A byte that fits nothing
// expected is counted and skipped; a half frame cut off by a byte that cannot
// continue it is dropped and that byte read afresh, so the stream always
// resynchronises on the next plausible reply.
class StatusStream {
 public:
  struct Event {
    enum class Kind { kRealtimeReply, kPaperStatusReply, kAsbFrame };
    Kind kind;
    RealtimeStatus query = RealtimeStatus::kPrinter;  // which DLE EOT n, for kRealtimeReply
    AsbFrame bytes{};  // the frame; bytes[0] alone for the one-byte replies
  };

  // The driver wrote DLE EOT n / GS r 1: a reply is due.
  void expect_realtime_reply(RealtimeStatus n) { realtime_.push_back(n); }
  void expect_paper_status_reply() { ++paper_status_; }
  // A query went unanswered (timeout): its late reply, if any, is skipped.
  void forget_realtime_replies() { realtime_.clear(); }
  void forget_paper_status_replies() { paper_status_ = 0; }
  // The link was reopened: nothing is due and no frame is half read, and the
  // peer is trusted again (identify_peer() starts checking it).
  void reset();
  // A new link to a peer not yet known to be an ESC/POS printer: until its
  // first DLE EOT 4 reply (the end of the driver's first status round), every
  // byte must be what such a printer sends: a DLE EOT reply that is due
  // (bits 1 and 4 set, 0 and 7 clear), a whole ASB frame, or a GS r reply
  // (due, or left over from an earlier link). Anything else (a byte with
  // other fixed bits, a DLE EOT reply nobody asked for, an ASB frame cut
  // short) makes the peer foreign. Until the peer is known, push() holds
  // back its events, whatever chunks the bytes come in: they are returned,
  // in order, with the reply that completes the round; a foreign peer's are
  // dropped, and push() returns nothing more until reset().
  void identify_peer() { identifying_ = true; }
  // The byte that showed the peer is no ESC/POS printer.
  std::optional<std::uint8_t> foreign_byte() const { return foreign_; }

  std::vector<Event> push(ByteView chunk);

  std::size_t realtime_replies_due() const { return realtime_.size(); }
  std::size_t paper_status_replies_due() const { return paper_status_; }
  // Bytes that fitted no reply that was due (noise, replies to queries the
  // driver gave up on, half frames).
  std::uint64_t skipped_bytes() const { return skipped_; }

 private:
  void take(std::uint8_t b);

  std::deque<RealtimeStatus> realtime_;
  std::size_t paper_status_ = 0;
  AsbFrame frame_{};
  std::size_t frame_size_ = 0;  // bytes of an ASB frame read so far
  std::uint64_t skipped_ = 0;
  bool identifying_ = false;
  std::optional<std::uint8_t> foreign_;
  std::vector<Event> held_;  // read, not yet returned (all of them while identifying)
};

}  // namespace chainslip::escpos

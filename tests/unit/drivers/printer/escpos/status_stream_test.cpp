#include "drivers/printer/escpos/status_stream.h"

#include <gtest/gtest.h>

#include <string>

#include "sim/printer/escpos_status.h"

namespace chainslip::escpos {
namespace {

using Kind = StatusStream::Event::Kind;

std::string show(const StatusStream::Event& e) {
  char buf[64];
  switch (e.kind) {
    case Kind::kRealtimeReply:
      std::snprintf(buf, sizeof buf, "eot%d:%02x", static_cast<int>(e.query), e.bytes[0]);
      break;
    case Kind::kPaperStatusReply:
      std::snprintf(buf, sizeof buf, "gsr:%02x", e.bytes[0]);
      break;
    case Kind::kAsbFrame:
      std::snprintf(buf, sizeof buf, "asb:%02x%02x%02x%02x", e.bytes[0], e.bytes[1], e.bytes[2], e.bytes[3]);
      break;
  }
  return buf;
}

std::vector<std::string> show(const std::vector<StatusStream::Event>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(show(e));
  return out;
}

sim::PrinterStatus paper_out() {
  sim::PrinterStatus s;
  s.offline = s.paper_out = true;
  return s;
}

// What the driver asked, in order: a probe round, two sync markers.
void expect_probe_and_two_syncs(StatusStream& stream) {
  for (auto n : {RealtimeStatus::kPrinter, RealtimeStatus::kOffline, RealtimeStatus::kError,
                 RealtimeStatus::kPaper}) {
    stream.expect_realtime_reply(n);
  }
  stream.expect_paper_status_reply();
  stream.expect_paper_status_reply();
}

// What the printer sent: replies to the probe interleaved with ASB frames
// and GS r replies, as a busy printer running out of paper does.
Bytes interleaved_replies() {
  const sim::PrinterStatus ok{};
  const auto asb_ok = sim::asb_frame(ok);
  const auto asb_out = sim::asb_frame(paper_out());
  Bytes b;
  b.insert(b.end(), asb_ok.begin(), asb_ok.end());  // GS a's first frame
  b.push_back(*sim::dle_eot_reply(1, ok));
  b.push_back(*sim::gs_r_reply(1, ok));
  b.push_back(*sim::dle_eot_reply(2, ok));
  b.insert(b.end(), asb_out.begin(), asb_out.end());
  b.push_back(*sim::dle_eot_reply(3, paper_out()));
  b.push_back(*sim::dle_eot_reply(4, paper_out()));
  b.push_back(*sim::gs_r_reply(1, paper_out()));
  return b;
}

const std::vector<std::string> kInterleavedEvents = {
    "asb:10000000", "eot1:12", "gsr:00", "eot2:12", "asb:18000f00", "eot3:12", "eot4:7e", "gsr:0f",
};

TEST(StatusStreamTest, EachReplyKindAlone) {
  StatusStream s;
  s.expect_realtime_reply(RealtimeStatus::kOffline);
  EXPECT_EQ(show(s.push(Bytes{0x32})), std::vector<std::string>{"eot2:32"});
  s.expect_paper_status_reply();
  EXPECT_EQ(show(s.push(Bytes{0x03})), std::vector<std::string>{"gsr:03"});
  EXPECT_EQ(show(s.push(Bytes{0x10, 0x08, 0x03, 0x00})), std::vector<std::string>{"asb:10080300"});
  EXPECT_EQ(s.realtime_replies_due(), 0u);
  EXPECT_EQ(s.paper_status_replies_due(), 0u);
  EXPECT_EQ(s.skipped_bytes(), 0u);
}

TEST(StatusStreamTest, InterleavedRepliesInOneChunk) {
  StatusStream s;
  expect_probe_and_two_syncs(s);
  EXPECT_EQ(show(s.push(interleaved_replies())), kInterleavedEvents);
  EXPECT_EQ(s.skipped_bytes(), 0u);
}

TEST(StatusStreamTest, SplitAtEveryByteBoundary) {
  const Bytes all = interleaved_replies();
  for (std::size_t cut1 = 0; cut1 <= all.size(); ++cut1) {
    for (std::size_t cut2 = cut1; cut2 <= all.size(); ++cut2) {
      StatusStream s;
      expect_probe_and_two_syncs(s);
      auto events = show(s.push(ByteView(all).first(cut1)));
      for (auto& e : show(s.push(ByteView(all).subspan(cut1, cut2 - cut1)))) events.push_back(e);
      for (auto& e : show(s.push(ByteView(all).subspan(cut2)))) events.push_back(e);
      EXPECT_EQ(events, kInterleavedEvents) << cut1 << "," << cut2;
      EXPECT_EQ(s.skipped_bytes(), 0u);
    }
  }
}

TEST(StatusStreamTest, AsbBodyIsNeverTakenForAPaperStatusReply) {
  StatusStream s;
  s.expect_paper_status_reply();
  // Bytes 2-4 of the frame have bit 4 clear like a GS r reply; the frame's
  // header decides. The GS r reply comes after.
  EXPECT_EQ(show(s.push(Bytes{0x10, 0x00, 0x03, 0x00, 0x03})),
            (std::vector<std::string>{"asb:10000300", "gsr:03"}));
}

TEST(StatusStreamTest, RepliesNobodyAskedForAreSkipped) {
  StatusStream s;
  // A DLE EOT reply and a GS r reply with nothing due (a query given up on).
  EXPECT_TRUE(s.push(Bytes{0x12, 0x00}).empty());
  EXPECT_EQ(s.skipped_bytes(), 2u);
  s.expect_realtime_reply(RealtimeStatus::kPrinter);
  s.forget_realtime_replies();
  s.expect_paper_status_reply();
  s.forget_paper_status_replies();
  EXPECT_TRUE(s.push(Bytes{0x12, 0x0c}).empty());
  EXPECT_EQ(s.skipped_bytes(), 4u);
}

TEST(StatusStreamTest, GarbageIsCountedAndTheStreamResynchronises) {
  StatusStream s;
  s.expect_realtime_reply(RealtimeStatus::kPrinter);
  s.expect_paper_status_reply();
  // 0xff and 0x80 fit nothing; a half ASB frame cut off by a DLE EOT reply
  // is dropped and the reply still read; then a whole frame and a GS r reply.
  const Bytes noisy = {0xff, 0x80, 0x10, 0x00, 0x12, 0x91, 0x10, 0x08, 0x0c, 0x00, 0x0c};
  EXPECT_EQ(show(s.push(noisy)), (std::vector<std::string>{"eot1:12", "asb:10080c00", "gsr:0c"}));
  EXPECT_EQ(s.skipped_bytes(), 5u);  // ff 80, the half frame 10 00, 91
}

TEST(StatusStreamTest, NoiseNeverCrashesAndCountsEveryByte) {
  StatusStream s;
  std::uint32_t x = 12345;
  std::size_t events = 0;
  Bytes noise(4096);
  for (auto& b : noise) {
    x = x * 1103515245u + 12345u;
    b = static_cast<std::uint8_t>(x >> 16);
  }
  for (int i = 0; i < 100; ++i) s.expect_realtime_reply(RealtimeStatus::kPaper);
  for (std::size_t i = 0; i < noise.size(); i += 7) {
    const auto chunk = ByteView(noise).subspan(i, std::min<std::size_t>(7, noise.size() - i));
    for (const auto& e : s.push(chunk)) events += e.kind == Kind::kAsbFrame ? 4 : 1;
  }
  // Every byte is either part of an event, skipped, or in a frame still open.
  EXPECT_LE(events + s.skipped_bytes(), noise.size());
  EXPECT_GE(events + s.skipped_bytes() + 3, noise.size());
}

TEST(StatusStreamTest, ResetForgetsWhatWasDueAndHalfFrames) {
  StatusStream s;
  s.expect_realtime_reply(RealtimeStatus::kPrinter);
  s.expect_paper_status_reply();
  EXPECT_TRUE(s.push(Bytes{0x10, 0x00}).empty());
  s.reset();
  EXPECT_EQ(s.realtime_replies_due(), 0u);
  EXPECT_EQ(s.paper_status_replies_due(), 0u);
  // The old frame's tail is not glued to a new one.
  EXPECT_EQ(show(s.push(Bytes{0x10, 0x08, 0x00, 0x00})), std::vector<std::string>{"asb:10080000"});
}

// A new link whose peer is not yet known to be a printer: what a web server
// answers is no status at all, and says so once, with the byte that showed it.
TEST(StatusStreamTest, APeerThatAnswersHttpIsForeignAndYieldsNoEvents) {
  StatusStream s;
  s.identify_peer();
  expect_probe_and_two_syncs(s);
  const std::string http = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
  EXPECT_TRUE(s.push(as_bytes(http)).empty());
  ASSERT_TRUE(s.foreign_byte().has_value());
  EXPECT_EQ(*s.foreign_byte(), 'T');  // 'H' could be a GS r reply; 'T' starts an ASB frame 'T' cannot continue
  EXPECT_TRUE(s.push(Bytes{0x12, 0x12, 0x12, 0x12}).empty());  // nothing more until reset()
  s.reset();
  EXPECT_FALSE(s.foreign_byte().has_value());
}

// Split anywhere, the answer is still foreign, and none of it is an event.
TEST(StatusStreamTest, AnHttpAnswerSplitAnywhereIsForeign) {
  const std::string text = "HTTP/1.1 400 Bad Request\r\n";
  const ByteView http = as_bytes(text);
  for (std::size_t cut = 0; cut <= http.size(); ++cut) {
    StatusStream s;
    s.identify_peer();
    expect_probe_and_two_syncs(s);
    auto events = s.push(http.first(cut));
    const auto rest = s.push(http.subspan(cut));
    events.insert(events.end(), rest.begin(), rest.end());
    EXPECT_TRUE(events.empty()) << cut;
    EXPECT_TRUE(s.foreign_byte().has_value()) << cut;
  }
}

// Each byte no ESC/POS printer would send first is foreign: a DLE EOT reply
// with bit 7 or bit 0 set, one nobody asked for, an ASB frame cut short.
TEST(StatusStreamTest, WrongFixedBitsUnaskedRepliesAndCutFramesAreForeignWhileIdentifying) {
  struct Case {
    Bytes bytes;
    bool reply_due;
  };
  for (const Case& c : {Case{{0x92}, true}, Case{{0x13}, true}, Case{{0x12}, false}, Case{{0x10, 0x00, 0x12}, true}}) {
    StatusStream s;
    s.identify_peer();
    if (c.reply_due) s.expect_realtime_reply(RealtimeStatus::kPrinter);
    EXPECT_TRUE(s.push(c.bytes).empty());
    EXPECT_TRUE(s.foreign_byte().has_value()) << static_cast<int>(c.bytes[0]);
  }
  // The same bytes on a link whose peer is known: skipped, never foreign.
  StatusStream known;
  EXPECT_TRUE(known.push(Bytes{0x92, 0x13, 0x12}).empty());
  EXPECT_FALSE(known.foreign_byte().has_value());
  EXPECT_EQ(known.skipped_bytes(), 3u);
}

// A printer's first round identifies it: what it sends is read as before,
// in order, however it is split (held back until the round is whole), and
// later noise is only skipped, never taken for another kind of peer.
TEST(StatusStreamTest, APrintersFirstRoundIdentifiesItAndLaterNoiseIsOnlySkipped) {
  const Bytes all = interleaved_replies();
  for (std::size_t cut = 0; cut <= all.size(); ++cut) {
    StatusStream s;
    s.identify_peer();
    expect_probe_and_two_syncs(s);
    auto events = show(s.push(ByteView(all).first(cut)));
    if (cut <= 12) {  // byte 12 is the DLE EOT 4 reply that ends the round
      EXPECT_TRUE(events.empty()) << cut;
    }
    for (auto& e : show(s.push(ByteView(all).subspan(cut)))) events.push_back(e);
    EXPECT_EQ(events, kInterleavedEvents) << cut;
    EXPECT_FALSE(s.foreign_byte().has_value());
    EXPECT_TRUE(s.push(Bytes{0xff, 0x80, 0x92}).empty());
    EXPECT_FALSE(s.foreign_byte().has_value());
    EXPECT_EQ(s.skipped_bytes(), 3u);
  }
}

}  // namespace
}  // namespace chainslip::escpos

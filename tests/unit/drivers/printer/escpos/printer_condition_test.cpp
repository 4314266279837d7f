#include "drivers/printer/escpos/printer_condition.h"

#include <gtest/gtest.h>

#include "sim/printer/escpos_status.h"

namespace chainslip::escpos {
namespace {

using sim::PrinterStatus;

// The virtual printer's encoder (Epson's layouts) against the driver's
// parsers: every fault alone and all together.
std::vector<PrinterStatus> statuses() {
  std::vector<PrinterStatus> out;
  out.push_back({});
  PrinterStatus s;
  s.paper_near_end = true;
  out.push_back(s);
  s = {};
  s.paper_out = true;
  s.offline = true;
  out.push_back(s);
  s = {};
  s.cover_open = true;
  s.offline = true;
  out.push_back(s);
  s = {};
  s.cutter_error = true;
  s.offline = true;
  out.push_back(s);
  s = {true, true, true, true, true, true};
  out.push_back(s);
  return out;
}

void expect_matches(const PrinterCondition& c, const PrinterStatus& s) {
  EXPECT_TRUE(c.connected);
  EXPECT_EQ(c.online, !s.offline);
  EXPECT_EQ(c.cover_open, s.cover_open);
  EXPECT_EQ(c.paper_out, s.paper_out);
  // An empty roll trips the near-end sensor too; the condition names the worse.
  EXPECT_EQ(c.paper_near_end, s.paper_near_end && !s.paper_out);
  EXPECT_EQ(c.cutter_error, s.cutter_error);
  EXPECT_FALSE(c.mechanical_error);
  EXPECT_FALSE(c.unrecoverable_error);
}

TEST(PrinterConditionTest, FourRealtimeRepliesGiveTheWholeCondition) {
  for (const PrinterStatus& s : statuses()) {
    PrinterCondition c;
    for (std::uint8_t n = 1; n <= 4; ++n) {
      auto next = apply_realtime_reply(c, static_cast<RealtimeStatus>(n), *sim::dle_eot_reply(n, s));
      ASSERT_TRUE(next.ok()) << next.error().message;
      c = *next;
    }
    expect_matches(c, s);
  }
}

TEST(PrinterConditionTest, EachRealtimeReplyChangesOnlyItsOwnFields) {
  PrinterCondition all_bad;
  all_bad.connected = true;
  all_bad.online = false;
  all_bad.cover_open = all_bad.paper_out = all_bad.cutter_error = all_bad.mechanical_error = true;
  // DLE EOT 4 says the paper is fine; it knows nothing of the cover or cutter.
  auto c = apply_realtime_reply(all_bad, RealtimeStatus::kPaper, 0x12);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->paper_out);
  EXPECT_TRUE(c->cover_open);
  EXPECT_TRUE(c->cutter_error);
  EXPECT_TRUE(c->mechanical_error);
  EXPECT_FALSE(c->online);
  c = apply_realtime_reply(all_bad, RealtimeStatus::kPrinter, 0x12);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->online);
  EXPECT_TRUE(c->cover_open);
}

TEST(PrinterConditionTest, RealtimeBitsAsEpsonDefinesThem) {
  auto c = apply_realtime_reply({}, RealtimeStatus::kError, 0x12 | 0x04 | 0x20 | 0x40);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->mechanical_error);
  EXPECT_FALSE(c->cutter_error);
  EXPECT_TRUE(c->unrecoverable_error);
  EXPECT_TRUE(c->auto_recoverable_error);
  c = apply_realtime_reply({}, RealtimeStatus::kPrinter, 0x12 | 0x40);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->online);
  EXPECT_TRUE(c->feed_button);
  // Printers that set only one of the two sensor bits are understood.
  c = apply_realtime_reply({}, RealtimeStatus::kPaper, 0x12 | 0x04);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->paper_near_end);
  c = apply_realtime_reply({}, RealtimeStatus::kPaper, 0x12 | 0x40);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->paper_out);
}

TEST(PrinterConditionTest, RejectsBytesThatCannotBeARealtimeReply) {
  for (int b = 0; b < 256; ++b) {
    const auto byte = static_cast<std::uint8_t>(b);
    const bool fixed_bits_ok = (b & 0x93) == 0x12;
    for (std::uint8_t n = 1; n <= 4; ++n) {
      EXPECT_EQ(apply_realtime_reply({}, static_cast<RealtimeStatus>(n), byte).ok(), fixed_bits_ok) << b;
    }
  }
  auto bad_n = apply_realtime_reply({}, static_cast<RealtimeStatus>(7), 0x12);
  ASSERT_FALSE(bad_n.ok());
  EXPECT_EQ(bad_n.code(), ErrorCode::kInvalidArgument);
}

TEST(PrinterConditionTest, PaperStatusReplies) {
  for (const PrinterStatus& s : statuses()) {
    PrinterCondition base;
    base.cover_open = true;  // not the paper sensor's business
    auto c = apply_paper_status_reply(base, *sim::gs_r_reply(1, s));
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->paper_out, s.paper_out);
    EXPECT_EQ(c->paper_near_end, s.paper_near_end && !s.paper_out);
    EXPECT_TRUE(c->cover_open);
  }
  for (int b = 0; b < 256; ++b) {
    EXPECT_EQ(apply_paper_status_reply({}, static_cast<std::uint8_t>(b)).ok(), (b & 0x90) == 0) << b;
  }
}

TEST(PrinterConditionTest, AsbFrames) {
  for (const PrinterStatus& s : statuses()) {
    auto c = parse_asb_frame(sim::asb_frame(s));
    ASSERT_TRUE(c.ok()) << c.error().message;
    expect_matches(*c, s);
  }
  auto c = parse_asb_frame({0x10 | 0x40, 0x04 | 0x20 | 0x40, 0x00, 0x00});
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->feed_button);
  EXPECT_TRUE(c->mechanical_error);
  EXPECT_TRUE(c->unrecoverable_error);
  EXPECT_TRUE(c->auto_recoverable_error);
}

TEST(PrinterConditionTest, RejectsFramesWithWrongFixedBits) {
  const AsbFrame good = sim::asb_frame({});
  for (std::size_t i = 0; i < good.size(); ++i) {
    for (int fixed : {0x01, 0x02, 0x10, 0x80}) {
      AsbFrame bad = good;
      bad[i] = static_cast<std::uint8_t>(bad[i] ^ fixed);
      // Bits 0 and 1 of the last three bytes are sensor bits, not fixed.
      const bool still_valid = i > 0 && fixed < 0x10;
      auto c = parse_asb_frame(bad);
      EXPECT_EQ(c.ok(), still_valid) << i << " " << fixed;
      if (!c.ok()) {
        EXPECT_NE(c.error().message.find("ASB"), std::string::npos);
      }
    }
  }
}

TEST(PrinterConditionTest, CodesNameTheMostPressingCause) {
  PrinterCondition c;
  EXPECT_EQ(condition_code(c), PrinterConditionCode::kDisconnected);
  c.connected = true;
  c.online = true;
  EXPECT_EQ(condition_code(c), PrinterConditionCode::kOk);
  c.paper_near_end = true;
  EXPECT_EQ(condition_code(c), PrinterConditionCode::kPaperNearEnd);
  c.online = false;
  EXPECT_EQ(condition_code(c), PrinterConditionCode::kOffline);
  c.paper_out = true;
  EXPECT_EQ(condition_code(c), PrinterConditionCode::kPaperOut);
  c.cover_open = true;
  EXPECT_EQ(condition_code(c), PrinterConditionCode::kCoverOpen);
  c.cutter_error = true;
  EXPECT_EQ(condition_code(c), PrinterConditionCode::kCutterError);
  c.unrecoverable_error = true;
  EXPECT_EQ(condition_code(c), PrinterConditionCode::kUnrecoverableError);
}

TEST(PrinterConditionTest, DescriptionsSayWhatToDo) {
  PrinterCondition c;
  EXPECT_EQ(describe_condition(c), "disconnected: check the printer's cable and power");
  c.connected = true;
  c.online = true;
  EXPECT_EQ(describe_condition(c), "online");
  c.online = false;
  c.paper_out = true;
  c.cover_open = true;
  EXPECT_EQ(describe_condition(c), "offline: cover open (close it), paper out (load a new roll)");
  EXPECT_TRUE(needs_operator(c));
  EXPECT_FALSE(has_error(c));
  c = {};
  c.cutter_error = true;
  EXPECT_TRUE(has_error(c));
}

}  // namespace
}  // namespace chainslip::escpos

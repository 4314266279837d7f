#include "drivers/transport/usb_out_progress.h"

#include <gtest/gtest.h>

namespace chainslip {
namespace {

using Next = UsbOutProgress::Next;
using Outcome = UsbTransferOutcome;

TEST(UsbOutProgressTest, IdleUntilStarted) {
  UsbOutProgress p;
  EXPECT_FALSE(p.busy());
  EXPECT_EQ(p.pending_unsent(), 0u);
  p.start(100);
  EXPECT_TRUE(p.busy());
  EXPECT_EQ(p.offset(), 0u);
  EXPECT_EQ(p.pending_unsent(), 100u);
}

TEST(UsbOutProgressTest, CompletedChunkIsDone) {
  UsbOutProgress p;
  p.start(100);
  EXPECT_EQ(p.on_transfer_done(Outcome::kCompleted, 100), Next::kDone);
  EXPECT_FALSE(p.busy());
  EXPECT_EQ(p.pending_unsent(), 0u);
}

TEST(UsbOutProgressTest, TimeoutsCountWhatWentAndResendOnlyTheRest) {
  UsbOutProgress p;
  p.start(100);
  EXPECT_EQ(p.on_transfer_done(Outcome::kTimedOut, 30), Next::kResubmit);
  EXPECT_EQ(p.offset(), 30u);  // the next transfer starts after what went
  EXPECT_EQ(p.pending_unsent(), 70u);
  EXPECT_EQ(p.on_transfer_done(Outcome::kTimedOut, 0), Next::kResubmit);  // printer still busy
  EXPECT_EQ(p.offset(), 30u);
  EXPECT_EQ(p.on_transfer_done(Outcome::kTimedOut, 70), Next::kDone);  // the rest went just as it timed out
  EXPECT_FALSE(p.busy());
}

TEST(UsbOutProgressTest, AShortCompletionResendsTheRest) {
  UsbOutProgress p;
  p.start(64);
  EXPECT_EQ(p.on_transfer_done(Outcome::kCompleted, 60), Next::kResubmit);
  EXPECT_EQ(p.offset(), 60u);
  EXPECT_EQ(p.on_transfer_done(Outcome::kCompleted, 4), Next::kDone);
}

TEST(UsbOutProgressTest, StallClearsTheHaltAndKeepsTheRest) {
  UsbOutProgress p;
  p.start(100);
  EXPECT_EQ(p.on_transfer_done(Outcome::kStalled, 20), Next::kClearHalt);
  EXPECT_TRUE(p.busy());
  EXPECT_EQ(p.offset(), 20u);
  EXPECT_EQ(p.on_transfer_done(Outcome::kCompleted, 80), Next::kDone);
}

TEST(UsbOutProgressTest, StallAfterTheLastByteNeedsNoResend) {
  UsbOutProgress p;
  p.start(10);
  EXPECT_EQ(p.on_transfer_done(Outcome::kStalled, 10), Next::kClearHalt);
  EXPECT_FALSE(p.busy());
  EXPECT_EQ(p.pending_unsent(), 0u);
}

TEST(UsbOutProgressTest, RepeatedStallsWithoutProgressLoseTheLink) {
  UsbOutProgress p;
  p.start(100);
  for (int i = 0; i < UsbOutProgress::kMaxConsecutiveStalls; ++i) {
    EXPECT_EQ(p.on_transfer_done(Outcome::kStalled, 0), Next::kClearHalt) << i;
  }
  EXPECT_EQ(p.on_transfer_done(Outcome::kStalled, 0), Next::kLinkLost);
  EXPECT_EQ(p.pending_unsent(), 100u);
}

TEST(UsbOutProgressTest, ProgressResetsTheStallCount) {
  UsbOutProgress p;
  p.start(100);
  for (int round = 0; round < 4; ++round) {
    for (int i = 0; i < UsbOutProgress::kMaxConsecutiveStalls - 1; ++i) {
      EXPECT_EQ(p.on_transfer_done(Outcome::kStalled, 0), Next::kClearHalt);
    }
    EXPECT_EQ(p.on_transfer_done(Outcome::kStalled, 1), Next::kClearHalt);  // a byte moved
  }
  EXPECT_EQ(p.offset(), 4u);
}

TEST(UsbOutProgressTest, LinkLostKeepsWhatWentAndReportsTheRest) {
  UsbOutProgress p;
  p.start(100);
  EXPECT_EQ(p.on_transfer_done(Outcome::kTimedOut, 25), Next::kResubmit);
  EXPECT_EQ(p.on_transfer_done(Outcome::kLinkLost, 15), Next::kLinkLost);
  EXPECT_EQ(p.offset(), 40u);
  EXPECT_EQ(p.pending_unsent(), 60u);  // exactly the last 60 accepted bytes never went
}

TEST(UsbOutProgressTest, CancelledCountsWhatMovedAndStops) {
  UsbOutProgress p;
  p.start(100);
  EXPECT_EQ(p.on_transfer_done(Outcome::kCancelled, 48), Next::kStop);
  EXPECT_EQ(p.pending_unsent(), 52u);
}

TEST(UsbOutProgressTest, NeverCountsMoreThanWasAsked) {
  UsbOutProgress p;
  p.start(10);
  EXPECT_EQ(p.on_transfer_done(Outcome::kTimedOut, 4), Next::kResubmit);
  EXPECT_EQ(p.on_transfer_done(Outcome::kCompleted, 1000), Next::kDone);
  EXPECT_EQ(p.pending_unsent(), 0u);
}

TEST(UsbOutProgressTest, ClearForgetsTheChunk) {
  UsbOutProgress p;
  p.start(10);
  p.clear();
  EXPECT_FALSE(p.busy());
  EXPECT_EQ(p.pending_unsent(), 0u);
}

}  // namespace
}  // namespace chainslip

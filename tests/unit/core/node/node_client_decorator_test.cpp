// The two NodeClient decorators over one relay(): the service's timing of
// node requests (TimedNodeClient, for the metrics) and the simulator's
// network faults (FaultyNodeClient), in front of an inner client the test
// answers by hand.

#include "core/node/node_client_decorator.h"

#include <gtest/gtest.h>

#include <deque>

#include "firmware/service/timed_node_client.h"
#include "sim/app/kiosk/faulty_node_client.h"

namespace chainslip {
namespace {

using std::chrono::milliseconds;

// Keeps each get_info request until the test answers it.
class HeldNodeClient final : public NodeClient {
 public:
  void get_info(Callback<NodeInfo> done) override { info_.push_back(std::move(done)); }
  void get_receipt_bundle(const std::string&, const std::string&, const std::string&,
                          Callback<ReceiptBundle>) override {}
  void get_receipt_status(const std::string&, const std::string&, const std::string&,
                          Callback<ReceiptStatusView>) override {}
  void get_validator_set_changes(Callback<std::vector<ValidatorSetChange>>) override {}
  void submit_transaction(const Transaction&, Callback<SubmitAnswer>) override {}
  void lookup_transaction(const Digest&, Callback<TxLookup>) override {}
  void get_device_activity(const std::string&, Callback<DeviceActivity>) override {}
  void cancel_all() override { info_.clear(); }
  std::vector<PollInterest> poll_interests() const override { return {}; }
  void process_events() override {}

  std::size_t waiting() const { return info_.size(); }
  void answer(Result<NodeInfo> answer) {
    Callback<NodeInfo> done = std::move(info_.front());
    info_.pop_front();
    done(std::move(answer));
  }

 private:
  std::deque<Callback<NodeInfo>> info_;
};

struct Told {
  std::vector<Result<NodeInfo>> answers;
  NodeClient::Callback<NodeInfo> callback() {
    return [this](Result<NodeInfo> r) { answers.push_back(std::move(r)); };
  }
};

TEST(TimedNodeClientTest, EachAnswerIsTimedAndPassedOnUnchanged) {
  HeldNodeClient inner;
  ManualClock clock;
  std::vector<std::pair<milliseconds, bool>> observed;
  TimedNodeClient timed(inner, clock, [&](milliseconds took, bool ok) { observed.emplace_back(took, ok); });
  Told told;
  timed.get_info(told.callback());
  timed.get_info(told.callback());
  ASSERT_EQ(inner.waiting(), 2u);
  clock.advance(milliseconds(30));
  inner.answer(NodeInfo{.chain_id = "c1", .height = 7});
  clock.advance(milliseconds(20));
  inner.answer(make_error(ErrorCode::kUnavailable, "refused"));
  ASSERT_EQ(told.answers.size(), 2u);
  EXPECT_EQ(told.answers[0]->chain_id, "c1");
  EXPECT_EQ(told.answers[0]->height, 7u);
  EXPECT_EQ(told.answers[1].code(), ErrorCode::kUnavailable);
  EXPECT_EQ(observed, (std::vector<std::pair<milliseconds, bool>>{{milliseconds(30), true}, {milliseconds(50), false}}));
}

TEST(FaultyNodeClientTest, DownFailsAtOnceWithoutAskingTheNode) {
  HeldNodeClient inner;
  ManualClock clock;
  simapp::FaultyNodeClient faulty(inner, clock, milliseconds(1000));
  faulty.set_down(true);
  Told told;
  faulty.get_info(told.callback());
  EXPECT_EQ(inner.waiting(), 0u);
  EXPECT_EQ(faulty.next_timeout(), milliseconds(0));
  faulty.process_events();
  ASSERT_EQ(told.answers.size(), 1u);
  EXPECT_EQ(told.answers[0].code(), ErrorCode::kUnavailable);
}

TEST(FaultyNodeClientTest, SlowHoldsTheAnswerUntilItsDelay) {
  HeldNodeClient inner;
  ManualClock clock;
  simapp::FaultyNodeClient faulty(inner, clock, milliseconds(1000));
  faulty.set_delay(milliseconds(300));
  Told told;
  faulty.get_info(told.callback());
  inner.answer(NodeInfo{.chain_id = "c1"});
  faulty.process_events();
  EXPECT_TRUE(told.answers.empty());
  EXPECT_EQ(faulty.next_timeout(), milliseconds(300));
  clock.advance(milliseconds(300));
  faulty.process_events();
  ASSERT_EQ(told.answers.size(), 1u);
  EXPECT_EQ(told.answers[0]->chain_id, "c1");
}

TEST(FaultyNodeClientTest, TooSlowTimesOutAndTheLateAnswerIsDropped) {
  HeldNodeClient inner;
  ManualClock clock;
  simapp::FaultyNodeClient faulty(inner, clock, milliseconds(1000));
  faulty.set_delay(milliseconds(1000));
  Told told;
  faulty.get_info(told.callback());
  ASSERT_EQ(inner.waiting(), 1u);  // the request still goes out
  clock.advance(milliseconds(1000));
  faulty.process_events();
  ASSERT_EQ(told.answers.size(), 1u);
  EXPECT_EQ(told.answers[0].code(), ErrorCode::kDeadlineExceeded);
  inner.answer(NodeInfo{});
  faulty.process_events();
  EXPECT_EQ(told.answers.size(), 1u);
}

TEST(FaultyNodeClientTest, CancelAllDropsHeldAnswersAndAnswersStillOnTheirWay) {
  HeldNodeClient inner;
  ManualClock clock;
  simapp::FaultyNodeClient faulty(inner, clock, milliseconds(1000));
  faulty.set_delay(milliseconds(100));
  Told told;
  faulty.get_info(told.callback());
  faulty.get_info(told.callback());
  inner.answer(NodeInfo{});  // held for 100 ms
  faulty.cancel_all();       // also drops the second, still at the node
  clock.advance(milliseconds(200));
  faulty.process_events();
  EXPECT_TRUE(told.answers.empty());
}

}  // namespace
}  // namespace chainslip

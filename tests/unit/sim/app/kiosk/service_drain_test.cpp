#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "sim/app/kiosk/simulated_kiosk.h"

namespace chainslip::simapp {
namespace {

using namespace std::chrono_literals;

// A stop (SIGTERM: a restart, an upgrade) lets the ticket under way finish
// (chainslipd bounds the wait with kiosk.stop_drain_s) and confirms nothing new.
class ServiceDrainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto kiosk = SimulatedKiosk::start({});
    ASSERT_TRUE(kiosk.ok()) << kiosk.error().message;
    kiosk_ = std::move(kiosk).value();
  }

  void show_receipt(std::size_t i) {
    Result<bool> reacted = kiosk_->present(kiosk_->payloads().at(i), "clean", 5s);
    ASSERT_TRUE(reacted.ok() && *reacted);
    Result<bool> verified = kiosk_->wait_for({"verified"}, 10s);
    ASSERT_TRUE(verified.ok() && *verified) << kiosk_->shown();
    ASSERT_TRUE(run_until([&] { return kiosk_->paper_printer().state().ready; }, 10s));
  }

  // Runs until `pred` or `limit` of simulated time.
  bool run_until(const std::function<bool()>& pred, std::chrono::milliseconds limit) {
    for (auto t = 0ms; t < limit; t += 50ms) {
      if (pred()) return true;
      Status ran = kiosk_->advance(50ms);
      EXPECT_TRUE(ran.ok()) << ran.error().message;
      if (!ran.ok()) return false;
    }
    return pred();
  }

  std::unique_ptr<SimulatedKiosk> kiosk_;
};

TEST_F(ServiceDrainTest, AnIdleKioskStopsAtOnce) {
  ASSERT_TRUE(run_until([&] { return !kiosk_->service().busy(); }, 10s));  // boot recovery over
  bool drained = false;
  kiosk_->service().drain([&] { drained = true; });
  EXPECT_TRUE(drained);
}

TEST_F(ServiceDrainTest, AStopMidPrintWaitsForTheTicketThenConfirmsNothingNew) {
  show_receipt(0);
  ASSERT_TRUE(kiosk_->act(ChooseEvent{ExchangeReason::kRefund}).ok());
  ASSERT_TRUE(kiosk_->act(ConfirmEvent{ExchangeReason::kRefund}).ok());
  ASSERT_TRUE(run_until([&] { return kiosk_->printer().paper().height() > 100; }, 30s)) << kiosk_->view().dump();
  ASSERT_TRUE(kiosk_->printer().paper().cuts().empty());  // mid-ticket

  bool drained = false;
  kiosk_->service().drain([&] { drained = true; });
  EXPECT_FALSE(drained);
  ASSERT_TRUE(run_until([&] { return drained; }, 30s));
  // The ticket came out whole, and the exchange ended printed, not voided.
  EXPECT_EQ(kiosk_->printer().paper().cuts().size(), 1u);
  EXPECT_EQ(kiosk_->shown(), "done");

  // Until the process exits, a new confirmation is refused in plain words.
  show_receipt(1);
  ASSERT_TRUE(kiosk_->act(ChooseEvent{ExchangeReason::kRefund}).ok());
  ASSERT_TRUE(kiosk_->act(ConfirmEvent{ExchangeReason::kRefund}).ok());
  EXPECT_EQ(kiosk_->shown(), "verified");
  EXPECT_NE(kiosk_->view()["message_zh"].get<std::string>().find("正在重启"), std::string::npos)
      << kiosk_->view().dump();
}

}  // namespace
}  // namespace chainslip::simapp

// A kiosk whose journal.db was replaced by a new, empty one (or restored from
// an old backup) while the chain already holds its transactions: the whole
// kiosk service on simulated devices (SimulatedKiosk) must stop exchanging,
// tell the operator why, and still verify receipts.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "core/receipt/receipt_code.h"
#include "sim/app/kiosk/simulated_kiosk.h"

namespace chainslip::simapp {
namespace {

using std::chrono::seconds;

constexpr const char* kPaperCode = "33010199";  // KioskConfig's default paper stock

// What the chain saw from the kiosk before its journal was replaced: a
// conversion with nonce 3 and paper 33010199-0000000003, sealed.
Status kiosk_converted_before(sim::ChainNode& node) {
  const std::uint64_t t = SimulatedKiosk::kKioskStartMs / 1000;
  CS_ASSIGN_OR_RETURN(DeviceIdentity kiosk,
                      node.make_device(SimulatedKiosk::kKioskId, "门诊大厅", t - 86'400, t + 86'400));
  const ReceiptCode code = node.sample_codes(1).front();
  CS_ASSIGN_OR_RETURN(Receipt receipt, node.receipt(code.code, code.number));
  CS_ASSIGN_OR_RETURN(Transaction tx,
                      make_convert_tx(node.chain_id(), receipt, {kPaperCode, "0000000003"}, "refund",
                                      "自助机", t - 60, 3, kiosk.certificate, kiosk.key));
  if (SubmitAnswer r = node.submit(tx); !r.accepted()) {
    return make_error(ErrorCode::kInternal, "the earlier conversion was refused: " + r.message);
  }
  Result<sim::SealReport> sealed = node.seal_block(SimulatedKiosk::kKioskStartMs - 1000);
  if (!sealed.ok()) return sealed.error();
  return {};
}

class JournalBehindChainTest : public ::testing::Test {
 protected:
  void start(bool converted_before) {
    SimulatedKioskOptions o;
    o.on_log = [this](std::chrono::milliseconds, const std::string& line) { lines_.push_back(line); };
    if (converted_before) {
      o.before_start = [](const std::string&, sim::ChainNode& node) { return kiosk_converted_before(node); };
    }
    auto kiosk = SimulatedKiosk::start(std::move(o));
    ASSERT_TRUE(kiosk.ok()) << kiosk.error().message;
    kiosk_ = std::move(kiosk).value();
    ASSERT_TRUE(kiosk_->advance(seconds(2)).ok());  // boot recovery, then the node is asked
  }
  std::vector<std::string> lines_starting(const std::string& prefix) const {
    std::vector<std::string> out;
    for (const auto& l : lines_) {
      if (l.rfind(prefix, 0) == 0) out.push_back(l);
    }
    return out;
  }
  // Presents a receipt the chain's earlier conversion did not touch.
  void verify_a_receipt() {
    auto seen = kiosk_->present(kiosk_->payloads().back(), "clean", seconds(10));
    ASSERT_TRUE(seen.ok()) << seen.error().message;
    auto verified = kiosk_->wait_for({"verified"}, seconds(10));
    ASSERT_TRUE(verified.ok() && *verified) << "shown: " << kiosk_->shown();
  }
  bool confirm_offered() const {
    const auto actions = kiosk_->view().at("actions").get<std::vector<std::string>>();
    return std::find(actions.begin(), actions.end(), "confirm_refund") != actions.end();
  }

  std::vector<std::string> lines_;
  std::unique_ptr<SimulatedKiosk> kiosk_;
};

TEST_F(JournalBehindChainTest, AReplacedJournalStopsExchangesButReceiptsStillVerify) {
  start(true);
  const std::vector<std::string> errors = lines_starting("error: ");
  ASSERT_EQ(errors.size(), 1u) << "no operator ERROR about the journal";
  for (const char* part :
       {"KIOSK-SIM-01", "journal.db", "nonce 3", "nonce 1 next", "33010199-0000000003", "33010199-0000000001",
        "Restore this kiosk's latest journal.db", "contact support"}) {
    EXPECT_NE(errors[0].find(part), std::string::npos) << part << " not in: " << errors[0];
  }

  verify_a_receipt();
  EXPECT_FALSE(confirm_offered()) << kiosk_->view().dump();
  EXPECT_NE(kiosk_->view().at("message_zh").get<std::string>().find("本机暂停换开纸质票据"), std::string::npos)
      << kiosk_->view().dump();
  EXPECT_NE(kiosk_->view().at("message_en").get<std::string>().find("service desk"), std::string::npos);

  // A confirmation sent anyway changes nothing on chain.
  ASSERT_TRUE(kiosk_->act(ChooseEvent{ExchangeReason::kRefund}).ok());
  ASSERT_TRUE(kiosk_->act(ConfirmEvent{ExchangeReason::kRefund}).ok());
  ASSERT_TRUE(kiosk_->advance(seconds(5)).ok());
  EXPECT_NE(kiosk_->shown(), "exchanging");
  EXPECT_NE(kiosk_->shown(), "done");
  EXPECT_EQ(kiosk_->node().device_activity(SimulatedKiosk::kKioskId).last_nonce, 3u);
}

TEST_F(JournalBehindChainTest, AJournalInStepWithTheChainKeepsExchanging) {
  start(false);
  EXPECT_TRUE(lines_starting("error: ").empty());
  EXPECT_TRUE(std::any_of(lines_.begin(), lines_.end(), [](const std::string& l) {
    return l.find("service: the journal's counters agree with the chain for device KIOSK-SIM-01") !=
           std::string::npos;
  }));
  verify_a_receipt();
  EXPECT_TRUE(confirm_offered()) << kiosk_->view().dump();
}

}  // namespace
}  // namespace chainslip::simapp

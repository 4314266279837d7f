#include "tests/support/printer_transport_contract.h"

#include <string>

#include "drivers/printer/escpos/escpos_commands.h"
#include "sim/printer/sim_printer_transport.h"

namespace chainslip::test {
namespace {

using namespace std::chrono_literals;

Bytes text_job(const std::string& line) {
  Bytes job = escpos::initialize();
  const Bytes text = escpos::text_line(as_bytes(line));
  job.insert(job.end(), text.begin(), text.end());
  return job;
}

TEST_P(PrinterTransportContract, OpensAndSaysWhatItIs) {
  EXPECT_FALSE(transport().describe().empty());
  ASSERT_TRUE(transport().open().ok());
  EXPECT_TRUE(transport().is_open());
  // The event loop must have a reason to call it: an fd or a deadline.
  EXPECT_TRUE(!transport().poll_interests().empty() || transport().next_timeout().has_value());
}

TEST_P(PrinterTransportContract, BytesWrittenReachThePrinter) {
  ASSERT_TRUE(transport().open().ok());
  ASSERT_TRUE(write(text_job("HELLO KIOSK")).ok());
  EXPECT_EQ(printed_text(), std::vector<std::string>{"HELLO KIOSK"});
}

TEST_P(PrinterTransportContract, ReadingWithNothingToReadIsEmpty) {
  ASSERT_TRUE(transport().open().ok());
  auto r = transport().read_some();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

TEST_P(PrinterTransportContract, RealtimeStatusIsAnswered) {
  ASSERT_TRUE(transport().open().ok());
  printer().set_paper_out(true);
  ASSERT_TRUE(write(escpos::realtime_status(escpos::RealtimeStatus::kPaper)).ok());
  EXPECT_EQ(read(1), Bytes{0x7e});
}

TEST_P(PrinterTransportContract, PaperStatusIsAnsweredInTurnAndAsbFramesArrive) {
  ASSERT_TRUE(transport().open().ok());
  Bytes job = escpos::automatic_status_back(escpos::kAsbOnlineErrorPaper);
  const Bytes gs_r = escpos::transmit_paper_status();
  job.insert(job.end(), gs_r.begin(), gs_r.end());
  ASSERT_TRUE(write(job).ok());
  EXPECT_EQ(read(5), (Bytes{0x10, 0x00, 0x00, 0x00, 0x00}));
}

TEST_P(PrinterTransportContract, UnplugIsUnavailableUntilReplugged) {
  ASSERT_TRUE(transport().open().ok());
  printer().unplug_after(0);
  const Error lost = wait_for_link_loss();
  EXPECT_EQ(lost.code, ErrorCode::kUnavailable) << lost.message;
  EXPECT_FALSE(transport().is_open());
  // A transport that connects in the background (TCP) may accept open()
  // and report the failed connect from its next read or write.
  const Status again = transport().open();
  const Error refused = again.ok() ? wait_for_link_loss() : again.error();
  EXPECT_EQ(refused.code, ErrorCode::kUnavailable);
  EXPECT_FALSE(refused.message.empty());

  printer().replug();
  ASSERT_TRUE(transport().open().ok());
  ASSERT_TRUE(write(text_job("AFTER REPLUG")).ok());
  EXPECT_EQ(printed_text(), std::vector<std::string>{"AFTER REPLUG"});
}

TEST_P(PrinterTransportContract, BytesCountedAsWrittenAreAllTheLinkCarried) {
  ASSERT_TRUE(transport().open().ok());
  printer().unplug_after(100);
  const Bytes data(1000, 'x');
  std::size_t counted = 0;
  for (int i = 0; i < kPatience && counted < data.size(); ++i) {
    auto n = transport().write_some(ByteView(data).subspan(counted));
    if (!n.ok()) break;
    counted += *n;
    advance(1ms);
  }
  for (int i = 0; i < 50; ++i) advance(1ms);
  // Nothing the transport did not count reached the printer (a TCP
  // transport may count bytes its socket took that never arrived).
  EXPECT_EQ(printer().received_bytes(), 100u);
  EXPECT_LE(printer().received_bytes(), counted);
  EXPECT_EQ(wait_for_link_loss().code, ErrorCode::kUnavailable);
}

TEST_P(PrinterTransportContract, CloseThenOpenAgain) {
  ASSERT_TRUE(transport().open().ok());
  transport().close();
  EXPECT_FALSE(transport().is_open());
  auto w = transport().write_some(Bytes{0x00});
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.code(), ErrorCode::kFailedPrecondition);  // closed by us: not a lost link
  ASSERT_TRUE(transport().open().ok());
  ASSERT_TRUE(write(text_job("REOPENED")).ok());
  EXPECT_EQ(printed_text(), std::vector<std::string>{"REOPENED"});
}

// --- the simulator's in-process transport

class SimRig final : public PrinterTransportRig {
 public:
  explicit SimRig(std::unique_ptr<sim::VirtualPrinter> printer)
      : printer_(std::move(printer)), transport_(*printer_) {}
  PrinterTransport& transport() override { return transport_; }
  sim::VirtualPrinter& printer() override { return *printer_; }
  void advance(std::chrono::milliseconds by) override { printer_->advance(by); }

 private:
  std::unique_ptr<sim::VirtualPrinter> printer_;
  sim::SimPrinterTransport transport_;
};

std::unique_ptr<PrinterTransportRig> make_sim_rig() {
  auto printer = sim::VirtualPrinter::create();
  if (!printer.ok()) {
    ADD_FAILURE() << printer.error().message;
    return nullptr;
  }
  return std::make_unique<SimRig>(std::move(printer).value());
}

INSTANTIATE_TEST_SUITE_P(Sim, PrinterTransportContract, ::testing::Values(PrinterTransportRigFactory{"sim", make_sim_rig}),
                         PrinterTransportRigFactory::Name{});

TEST(SimPrinterTransportTest, DescribesItselfAndHasNoFlowControl) {
  auto rig = make_sim_rig();
  ASSERT_NE(rig, nullptr);
  EXPECT_EQ(rig->transport().describe(), "sim in-process");
  ASSERT_TRUE(rig->transport().open().ok());
  // Like USB: it takes everything at once, and what the printer's 4 KB
  // buffer cannot hold is lost.
  const Bytes flood(10000, 'A');
  auto n = rig->transport().write_some(flood);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, flood.size());
  EXPECT_GT(rig->printer().overflowed_bytes(), 0u);
}

TEST(SimPrinterTransportTest, CountsExactlyTheBytesThatCrossedBeforeTheUnplug) {
  auto rig = make_sim_rig();
  ASSERT_NE(rig, nullptr);
  ASSERT_TRUE(rig->transport().open().ok());
  rig->printer().unplug_after(100);
  auto n = rig->transport().write_some(Bytes(1000, 'x'));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 100u);
  auto again = rig->transport().write_some(Bytes(1, 'x'));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.code(), ErrorCode::kUnavailable);
  EXPECT_FALSE(rig->transport().is_open());
}

}  // namespace
}  // namespace chainslip::test

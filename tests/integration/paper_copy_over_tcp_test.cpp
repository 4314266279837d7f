// The whole printing path as the kiosk runs it, with the virtual printer as
// the hardware: a verified receipt's paper copy laid out for a profile, run
// by the ESC/POS engine inside the event loop, over the raw TCP 9100
// transport, into the simulator's printer listener, onto paper rendered as
// PNG — then read back from the PNG's text layer and its QR code.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/event/event_loop.h"
#include "core/event/pollable_watch.h"
#include "core/hal/clock.h"
#include "core/receipt/paper_copy_code.h"
#include "tests/support/receipt_fixtures.h"
#include "drivers/printer/job/escpos_job_engine.h"
#include "drivers/printer/layout/receipt_layout.h"
#include "drivers/printer/profiles/printer_profile.h"
#include "drivers/scanner/qr/zbar_qr_decoder.h"
#include "drivers/transport/tcp_printer_transport.h"
#include "sim/printer/paper_png.h"
#include "sim/printer/tcp_listener.h"
#include "sim/printer/virtual_printer.h"

namespace chainslip {
namespace {

using namespace std::chrono_literals;

PaperCopyContent sample_copy() {
  PaperCopyContent c;
  c.receipt = test::make_test_receipt(ReceiptKind::kInpatient, "欧阳娜娜",
                                         {{"床位费", 300, 450000}, {"护理费", 300, 200000}, {"化验费", 100, 880500}});
  c.receipt.number = "0000000077";
  const Receipt& r = c.receipt;
  c.chain_id = "zj-fiscal-1";
  c.block_height = 42;
  c.block_hash_hex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  c.paper = {"33010199", "0000000005"};
  c.qr_payload = format_paper_copy_code(paper_copy_code_for(r));
  c.printed_at = 1773559800;
  c.reason = ExchangeReason::kRefund;
  c.kiosk_id = "KIOSK-SIM-01";
  return c;
}

class PaperCopyOverTcpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto printer = sim::VirtualPrinter::create({.width = sim::PaperWidth::k80mm});
    ASSERT_TRUE(printer.ok()) << printer.error().message;
    printer_ = std::move(printer).value();
    printer_->set_head_speed(40000);  // the test waits on wall time: a fast head
    auto listener = sim::TcpPrinterListener::start(*printer_, {.port = 0, .real_time_clock = true});
    ASSERT_TRUE(listener.ok()) << listener.error().message;
    listener_ = std::move(listener).value();
    auto loop = EventLoop::create(clock_);
    ASSERT_TRUE(loop.ok()) << loop.error().message;
    loop_ = std::move(loop).value();
    transport_ = std::make_unique<TcpPrinterTransport>(TcpPrinterAddress{"127.0.0.1", listener_->port()});
    auto profile = escpos::load_profile_by_id("generic-80mm");
    ASSERT_TRUE(profile.ok()) << profile.error().message;
    profile_ = *profile;
    engine_ = std::make_unique<escpos::EscPosJobEngine>(
        *transport_, clock_,
        escpos::EscPosJobEngineOptions{.buffer_bytes = profile_.input_buffer_bytes, .sync_timeout = 500ms});
    auto watch = PollableWatch::create(*loop_, *engine_, [](const Error& e) { ADD_FAILURE() << e.message; });
    ASSERT_TRUE(watch.ok()) << watch.error().message;
    watch_ = std::move(watch).value();
  }

  void TearDown() override {
    watch_.reset();
    engine_.reset();
    transport_.reset();
    if (listener_) listener_->stop();
  }

  // Runs the loop until the job is done (bounded).
  std::optional<escpos::JobOutcome> print(const PaperCopyContent& copy) {
    auto job = escpos::layout_paper_copy(copy, profile_, {});
    EXPECT_TRUE(job.ok()) << job.error().message;
    if (!job.ok()) return std::nullopt;
    std::optional<escpos::JobOutcome> outcome;
    const Status started = engine_->start(std::move(job).value(), [&](const escpos::JobOutcome& o) { outcome = o; });
    EXPECT_TRUE(started.ok()) << started.error().message;
    if (!started.ok()) return std::nullopt;
    EXPECT_TRUE(watch_->refresh().ok());
    const auto give_up = clock_.now() + 20s;
    while (!outcome && clock_.now() < give_up) (void)loop_->run_once(20ms);
    return outcome;
  }

  SteadyClock clock_;
  std::unique_ptr<sim::VirtualPrinter> printer_;
  std::unique_ptr<sim::TcpPrinterListener> listener_;
  std::unique_ptr<EventLoop> loop_;
  std::unique_ptr<TcpPrinterTransport> transport_;
  escpos::PrinterProfile profile_;
  std::unique_ptr<escpos::EscPosJobEngine> engine_;
  std::unique_ptr<PollableWatch> watch_;
};

TEST_F(PaperCopyOverTcpTest, ThePngCarriesEveryFieldAndAQrThatDecodes) {
  const PaperCopyContent copy = sample_copy();
  const auto outcome = print(copy);
  ASSERT_TRUE(outcome.has_value()) << "the job never finished";
  ASSERT_TRUE(outcome->status.ok()) << outcome->status.error().message;
  EXPECT_EQ(outcome->units_confirmed, outcome->units_total);
  EXPECT_EQ(printer_->overflowed_bytes(), 0u);

  auto png = sim::encode_paper_png(printer_->paper());
  ASSERT_TRUE(png.ok()) << png.error().message;
  auto image = sim::decode_paper_png(*png);
  ASSERT_TRUE(image.ok()) << image.error().message;
  std::string text;
  for (const std::string& line : image->text) text += line + "\n";
  for (const std::string& field :
       {std::string("33010126"), std::string("0000000077"), std::string("a1b2c3"), std::string("杭州市第一人民医院"),
        std::string("欧**娜"), std::string("床位费"), std::string("283.05"), std::string("贰佰捌拾叁元零伍分"),
        std::string("33010199-0000000005"), std::string("zj-fiscal-1"), std::string("KIOSK-SIM-01")}) {
    EXPECT_NE(text.find(field), std::string::npos) << "missing " << field << " in:\n" << text;
  }
  EXPECT_EQ(text.find("欧阳娜娜"), std::string::npos) << "the payer's full name was printed";

  // The paper's edge is no quiet zone: frame it in white as a phone camera would see it.
  constexpr int kMargin = 32;
  Y800Frame frame{image->width + 2 * kMargin, image->height + 2 * kMargin, {}};
  frame.pixels.assign(static_cast<std::size_t>(frame.width) * static_cast<std::size_t>(frame.height), 255);
  for (int y = 0; y < image->height; ++y) {
    for (int x = 0; x < image->width; ++x) {
      frame.pixels[static_cast<std::size_t>((y + kMargin) * frame.width + x + kMargin)] =
          image->grey[static_cast<std::size_t>(y * image->width + x)];
    }
  }
  auto decoded = ZbarQrDecoder().decode(frame);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(*decoded, std::vector<std::string>{copy.qr_payload});
}

TEST_F(PaperCopyOverTcpTest, UnpluggedMidTicketIsReportedNotTruncatedSilently) {
  printer_->unplug_after(600);  // the cable comes out a few lines in
  const auto outcome = print(sample_copy());
  ASSERT_TRUE(outcome.has_value()) << "the job never finished";
  ASSERT_FALSE(outcome->status.ok());
  EXPECT_EQ(outcome->status.code(), ErrorCode::kUnavailable) << outcome->status.error().message;
  EXPECT_LT(outcome->units_confirmed, outcome->units_total);
  EXPECT_TRUE(outcome->paper_may_be_partly_printed);
  EXPECT_EQ(printer_->paper().cuts().size(), 0u) << "a truncated ticket must not be cut as if complete";
}

}  // namespace
}  // namespace chainslip

#include "drivers/printer/escpos_paper_printer.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "core/receipt/paper_copy_code.h"
#include "tests/support/receipt_fixtures.h"
#include "sim/printer/sim_printer_transport.h"
#include "sim/printer/virtual_printer.h"

namespace chainslip::escpos {
namespace {

using namespace std::chrono_literals;

PaperCopyContent sample_document() {
  PaperCopyContent c;
  c.receipt = test::make_test_receipt(ReceiptKind::kOutpatient, "张三丰", {{"挂号费", 100, 50000}});
  c.chain_id = "zj-fiscal-1";
  c.block_height = 7;
  c.block_hash_hex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  c.paper = {"12345678", "0000000042"};
  c.qr_payload = format_paper_copy_code(paper_copy_code_for(c.receipt));
  c.printed_at = 1773559800;
  c.kiosk_id = "kiosk-hz-07";
  return c;
}

struct Rig {
  Rig() {
    auto created = sim::VirtualPrinter::create();
    EXPECT_TRUE(created.ok());
    vp = std::move(created).value();
    transport = std::make_unique<sim::SimPrinterTransport>(*vp);
    EscPosJobEngineOptions o;
    o.sync_timeout = 2s;
    o.operator_timeout = 30s;
    o.idle_poll_interval = 1s;
    engine = std::make_unique<EscPosJobEngine>(*transport, clock, o);
    auto profile = load_profile_by_id("generic-80mm");
    EXPECT_TRUE(profile.ok());
    printer = std::make_unique<EscPosPaperPrinter>(*engine, *profile, LayoutOptions{});
  }
  void step() {
    printer->process_events();
    clock.advance(5ms);
    vp->advance(5ms);
  }
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 120s) {
    for (auto t = 0ms; t < limit && !done(); t += 5ms) step();
    return done();
  }
  std::string text() const {
    const sim::Paper paper = vp->paper();
    std::string out;
    for (const sim::TextLine& l : paper.text()) out += l.utf8 + "\n";
    return out;
  }

  ManualClock clock;
  std::unique_ptr<sim::VirtualPrinter> vp;
  std::unique_ptr<sim::SimPrinterTransport> transport;
  std::unique_ptr<EscPosJobEngine> engine;
  std::unique_ptr<EscPosPaperPrinter> printer;
  std::optional<PrintOutcome> outcome;
};

TEST(EscPosPaperPrinterTest, PrintsTheDocumentAndReportsSuccess) {
  Rig r;
  ASSERT_TRUE(r.run_until([&] { return r.printer->state().ready; }, 10s));
  EXPECT_EQ(r.printer->state().condition_code, PrinterConditionCode::kOk);
  ASSERT_TRUE(r.printer->print(sample_document(), [&](const PrintOutcome& o) { r.outcome = o; }).ok());
  EXPECT_FALSE(r.printer->state().ready);  // busy with the job
  ASSERT_TRUE(r.run_until([&] { return r.outcome.has_value(); }));
  ASSERT_TRUE(r.outcome->status.ok()) << r.outcome->status.error().message;
  EXPECT_FALSE(r.outcome->paper_may_exist);
  EXPECT_EQ(r.outcome->condition_code, PrinterConditionCode::kOk);
  EXPECT_NE(r.text().find("纸质票据: 12345678-0000000042"), std::string::npos) << r.text();
  EXPECT_EQ(r.vp->paper().cuts().size(), 1u);
  EXPECT_TRUE(r.run_until([&] { return r.printer->state().ready; }, 10s));
}

TEST(EscPosPaperPrinterTest, PaperOutNotFixedFailsWithPaperThatMayExist) {
  Rig r;
  ASSERT_TRUE(r.run_until([&] { return r.printer->state().ready; }, 10s));
  ASSERT_TRUE(r.printer->print(sample_document(), [&](const PrintOutcome& o) { r.outcome = o; }).ok());
  // Some of the ticket is out of the head when the roll runs out.
  ASSERT_TRUE(r.run_until([&] { return r.vp->paper().height() > 200; }));
  r.vp->set_paper_out(true);
  ASSERT_TRUE(r.run_until([&] { return r.outcome.has_value(); }));
  ASSERT_FALSE(r.outcome->status.ok());
  EXPECT_EQ(r.outcome->status.code(), ErrorCode::kAborted);
  EXPECT_TRUE(r.outcome->paper_may_exist);
  EXPECT_EQ(r.outcome->condition_code, PrinterConditionCode::kPaperOut);
  EXPECT_NE(r.outcome->condition_text.find("paper out"), std::string::npos) << r.outcome->condition_text;
  EXPECT_FALSE(r.printer->state().ready);
  EXPECT_EQ(r.printer->state().condition_code, PrinterConditionCode::kPaperOut);
  EXPECT_TRUE(r.vp->paper().cuts().empty());
}

TEST(EscPosPaperPrinterTest, TheCopyAfterATornOneIsCutFreeOfIt) {
  Rig r;
  ASSERT_TRUE(r.run_until([&] { return r.printer->state().ready; }, 10s));
  // The cable comes out part-way through the copy.
  r.vp->unplug_after(600);
  ASSERT_TRUE(r.printer->print(sample_document(), [&](const PrintOutcome& o) { r.outcome = o; }).ok());
  ASSERT_TRUE(r.run_until([&] { return r.outcome.has_value(); }));
  ASSERT_TRUE(r.outcome->paper_may_exist);
  r.run_until([] { return false; }, 3s);  // the printer prints what it had received
  const int torn_height = r.vp->paper().height();
  ASSERT_GT(torn_height, 0);
  EXPECT_TRUE(r.vp->paper().cuts().empty());

  r.vp->replug();
  ASSERT_TRUE(r.run_until([&] { return r.printer->state().ready; }, 30s));
  PaperCopyContent reprint = sample_document();
  reprint.paper = {"12345678", "0000000043"};
  r.outcome.reset();
  ASSERT_TRUE(r.printer->print(reprint, [&](const PrintOutcome& o) { r.outcome = o; }).ok());
  ASSERT_TRUE(r.run_until([&] { return r.outcome.has_value(); }));
  ASSERT_TRUE(r.outcome->status.ok()) << r.outcome->status.error().message;

  // Two cuts: the torn copy's, right below it, then the reprint's.
  const std::vector<int> cuts = r.vp->paper().cuts();
  ASSERT_EQ(cuts.size(), 2u) << ::testing::PrintToString(cuts) << " torn at " << torn_height << "\n" << r.text();
  EXPECT_GE(cuts[0], torn_height);
  EXPECT_LE(cuts[0], torn_height + 255);  // the feed to the cutter, no more
  const std::string text = r.text();
  const std::size_t reprint_serial = text.find("纸质票据: 12345678-0000000043");
  EXPECT_NE(reprint_serial, std::string::npos) << text;

  // A copy after a good one gets no extra cut.
  r.outcome.reset();
  ASSERT_TRUE(r.run_until([&] { return r.printer->state().ready; }, 10s));
  ASSERT_TRUE(r.printer->print(sample_document(), [&](const PrintOutcome& o) { r.outcome = o; }).ok());
  ASSERT_TRUE(r.run_until([&] { return r.outcome.has_value(); }));
  EXPECT_EQ(r.vp->paper().cuts().size(), 3u);
}

TEST(EscPosPaperPrinterTest, ADocumentTheLayoutRefusesSendsNothing) {
  Rig r;
  ASSERT_TRUE(r.run_until([&] { return r.printer->state().ready; }, 10s));
  PaperCopyContent bad = sample_document();
  bad.qr_payload = "not this receipt";
  bool called = false;
  const Status s = r.printer->print(bad, [&](const PrintOutcome&) { called = true; });
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  r.run_until([] { return false; }, 2s);
  EXPECT_FALSE(called);
  EXPECT_TRUE(r.vp->paper().text().empty());
}

}  // namespace
}  // namespace chainslip::escpos

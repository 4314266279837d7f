#include "drivers/printer/escpos/escpos_commands.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "sim/printer/virtual_printer.h"

namespace chainslip::escpos {
namespace {

using namespace std::chrono_literals;

TEST(EscPosCommandsTest, EncodesTheDocumentedBytes) {
  EXPECT_EQ(initialize(), (Bytes{0x1B, '@'}));
  EXPECT_EQ(chinese_mode(true), (Bytes{0x1C, '&'}));
  EXPECT_EQ(character_size(2, 3), (Bytes{0x1D, '!', 0x12}));
  EXPECT_EQ(character_size(0, 99), (Bytes{0x1D, '!', 0x07}));  // clamped to 1..8
  EXPECT_EQ(feed_and_cut(CutKind::kPartial, 40), (Bytes{0x1D, 'V', 66, 40}));
  EXPECT_EQ(qr_store(Bytes{'A', 'B'}), (Bytes{0x1D, '(', 'k', 5, 0, 49, 80, 48, 'A', 'B'}));
  EXPECT_EQ(realtime_status(RealtimeStatus::kPaper), (Bytes{0x10, 0x04, 4}));
  EXPECT_EQ(transmit_paper_status(), (Bytes{0x1D, 'r', 1}));
  EXPECT_EQ(raster_image(2, 1, Bytes{0xF0, 0x0F}), (Bytes{0x1D, 'v', '0', 0, 2, 0, 1, 0, 0xF0, 0x0F}));
}

// An image whose dots happen to spell a real-time command must not be read
// as one by the printer.
TEST(EscPosCommandsTest, RasterDataNeverSpellsARealtimeCommand) {
  const Bytes bits = {0x10, 0x05, 0x02, 0x10, 0x04, 0x01, 0x10, 0x14, 0x04, 0x08};
  const Bytes cmd = raster_image(10, 1, bits);
  const Bytes data(cmd.begin() + 8, cmd.end());
  EXPECT_EQ(data, (Bytes{0x10, 0x01, 0x02, 0x10, 0x00, 0x01, 0x10, 0x10, 0x00, 0x08}));

  auto make_printer = [] {
    auto p = sim::VirtualPrinter::create();
    EXPECT_TRUE(p.ok());
    return std::move(p).value();
  };
  // The same bytes sent raw: the printer answers a status query nobody sent.
  auto raw_printer = make_printer();
  Bytes raw = {0x1D, 'v', '0', 0, 10, 0, 1, 0};
  raw.insert(raw.end(), bits.begin(), bits.end());
  raw_printer->receive(raw);
  raw_printer->advance(100ms);
  EXPECT_FALSE(raw_printer->take_replies().empty());

  auto printer = make_printer();
  printer->receive(cmd);
  printer->advance(100ms);
  EXPECT_TRUE(printer->take_replies().empty());
  EXPECT_TRUE(printer->idle());
  EXPECT_GT(printer->paper().ink(0, printer->paper().height()), 0);
}

}  // namespace
}  // namespace chainslip::escpos

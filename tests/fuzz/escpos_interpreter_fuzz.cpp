// The virtual printer's ESC/POS interpreter (sim/printer) on any byte stream,
// with the real-time command scanner that sees the same bytes. The first
// byte picks the roll width, the sensors GS r and DLE EOT read, whether
// DLE ENQ 2 clears the buffers (it does only with an error latched), and
// whether the paper, torn at the cuts, is written as PNG, read back and
// compared (bit 6: it is the slow part, so not for every input).
//
// Sizes are capped so no input takes seconds: a few command bytes can feed
// metres of paper (ESC d 255 at 255-dot spacing, GS v 0 with rows but no
// width) or ask for the same big QR symbol again and again, so feeding stops
// once the roll is kMaxRows long or the log holds kMaxLogEntries remarks.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/text/bitmap_font.h"
#include "sim/printer/escpos_interpreter.h"
#include "sim/printer/escpos_status.h"
#include "sim/printer/paper_png.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using namespace chainslip;
using namespace chainslip::sim;

constexpr int kMaxRows = 2000;
constexpr std::size_t kMaxLogEntries = 64;
constexpr int kMaxPngRows = 1000;

const BitmapFont& font() {
  static const BitmapFont* f = [] {
    auto loaded = BitmapFont::shared();
    if (!loaded.ok()) {
      std::fprintf(stderr, "escpos_interpreter_fuzz: %s\n", loaded.error().message.c_str());
      std::exit(2);
    }
    return *loaded;
  }();
  return *f;
}

void check_png(const Paper& paper) {
  if (paper.height() == 0 || paper.height() > kMaxPngRows) return;
  auto png = encode_paper_png(paper);
  FUZZ_CHECK(png.ok());
  auto image = decode_paper_png(*png);
  FUZZ_CHECK(image.ok());
  FUZZ_CHECK(image->width == paper.width() && image->height == paper.height());
  for (int y = 0; y < paper.height(); y += 7) {
    for (int x = 0; x < paper.width(); x += 5) FUZZ_CHECK(image->black(x, y) == paper.dot(x, y));
  }
  FUZZ_CHECK(image->text.size() == paper.text().size());
  for (std::size_t i = 0; i < image->text.size(); ++i) FUZZ_CHECK(image->text[i] == paper.text()[i].utf8);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t config = data[0];
  PrinterStatus status;
  status.paper_out = (config & 2) != 0;
  status.paper_near_end = (config & 4) != 0;
  status.cover_open = (config & 8) != 0;
  status.drawer_pin3_high = (config & 16) != 0;
  std::size_t replies = 0;
  EscPosInterpreter::Hooks hooks{[&](ByteView reply) { replies += reply.size(); }, [&] { return status; }};
  EscPosInterpreter printer((config & 1) ? PaperWidth::k80mm : PaperWidth::k58mm, font(), std::move(hooks));
  RealtimeScanner realtime;
  for (std::size_t i = 1; i < size; ++i) {
    printer.feed_byte(data[i]);
    if (auto command = realtime.push(data[i])) {
      FUZZ_CHECK(command->kind == 0x04 || command->kind == 0x05);
      if (command->kind == 0x04) {
        if (auto reply = dle_eot_reply(command->n, status)) FUZZ_CHECK((*reply & 0x93) == 0x12);
      } else if (command->n == 2 && (config & 0x20)) {
        printer.clear_buffers();  // DLE ENQ 2 with an error latched: VirtualPrinter's recovery
      }
    }
    if (printer.paper().height() > kMaxRows || printer.log().size() > kMaxLogEntries) break;
  }
  FUZZ_CHECK(replies <= size);
  const Paper roll = printer.paper();
  const std::vector<Paper> tickets = roll.tickets();
  if (config & 0x40) {
    for (const Paper& ticket : tickets) check_png(ticket);
  }
  // Tearing off the cut tickets gives the same tickets and leaves the tail.
  const std::vector<Paper> torn = printer.take_cut_tickets();
  FUZZ_CHECK(torn.size() == roll.cuts().size());
  for (std::size_t i = 0; i < torn.size(); ++i) {
    FUZZ_CHECK(torn[i].height() == tickets[i].height() && torn[i].text() == tickets[i].text());
  }
  const int tail = roll.height() - (roll.cuts().empty() ? 0 : roll.cuts().back());
  FUZZ_CHECK(printer.paper().height() == tail);
  return 0;
}

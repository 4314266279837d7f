// Paper-copy layout: the time to turn a verified receipt into a PrintJob and
// the bytes that job sends, for ESC/POS text (GB18030, native QR) against
// full raster (for printers without a Chinese font), on 58 and 80 mm
// profiles, with a short (3 items) and a long (30 items) receipt.
// Counters: bytes (per receipt) and units (per receipt).
// Results and the machine they were measured on: docs/PRINTING.md.

#include <benchmark/benchmark.h>

#include <string>

#include "core/receipt/paper_copy_code.h"
#include "core/text/bitmap_font.h"
#include "drivers/printer/layout/receipt_layout.h"
#include "sim/chain/receipt_factory.h"

namespace chainslip {
namespace {

PaperCopyContent make_copy(std::size_t items) {
  sim::ReceiptFactory factory(7);
  Receipt r = factory.make("12330100470000123X", "杭州市第一人民医院", "33010126", 42, 1773450123);
  // The factory picks 1..10 items; repeat them to the size asked for.
  const std::vector<ReceiptItem> base = r.items;
  r.items.clear();
  r.amount_fen = 0;
  for (std::size_t i = 0; i < items; ++i) {
    r.items.push_back(base[i % base.size()]);
    r.amount_fen += r.items.back().amount_fen;
  }
  if (r.medical) r.medical->payments = MedicalPayments{0, 0, 0, r.amount_fen};  // still adds up
  PaperCopyContent c;
  c.receipt = std::move(r);
  c.chain_id = "zj-fiscal-1";
  c.block_height = 1234567;
  c.block_hash_hex = std::string(64, 'a');
  c.paper = {"12345678", "0000000042"};
  c.qr_payload = format_paper_copy_code(paper_copy_code_for(c.receipt));
  c.printed_at = 1773559800;
  c.kiosk_id = "kiosk-hz-07";
  return c;
}

// Args: paper width in mm (58, 80), item count.
void BM_Layout(benchmark::State& state, escpos::LayoutMode mode) {
  const std::string id = state.range(0) == 58 ? "generic-58mm" : "generic-80mm";
  auto profile = escpos::load_profile_by_id(id);
  if (!profile.ok() || !BitmapFont::shared().ok()) {  // the font loads once, outside the timing
    state.SkipWithError("profile or font missing");
    return;
  }
  const PaperCopyContent copy = make_copy(static_cast<std::size_t>(state.range(1)));
  const escpos::LayoutOptions options{mode, PayerDisplay::kMasked, escpos::QrMode::kPreferNative};
  std::size_t bytes = 0, units = 0;
  for (auto _ : state) {
    auto job = escpos::layout_paper_copy(copy, *profile, options);
    if (!job.ok()) {
      state.SkipWithError(job.error().message.c_str());
      return;
    }
    bytes = 0;
    for (const Bytes& u : job->units) bytes += u.size();
    units = job->units.size();
    benchmark::DoNotOptimize(job);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
  state.counters["units"] = static_cast<double>(units);
}

void Sizes(benchmark::internal::Benchmark* b) {
  for (int width : {58, 80}) {
    for (int items : {3, 30}) b->Args({width, items});
  }
  b->ArgNames({"mm", "items"})->Unit(benchmark::kMicrosecond);
}

BENCHMARK_CAPTURE(BM_Layout, text, escpos::LayoutMode::kText)->Apply(Sizes);
BENCHMARK_CAPTURE(BM_Layout, full_raster, escpos::LayoutMode::kFullRaster)->Apply(Sizes);

}  // namespace
}  // namespace chainslip

BENCHMARK_MAIN();

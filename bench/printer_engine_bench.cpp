// The ESC/POS job engine pushing a 30 KB raster job (17 strips of 24 x 576
// dots, a text line after each) to the virtual printer through the
// in-process transport, per pacing strategy: window 1 (one buffer-sized
// batch, wait for its GS r sync) and windows 2 and 4 (smaller batches, the
// next refilled while the printer prints). The loop is the event loop in
// simulated time: process_events() every `tick` simulated ms (1: a USB read
// completing at once; 10, 50: a link or loop that reacts that late).
//
// Measured (GCC 12 -O2, shared 2-core VM, 2026-11): overflowed 0 and
// bytes_sent ~29.7 KB everywhere; sim_ms 825 / head_ms 823 (ratio 1.002) for
// every window at a 1 ms tick, 840 (1.02) at 10 ms, and at 50 ms 1000 (1.21)
// for window 1 against 900 (1.09) for windows 2 and 4: refilling half the
// buffer while the other half prints only pays when replies are read late.
// About 1.3-1.7 ms of CPU per job.
//
// Counters: sim_ms is the simulated time from start() to the outcome;
// head_ms is the bound set by the print head (rows printed / head speed),
// the true limit; ratio = sim_ms / head_ms (1.0 = the head never waited for
// data). bytes_sent and overflowed (must be 0) per job. The wall time is the
// engine's and the simulator's CPU cost.

#include <benchmark/benchmark.h>

#include <chrono>
#include <string>

#include "drivers/printer/escpos/escpos_commands.h"
#include "drivers/printer/job/escpos_job_engine.h"
#include "sim/printer/sim_printer_transport.h"
#include "sim/printer/virtual_printer.h"

namespace chainslip {
namespace {

using namespace std::chrono_literals;

constexpr int kHeadRowsPerSecond = 1200;  // 150 mm/s, the VirtualPrinter default
constexpr std::uint16_t kWidthBytes = 72;
constexpr std::uint16_t kStripRows = 24;
constexpr int kStrips = 17;

escpos::PrintJob raster_job() {
  escpos::PrintJob job{"bench", {}};
  Bytes head = escpos::initialize();
  const Bytes title = escpos::text_line(as_bytes("BENCH"));
  head.insert(head.end(), title.begin(), title.end());
  job.units.push_back(head);
  for (int s = 0; s < kStrips; ++s) {
    Bytes bits(std::size_t{kWidthBytes} * kStripRows);
    for (std::size_t i = 0; i < bits.size(); ++i) {
      const auto b = static_cast<std::uint8_t>((i * 13 + static_cast<std::size_t>(s)) & 0xFF);
      bits[i] = b == 0x10 ? 0x11 : b;  // no DLE inside image data
    }
    job.units.push_back(escpos::raster_image(kWidthBytes, kStripRows, bits));
    job.units.push_back(escpos::text_line(as_bytes("ROW " + std::to_string(s))));
  }
  job.units.push_back(escpos::feed_and_cut(escpos::CutKind::kPartial, 40));
  return job;
}

void BM_PacedRasterJob(benchmark::State& state) {
  const escpos::PrintJob job = raster_job();
  double sim_ms = 0, head_ms = 0, bytes = 0, overflowed = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto printer = std::move(sim::VirtualPrinter::create()).value();
    sim::SimPrinterTransport transport(*printer, 1ms);
    ManualClock clock;
    escpos::EscPosJobEngineOptions options;
    options.pacing_window = static_cast<int>(state.range(0));
    escpos::EscPosJobEngine engine(transport, clock, options);
    // Connect and settle before timing: only the job is measured.
    const std::chrono::milliseconds tick(state.range(1));
    for (auto t = 0ms; t < 4s; t += tick) {
      engine.process_events();
      clock.advance(tick);
      printer->advance(tick);
    }
    const int rows_before = printer->paper().height();
    state.ResumeTiming();

    std::optional<escpos::JobOutcome> outcome;
    const auto started = clock.now();
    if (!engine.start(job, [&](const escpos::JobOutcome& o) { outcome = o; }).ok()) {
      state.SkipWithError("start failed");
      return;
    }
    while (!outcome || !printer->idle()) {
      engine.process_events();
      clock.advance(tick);
      printer->advance(tick);
    }
    if (!outcome->status.ok()) {
      state.SkipWithError(outcome->status.error().message.c_str());
      return;
    }
    sim_ms = static_cast<double>((clock.now() - started).count());
    head_ms = (printer->paper().height() - rows_before) * 1000.0 / kHeadRowsPerSecond;
    bytes = static_cast<double>(outcome->bytes_sent);
    overflowed = static_cast<double>(printer->overflowed_bytes());
  }
  state.counters["sim_ms"] = sim_ms;
  state.counters["head_ms"] = head_ms;
  state.counters["ratio"] = sim_ms / head_ms;
  state.counters["bytes_sent"] = bytes;
  state.counters["overflowed"] = overflowed;
}
BENCHMARK(BM_PacedRasterJob)
    ->ArgNames({"window", "tick_ms"})
    ->ArgsProduct({{1, 2, 4}, {1, 10, 50}})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace chainslip

BENCHMARK_MAIN();

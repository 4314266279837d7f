// The event loop (core/event): what a post() round trip between two threads
// costs (both eventfd wake-ups and thread switches included), what a posted
// task costs on the loop's own thread, how many timers per second the heap
// arms and fires on simulated time, and what re-arming one timer costs
// among many (the watchdog pattern: re-arm a timeout on every event).

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/event/event_loop.h"
#include "core/event/simulated_time.h"
#include "core/hal/clock.h"

namespace chainslip {
namespace {

using std::chrono::milliseconds;

std::unique_ptr<EventLoop> make_loop(const Clock& clock) {
  Result<std::unique_ptr<EventLoop>> loop = EventLoop::create(clock);
  if (!loop.ok()) throw std::runtime_error(loop.error().message);
  return std::move(loop).value();
}

// Main thread -> loop thread -> main thread, each hop a post() that wakes a
// blocked loop.
void BM_PostRoundTrip(benchmark::State& state) {
  SteadyClock clock;
  auto here = make_loop(clock);
  auto there = make_loop(clock);
  std::thread there_thread([&] { (void)there->run(); });
  for (auto _ : state) {
    there->post([&] { here->post([&] { here->exit(); }); });
    if (!here->run().ok()) state.SkipWithError("run failed");
  }
  there->exit();
  there_thread.join();
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PostRoundTrip)->UseRealTime();

// `batch` tasks posted and run on the loop's own thread.
void BM_PostAndRunSameThread(benchmark::State& state) {
  SteadyClock clock;
  auto loop = make_loop(clock);
  const auto batch = static_cast<int>(state.range(0));
  std::uint64_t ran = 0;
  for (auto _ : state) {
    for (int i = 0; i < batch; ++i) loop->post([&] { ++ran; });
    if (!loop->run_once(milliseconds{0}).ok()) state.SkipWithError("run_once failed");
  }
  if (ran != static_cast<std::uint64_t>(state.iterations()) * static_cast<std::uint64_t>(batch)) {
    state.SkipWithError("lost tasks");
  }
  state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_PostAndRunSameThread)->Arg(1)->Arg(1000);

// `n` timers armed at spread deadlines, then SimulatedTime::advance fires
// them all, each at its own deadline: arm + heap + dispatch per timer.
void BM_TimerArmAndFire(benchmark::State& state) {
  ManualClock clock;
  auto loop = make_loop(clock);
  SimulatedTime time(clock, *loop);
  const auto n = static_cast<std::size_t>(state.range(0));
  std::uint64_t fired = 0;
  std::vector<Timer> timers;
  timers.reserve(n);
  for (std::size_t i = 0; i < n; ++i) timers.push_back(loop->create_timer([&] { ++fired; }));
  std::mt19937_64 rng(7);
  std::vector<milliseconds> delays(n);
  for (auto& d : delays) d = milliseconds(rng() % (n / 4 + 1));  // about 4 timers per deadline
  for (auto _ : state) {
    for (std::size_t i = 0; i < n; ++i) timers[i].arm(delays[i]);
    if (!time.advance(milliseconds(static_cast<milliseconds::rep>(n / 4 + 1))).ok()) {
      state.SkipWithError("advance failed");
    }
  }
  if (fired != static_cast<std::uint64_t>(state.iterations()) * n) state.SkipWithError("lost timers");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(BM_TimerArmAndFire)->Arg(1000)->Arg(100'000);

// Re-arming one timeout among `n` armed timers, as a transport does on
// every byte it sees.
void BM_TimerRearmAmongMany(benchmark::State& state) {
  ManualClock clock;
  auto loop = make_loop(clock);
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<Timer> others;
  others.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    others.push_back(loop->create_timer([] {}));
    others.back().arm(milliseconds(static_cast<milliseconds::rep>(1000 + i)));
  }
  Timer watchdog = loop->create_timer([] {});
  std::int64_t delay = 0;
  for (auto _ : state) {
    watchdog.arm(milliseconds(500 + (delay++ % 1000)));  // lands among the others
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TimerRearmAmongMany)->Arg(10)->Arg(10'000);

}  // namespace
}  // namespace chainslip

BENCHMARK_MAIN();

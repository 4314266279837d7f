#include "core/event/simulated_time.h"

#include <algorithm>
#include <cassert>
#include <optional>

namespace chainslip {

using std::chrono::milliseconds;

SimulatedTime::SimulatedTime(ManualClock& clock, EventLoop& loop) : clock_(clock), loop_(loop) {
  assert(&loop.clock() == &clock && "SimulatedTime needs the loop's own clock");
}

Status SimulatedTime::advance(milliseconds by) {
  const milliseconds target = clock_.now() + std::max(by, milliseconds{0});
  while (true) {
    CS_ASSIGN_OR_RETURN(const std::size_t ran, loop_.run_once(milliseconds{0}));
    // What ran may have started work that the next pass arms for now (a
    // before-wait hook re-reading a device's timeout): give it that pass.
    if (ran > 0) continue;
    const std::optional<milliseconds> next = loop_.next_deadline();
    if (next && *next <= target) {
      if (*next > clock_.now()) clock_.advance(*next - clock_.now());
      continue;
    }
    if (clock_.now() >= target) return {};
    clock_.advance(target - clock_.now());
  }
}

}  // namespace chainslip

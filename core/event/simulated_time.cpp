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
    CS_RETURN_IF_ERROR(loop_.run_once(milliseconds{0}));
    const std::optional<milliseconds> next = loop_.next_deadline();
    if (!next || *next > target) break;
    // A deadline at or before now was armed by the pass just run: fire it
    // next pass without moving the clock.
    if (*next > clock_.now()) clock_.advance(*next - clock_.now());
  }
  if (target > clock_.now()) {
    clock_.advance(target - clock_.now());
    CS_RETURN_IF_ERROR(loop_.run_once(milliseconds{0}));
  }
  return {};
}

}  // namespace chainslip

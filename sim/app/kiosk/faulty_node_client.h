#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>

#include "core/hal/clock.h"
#include "core/node/node_client_decorator.h"

namespace chainslip::simapp {

// A NodeClient between the kiosk and another (the in-process simulated
// node) that plays the network's faults on the kiosk's clock, with the
// errors the real client gives (core/hal/node_client.h):
//   down   every request fails at once with kUnavailable (connection refused)
//   slow   answers arrive `delay` late; a delay of `request_timeout` or more
//          fails the request with kDeadlineExceeded after request_timeout
// Requests dropped mid-connection are the inner client's fail_next().
class FaultyNodeClient final : public NodeClientDecorator {
 public:
  FaultyNodeClient(NodeClient& inner, const Clock& clock, std::chrono::milliseconds request_timeout);

  void set_down(bool down) { down_ = down; }
  void set_delay(std::chrono::milliseconds delay) { delay_ = delay; }

  void cancel_all() override;
  std::optional<std::chrono::milliseconds> next_timeout() const override;
  void process_events() override;

 private:
  // An answer held until `due` on the clock.
  struct Held {
    std::chrono::milliseconds due;
    std::function<void()> deliver;
  };
  // Sends the request on, or fails it as the fault says.
  void relay(Request request) override;
  void hold(std::chrono::milliseconds due, std::function<void()> deliver);

  const Clock& clock_;
  const std::chrono::milliseconds request_timeout_;
  bool down_ = false;
  std::chrono::milliseconds delay_{0};
  std::deque<Held> held_;  // by due time
  std::uint64_t generation_ = 0;  // bumped by cancel_all: answers of older requests are dropped
};

}  // namespace chainslip::simapp

#pragma once

#include <chrono>
#include <functional>

#include "core/hal/clock.h"
#include "core/node/node_client_decorator.h"

namespace chainslip {

// A NodeClient that tells `observe` how long each request took, from the
// call to its answer, and whether it was answered (a request cancelled by
// cancel_all is never told). Everything else goes to the wrapped client.
class TimedNodeClient final : public NodeClientDecorator {
 public:
  using Observe = std::function<void(std::chrono::milliseconds took, bool ok)>;
  TimedNodeClient(NodeClient& inner, const Clock& clock, Observe observe)
      : NodeClientDecorator(inner), clock_(clock), observe_(std::move(observe)) {}

 private:
  void relay(Request request) override {
    request.send([this, start = clock_.now()](Answer answer) {
      observe_(clock_.now() - start, answer.ok);
      answer.deliver();
    });
  }

  const Clock& clock_;
  Observe observe_;
};

}  // namespace chainslip

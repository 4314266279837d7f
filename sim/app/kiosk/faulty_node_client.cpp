#include "sim/app/kiosk/faulty_node_client.h"

#include <algorithm>
#include <utility>

namespace chainslip::simapp {

using std::chrono::milliseconds;

FaultyNodeClient::FaultyNodeClient(NodeClient& inner, const Clock& clock, milliseconds request_timeout)
    : NodeClientDecorator(inner), clock_(clock), request_timeout_(request_timeout) {}

void FaultyNodeClient::hold(milliseconds due, std::function<void()> deliver) {
  const auto at = std::upper_bound(held_.begin(), held_.end(), due,
                                   [](milliseconds d, const Held& h) { return d < h.due; });
  held_.insert(at, Held{due, std::move(deliver)});
}

void FaultyNodeClient::relay(Request request) {
  const milliseconds now = clock_.now();
  if (down_) {
    hold(now, [fail = std::move(request.fail)] {
      fail(make_error(ErrorCode::kUnavailable, "node: connection refused (the simulated node is down)"));
    });
    return;
  }
  if (delay_ >= request_timeout_) {
    // The answer never comes in time: the request times out, its late answer is dropped.
    hold(now + request_timeout_, [fail = std::move(request.fail), timeout = request_timeout_] {
      fail(make_error(ErrorCode::kDeadlineExceeded,
                      "node: no answer within " + std::to_string(timeout.count()) + " ms (the simulated node is slow)"));
    });
    request.send([](Answer) {});
    return;
  }
  const milliseconds due = now + delay_;
  const std::uint64_t generation = generation_;
  request.send([this, due, generation](Answer answer) {
    if (generation != generation_) return;
    hold(std::max(due, clock_.now()), std::move(answer.deliver));
  });
}

void FaultyNodeClient::cancel_all() {
  inner().cancel_all();
  held_.clear();
  ++generation_;
}

std::optional<milliseconds> FaultyNodeClient::next_timeout() const {
  std::optional<milliseconds> next = inner().next_timeout();
  if (!held_.empty()) {
    const milliseconds until = std::max(held_.front().due - clock_.now(), milliseconds{0});
    next = next ? std::min(*next, until) : until;
  }
  return next;
}

void FaultyNodeClient::process_events() {
  inner().process_events();
  const std::uint64_t generation = generation_;
  while (!held_.empty() && held_.front().due <= clock_.now() && generation == generation_) {
    std::function<void()> deliver = std::move(held_.front().deliver);
    held_.pop_front();
    deliver();  // may start new requests (held behind) or cancel_all()
  }
}

}  // namespace chainslip::simapp

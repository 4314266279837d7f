#pragma once

// Runs an asynchronous client (a Pollable whose calls answer through a
// callback from process_events()) to its answer, as a minimal event loop
// would: what the node client tests share.

#include <gtest/gtest.h>
#include <poll.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "core/hal/poll_interest.h"
#include "core/util/result.h"

namespace chainslip::test {

inline constexpr int kMaxLoopIterations = 2000;

// One turn of a minimal event loop: poll the client's fds until its
// next_timeout (at most 20 ms), then let it process what is ready.
inline void turn(Pollable& client) {
  std::vector<pollfd> fds;
  for (const PollInterest& i : client.poll_interests()) fds.push_back(pollfd{i.fd, i.events, 0});
  const auto next = client.next_timeout();
  const int timeout_ms = static_cast<int>(std::min<std::int64_t>(next ? next->count() : 20, 20));
  poll(fds.data(), fds.size(), timeout_ms);
  client.process_events();
}

// Starts a request and runs the loop until its callback has run (bounded).
template <typename T>
Result<T> await(Pollable& client, const std::function<void(std::function<void(Result<T>)>)>& start) {
  std::optional<Result<T>> out;
  start([&out](Result<T> r) { out.emplace(std::move(r)); });
  EXPECT_FALSE(out.has_value()) << "a callback ran inside the call that started the request";
  for (int i = 0; i < kMaxLoopIterations && !out; ++i) turn(client);
  if (!out) return make_error(ErrorCode::kInternal, "test loop: no answer within the iteration bound");
  return std::move(*out);
}

}  // namespace chainslip::test

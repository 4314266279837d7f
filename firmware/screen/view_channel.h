#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace chainslip {

// The latest kiosk view and the streams waiting for the next one (the SSE
// side of the kiosk screen). Thread-safe: the service publishes from its
// event loop, each stream waits in one of the HTTP server's threads.
// A stream that falls behind skips to the latest view: the screen shows a
// state, not a log, so older views are worth nothing once replaced.
class ViewChannel {
 public:
  // At most max_streams streams wait at once (each holds a server thread);
  // opening one more closes the oldest, whose browser reconnects by itself.
  explicit ViewChannel(std::size_t max_streams) : max_streams_(max_streams) {}

  void publish(std::string view_json);
  std::optional<std::string> latest() const;

  using StreamId = std::uint64_t;
  StreamId open();
  void release(StreamId id);

  enum class Wake { kView, kHeartbeat, kClosed };
  struct Next {
    Wake wake;
    std::string view;  // kView: the view to send
  };
  // Blocks until there is a view this stream has not sent (at once for the
  // first call when a view exists), `heartbeat` passes without one (kHeartbeat),
  // or the stream is closed: by close(), or to make room for a newer stream.
  Next next(StreamId id, std::chrono::milliseconds heartbeat);

  // Wakes every stream with kClosed, now and for streams opened later.
  void close();

 private:
  struct Stream {
    StreamId id;
    std::uint64_t sent_version = 0;
  };
  Stream* find(StreamId id);

  const std::size_t max_streams_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::string view_;
  std::uint64_t version_ = 0;  // 0: nothing published yet
  std::deque<Stream> streams_;  // oldest first
  StreamId next_id_ = 1;
  bool closed_ = false;
};

}  // namespace chainslip

#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace chainslip {

// Which connections the kiosk screen keeps (docs/SCREEN.md, "Limits"). Each
// connection holds one server thread, so the screen caps them: in all, and
// per client address. A connection is either waiting (for its next request,
// or still reading one) or busy (answering: a page, a view, an event stream).
// When a new connection would pass a cap, the gate sheds the connection of
// that scope that has waited longest: a slowloris connection that trickles
// its request, or an idle kept-alive one, never one being answered. So the
// kiosk's own page, whose requests arrive whole at once, always gets in, even
// when its browser shares the loopback address with the flood. A connection
// is refused only when every one in its scope is busy (event streams are
// capped apart, so this needs many answers in flight at once).
//
// Thread-safe; no I/O of its own: shedding calls `shed` with the socket,
// under the gate's lock, so the socket cannot be closed and its number reused
// meanwhile (release() takes the same lock and comes before the close).
class ConnectionGate {
 public:
  struct Limits {
    std::size_t max_connections = 32;
    std::size_t max_per_client = 16;
  };
  using Shed = std::function<void(int fd)>;
  using ConnectionId = std::uint64_t;

  ConnectionGate(Limits limits, Shed shed);

  // A new connection (waiting). nullopt: refused (close it), or the gate is closed.
  std::optional<ConnectionId> admit(int fd, const std::string& client);
  // Waiting for or reading a request: may be shed, the longest-waiting first.
  void waiting(ConnectionId id);
  // Answering a request: never shed.
  void busy(ConnectionId id);
  // The connection ends; call before closing its socket. A shed one is gone already.
  void release(ConnectionId id);
  // Sheds every connection, busy or not, and refuses new ones (the server stops).
  void close();

  std::size_t size() const;

 private:
  struct Connection {
    ConnectionId id;
    int fd;
    std::string client;
    bool busy;
    std::uint64_t waiting_since;  // a tick, for "longest waiting"
  };
  // The longest-waiting connection (of `client`, when given) but `except`; nullptr when none.
  const Connection* oldest_waiting(const std::string* client, ConnectionId except) const;
  void shed_locked(ConnectionId id);
  Connection* find(ConnectionId id);

  const Limits limits_;
  const Shed shed_;
  mutable std::mutex mu_;
  std::vector<Connection> connections_;
  ConnectionId next_id_ = 1;  // 0 is no connection
  std::uint64_t tick_ = 0;
  bool closed_ = false;
};

}  // namespace chainslip

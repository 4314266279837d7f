#include "firmware/screen/guarded_http_server.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "firmware/screen/connection_stream.h"
#include "firmware/screen/elastic_thread_pool.h"

namespace chainslip {
namespace {

// Threads beyond the connection cap: they admit a new connection (shedding
// an old one) or refuse it while every admitted connection holds a thread.
constexpr std::size_t kSpareThreads = 4;
// cpp-httplib listens with a backlog of 5: a burst of connections (the page's
// own, or a flood being shed) would have the kernel drop SYNs, and a dropped
// SYN is retried only after a second.
constexpr int kListenBacklog = 64;

// cpp-httplib's default socket options add SO_REUSEPORT, with which a second
// process (another chainslipd, a stale one) binds the same port and takes a
// share of the kiosk's connections. SO_REUSEADDR alone still lets a restarted
// service bind while old connections linger in TIME_WAIT.
void bind_options(socket_t sock) {
  const int yes = 1;
  if (::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes) != 0) {
    // Binding still works, only a restart may wait out TIME_WAIT.
  }
}

}  // namespace

GuardedHttpServer::GuardedHttpServer(Limits limits)
    : limits_(limits),
      gate_(ConnectionGate::Limits{limits.max_connections, limits.max_connections_per_client},
            [](int fd) { ::shutdown(fd, SHUT_RDWR); }) {
  set_socket_options(bind_options);
  const std::size_t threads = limits.max_connections + kSpareThreads;
  new_task_queue = [threads] { return new ElasticThreadPool(threads); };
}

Result<int> GuardedHttpServer::bind_port(const std::string& host, int port) {
  errno = 0;
  int bound = port;
  if (port == 0) {
    bound = bind_to_any_port(host);
  } else if (!bind_to_port(host, port)) {
    bound = -1;
  }
  if (bound <= 0) {
    const int err = errno;
    return make_error(ErrorCode::kUnavailable, err != 0 ? std::strerror(err) : "no address to bind");
  }
  if (::listen(svr_sock_, kListenBacklog) != 0) {
    // Listening goes on with cpp-httplib's backlog.
  }
  return bound;
}

void GuardedHttpServer::close_connections() { gate_.close(); }

bool GuardedHttpServer::process_and_close_socket(socket_t sock) {
  std::optional<ConnectionGate::ConnectionId> id;
  ConnectionStream stream(sock, limits_.write_timeout, [&] { gate_.busy(*id); });
  std::string client;
  int client_port = 0;
  stream.get_remote_ip_and_port(client, client_port);
  id = gate_.admit(sock, client);
  bool ok = false;
  if (id) {
    for (std::size_t left = keep_alive_max_count_; left > 0 && svr_sock_ != INVALID_SOCKET; --left) {
      gate_.waiting(*id);
      if (!stream.wait_for_request(limits_.idle_timeout)) break;
      stream.begin_request(ConnectionStream::Clock::now() + limits_.request_timeout);
      bool closed = false;
      ok = process_request(stream, left == 1, closed, nullptr);
      if (!ok || closed || stream.timed_out()) break;  // a client that ran out of time gets no more
    }
    gate_.release(*id);
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace chainslip

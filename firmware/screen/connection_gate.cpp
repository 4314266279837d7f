#include "firmware/screen/connection_gate.h"

#include <algorithm>
#include <cassert>

namespace chainslip {

ConnectionGate::ConnectionGate(Limits limits, Shed shed) : limits_(limits), shed_(std::move(shed)) {
  assert(limits_.max_connections > 0 && limits_.max_per_client > 0);
}

const ConnectionGate::Connection* ConnectionGate::oldest_waiting(const std::string* client,
                                                                 ConnectionId except) const {
  const Connection* oldest = nullptr;
  for (const Connection& c : connections_) {
    if (c.busy || c.id == except || (client != nullptr && c.client != *client)) continue;
    if (oldest == nullptr || c.waiting_since < oldest->waiting_since) oldest = &c;
  }
  return oldest;
}

std::optional<ConnectionGate::ConnectionId> ConnectionGate::admit(int fd, const std::string& client) {
  std::lock_guard lock(mu_);
  if (closed_) return std::nullopt;
  // Choose every victim first, so a refusal sheds nothing. Id 0: none.
  const auto from_client = static_cast<std::size_t>(
      std::count_if(connections_.begin(), connections_.end(), [&](const Connection& c) { return c.client == client; }));
  ConnectionId client_victim = 0;
  if (from_client >= limits_.max_per_client) {
    const Connection* victim = oldest_waiting(&client, 0);
    if (victim == nullptr) return std::nullopt;
    client_victim = victim->id;
  }
  ConnectionId any_victim = 0;
  if (connections_.size() - (client_victim != 0 ? 1 : 0) >= limits_.max_connections) {
    const Connection* victim = oldest_waiting(nullptr, client_victim);
    if (victim == nullptr) return std::nullopt;
    any_victim = victim->id;
  }
  if (client_victim != 0) shed_locked(client_victim);
  if (any_victim != 0) shed_locked(any_victim);
  const ConnectionId id = next_id_++;
  connections_.push_back(Connection{id, fd, client, false, ++tick_});
  return id;
}

ConnectionGate::Connection* ConnectionGate::find(ConnectionId id) {
  auto it = std::find_if(connections_.begin(), connections_.end(), [id](const Connection& c) { return c.id == id; });
  return it == connections_.end() ? nullptr : &*it;
}

void ConnectionGate::shed_locked(ConnectionId id) {
  Connection* c = find(id);
  assert(c != nullptr);
  shed_(c->fd);
  std::erase_if(connections_, [id](const Connection& x) { return x.id == id; });
}

void ConnectionGate::waiting(ConnectionId id) {
  std::lock_guard lock(mu_);
  if (Connection* c = find(id)) {
    c->busy = false;
    c->waiting_since = ++tick_;
  }
}

void ConnectionGate::busy(ConnectionId id) {
  std::lock_guard lock(mu_);
  if (Connection* c = find(id)) c->busy = true;
}

void ConnectionGate::release(ConnectionId id) {
  std::lock_guard lock(mu_);
  std::erase_if(connections_, [id](const Connection& c) { return c.id == id; });
}

void ConnectionGate::close() {
  std::lock_guard lock(mu_);
  closed_ = true;
  for (const Connection& c : connections_) shed_(c.fd);
  connections_.clear();
}

std::size_t ConnectionGate::size() const {
  std::lock_guard lock(mu_);
  return connections_.size();
}

}  // namespace chainslip

#include "sim/node/node_server.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <thread>

#include <httplib.h>

#include "core/chain/transaction.h"
#include "sim/node/node_answers.h"

namespace chainslip::sim {
namespace {

constexpr const char* kJson = "application/json";

void reply(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(body.dump(), kJson);
}

void reply_error(httplib::Response& res, int status, std::string_view error, const std::string& message) {
  reply(res, status, Json{{"error", error}, {"message", message}});
}

void send(httplib::Response& res, const NodeAnswer& answer) {
  res.status = static_cast<int>(answer.status);
  res.set_content(answer.body, kJson);
}

// Shuts down the accepted socket that carries the request from
// 127.0.0.1:remote_port to our local_port. cpp-httplib does not hand its
// socket to handlers, so it is found among the process's descriptors.
void drop_connection(int local_port, int remote_port) {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return;
  while (dirent* e = readdir(dir)) {
    const int fd = std::atoi(e->d_name);
    if (fd <= 2) continue;
    sockaddr_storage local{}, peer{};
    socklen_t ll = sizeof local, pl = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &ll) != 0 ||
        getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &pl) != 0 || local.ss_family != AF_INET ||
        peer.ss_family != AF_INET) {
      continue;
    }
    const auto* l = reinterpret_cast<const sockaddr_in*>(&local);
    const auto* p = reinterpret_cast<const sockaddr_in*>(&peer);
    if (ntohs(l->sin_port) == local_port && ntohs(p->sin_port) == remote_port) {
      shutdown(fd, SHUT_RDWR);
    }
  }
  closedir(dir);
}

}  // namespace

std::string_view fault_mode_name(FaultMode mode) {
  switch (mode) {
    case FaultMode::kNone: return "none";
    case FaultMode::kDown: return "down";
    case FaultMode::kSlow: return "slow";
    case FaultMode::kDrop: return "drop";
    case FaultMode::kLie: return "lie";
  }
  return "none";
}

Result<FaultMode> parse_fault_mode(std::string_view name) {
  for (FaultMode m : {FaultMode::kNone, FaultMode::kDown, FaultMode::kSlow, FaultMode::kDrop, FaultMode::kLie}) {
    if (fault_mode_name(m) == name) return m;
  }
  return make_error(ErrorCode::kInvalidArgument, "unknown fault mode \"" + std::string(name) + "\"");
}

struct NodeServer::Impl {
  ChainNode& node;
  Options options;
  mutable std::mutex mu;  // faults
  std::mutex life_mu;     // starting and stopping the node API (never held by a handler)
  FaultConfig faults;
  std::unique_ptr<httplib::Server> api;
  std::thread api_thread;
  std::atomic<int> port{0};  // rewritten when the API comes back after "down", read by port()
  httplib::Server admin;
  std::thread admin_thread;
  int admin_port = 0;

  SteadyClock system_clock;

  Impl(ChainNode& n, Options o) : node(n), options(std::move(o)) {}

  void log(const std::string& line) const {
    if (options.log) options.log(line);
  }
  // The wall time in milliseconds, from the given clock or the system's.
  std::uint64_t now() const { return to_unix_ms((options.clock ? *options.clock : system_clock).wall_time()); }
  FaultConfig current_faults() const {
    std::lock_guard lock(mu);
    return faults;
  }
  std::optional<Lie> lie() const {
    auto f = current_faults();
    return f.mode == FaultMode::kLie ? std::optional<Lie>(f.lie) : std::nullopt;
  }

  void register_node_api(httplib::Server& s) {
    s.set_payload_max_length(kMaxJsonBytes);
    s.set_tcp_nodelay(true);  // small JSON answers: no Nagle / delayed-ACK stalls
    s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
      if (req.path.rfind("/v1/", 0) != 0) return httplib::Server::HandlerResponse::Unhandled;
      const FaultConfig f = current_faults();
      if (f.mode == FaultMode::kSlow) std::this_thread::sleep_for(std::chrono::milliseconds(f.latency_ms));
      if (f.mode == FaultMode::kDrop) {
        drop_connection(req.local_port, req.remote_port);
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    s.Get("/v1/info", [this](const httplib::Request&, httplib::Response& res) { send(res, answer_info(node)); });
    s.Get("/v1/headers/latest", [this](const httplib::Request&, httplib::Response& res) {
      send(res, answer_header(node, std::nullopt, lie()));
    });
    s.Get(R"(/v1/headers/(\d{1,19}))", [this](const httplib::Request& req, httplib::Response& res) {
      send(res, answer_header(node, std::stoull(req.matches[1].str()), lie()));
    });
    s.Get("/v1/validator-set-changes", [this](const httplib::Request&, httplib::Response& res) {
      send(res, answer_validator_set_changes(node));
    });
    s.Get(R"(/v1/receipts/([^/]+)/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      send(res, answer_receipt(node, req.matches[1].str(), req.matches[2].str(), check_code_of(req), lie()));
    });
    s.Get(R"(/v1/receipts/([^/]+)/([^/]+)/status)", [this](const httplib::Request& req, httplib::Response& res) {
      send(res, answer_receipt_status(node, req.matches[1].str(), req.matches[2].str(), check_code_of(req)));
    });
    s.Post("/v1/transactions", [this](const httplib::Request& req, httplib::Response& res) {
      send(res, answer_submit(node, req.body, options.log));
    });
    s.Get(R"(/v1/devices/([\x21-\x7e]{1,64}))", [this](const httplib::Request& req, httplib::Response& res) {
      send(res, answer_device_activity(node, req.matches[1].str()));
    });
    s.Get(R"(/v1/transactions/([0-9a-fA-F]{64}))", [this](const httplib::Request& req, httplib::Response& res) {
      send(res, answer_transaction(node, req.matches[1].str(), lie()));
    });
    register_admin(s);
  }

  static std::optional<std::string> check_code_of(const httplib::Request& req) {
    if (!req.has_param("check_code")) return std::nullopt;
    return req.get_param_value("check_code");
  }

  template <typename F>
  static void with_body(const httplib::Request& req, httplib::Response& res, F&& f) {
    auto doc = parse_strict_json(req.body.empty() ? "{}" : req.body);
    if (!doc.ok()) return reply_error(res, 400, "malformed", doc.error().message);
    auto reader = FieldReader::open(*doc, "body");
    if (!reader.ok()) return reply_error(res, 400, "malformed", reader.error().message);
    Status st = f(*reader);
    if (!st.ok()) reply_error(res, 400, "malformed", st.error().message);
  }

  void reply_submit(httplib::Response& res, const char* what, const std::string& id, const SubmitAnswer& r) {
    if (r.refusal) {
      log("refused " + std::string(what) + " " + id + ": " + std::string(tx_refusal_name(*r.refusal)) + " (" +
          r.message + ")");
    } else {
      log("accepted " + std::string(what) + " " + id + " tx " + to_hex(r.tx_hash));
    }
    send(res, answer_submit_result(r));
  }

  void register_admin(httplib::Server& s) {
    s.Post("/sim/faults", [this](const httplib::Request& req, httplib::Response& res) {
      with_body(req, res, [&](FieldReader& f) -> Status {
        FaultConfig c;
        CS_ASSIGN_OR_RETURN(std::string mode, f.text("mode", 1, 16));
        CS_ASSIGN_OR_RETURN(c.mode, parse_fault_mode(mode));
        if (f.has("latency_ms")) CS_RETURN_IF_ERROR(read_latency(f, c));
        if (f.has("lie")) {
          CS_ASSIGN_OR_RETURN(std::string lie_text, f.text("lie", 1, 32));
          CS_ASSIGN_OR_RETURN(c.lie, parse_lie(lie_text));
        }
        CS_RETURN_IF_ERROR(f.finish());
        CS_RETURN_IF_ERROR(owner->set_faults(c));
        reply(res, 200, faults_json(c));
        return {};
      });
    });
    s.Get("/sim/faults", [this](const httplib::Request&, httplib::Response& res) {
      reply(res, 200, faults_json(current_faults()));
    });
    s.Post("/sim/blocks", [this](const httplib::Request&, httplib::Response& res) {
      auto r = owner->seal(now());
      if (!r.ok()) return reply_error(res, 500, "internal", r.error().message);
      Json refused = Json::array();
      for (const auto& [h, why] : r->refused) {
        refused.push_back(Json{{"tx_hash", to_hex(h)}, {"error", tx_refusal_name(why.reason)}});
      }
      reply(res, 200, Json{{"height", r->height}, {"tx_count", r->tx_count}, {"refused", refused}});
    });
    s.Post("/sim/receipts", [this](const httplib::Request& req, httplib::Response& res) {
      with_body(req, res, [&](FieldReader& f) -> Status {
        CS_ASSIGN_OR_RETURN(std::uint64_t count, f.u64("count", 1, 100'000));
        CS_RETURN_IF_ERROR(f.finish());
        CS_RETURN_IF_ERROR(node.issue_receipts(count, now()));
        log("issued " + std::to_string(count) + " receipts (pending until the next block)");
        reply(res, 202, Json{{"pending", count}});
        return {};
      });
    });
    s.Get("/sim/receipts", [this](const httplib::Request& req, httplib::Response& res) {
      std::size_t limit = 20;
      if (req.has_param("limit")) limit = std::min<std::size_t>(std::strtoull(req.get_param_value("limit").c_str(), nullptr, 10), 10'000);
      Json out = Json::array();
      for (const auto& c : node.sample_codes(limit)) out.push_back(node.code_url(c));
      reply(res, 200, Json{{"payloads", out}});
    });
    for (const char* path : {"/sim/post", "/sim/reverse"}) {
      const bool is_post = std::string_view(path) == "/sim/post";
      s.Post(path, [this, is_post](const httplib::Request& req, httplib::Response& res) {
        with_body(req, res, [&](FieldReader& f) -> Status {
          CS_ASSIGN_OR_RETURN(std::string code, f.text("code", 1, 16));
          CS_ASSIGN_OR_RETURN(std::string number, f.text("number", 1, 16));
          std::string reason = "开票信息有误";
          if (!is_post && f.has("reason")) CS_RETURN_IF_ERROR(read_reason(f, reason));
          CS_RETURN_IF_ERROR(f.finish());
          const SubmitAnswer r = is_post ? node.post(code, number, now()) : node.reverse(code, number, reason, now());
          reply_submit(res, is_post ? "post" : "reverse", code + "-" + number, r);
          return {};
        });
      });
    }
    s.Post("/sim/devices",
           [this](const httplib::Request& req, httplib::Response& res) { certify_device(req, res); });
    s.Post("/sim/validators", [this](const httplib::Request& req, httplib::Response& res) {
      with_body(req, res, [&](FieldReader& f) -> Status {
        CS_ASSIGN_OR_RETURN(std::uint64_t count, f.u64("count", 1, kMaxValidators));
        CS_RETURN_IF_ERROR(f.finish());
        CS_RETURN_IF_ERROR(node.rotate_validators(count));
        log("validator set of " + std::to_string(count) + " takes over at height " +
            std::to_string(node.height() + 1));
        reply(res, 200, Json{{"activation_height", node.height() + 1}, {"count", count}});
        return {};
      });
    });
  }

  // POST /sim/devices: the finance authority's desk. A device-request.json
  // in, its certificate out, valid from a day ago for a year.
  void certify_device(const httplib::Request& req, httplib::Response& res) {
    auto doc = parse_strict_json(req.body);
    if (!doc.ok()) {
      return reply_error(res, 400, "malformed",
                         "the body must be a device request, as `chainslip device keygen` writes it: " +
                             doc.error().message);
    }
    auto request = device_request_from_json(*doc, "device request");
    if (!request.ok()) return reply_error(res, 400, "malformed", request.error().message);
    const std::uint64_t now_s = now() / 1000;
    auto cert = node.certify_device_request(*request, now_s - kDay, now_s + 365 * kDay);
    if (!cert.ok()) return reply_error(res, 400, "refused", cert.error().message);
    log("certified kiosk " + cert->device_id + " (" + cert->place + "): certificate " + cert->serial);
    reply(res, 200, device_certificate_to_json(*cert));
  }
  static constexpr std::uint64_t kDay = 86400;

  static Status read_latency(FieldReader& f, FaultConfig& c) {
    CS_ASSIGN_OR_RETURN(c.latency_ms, f.u64("latency_ms", 0, 600'000));
    return {};
  }
  static Status read_reason(FieldReader& f, std::string& reason) {
    CS_ASSIGN_OR_RETURN(reason, f.text("reason", 1, 64));
    return {};
  }

  static Json faults_json(const FaultConfig& c) {
    return Json{{"mode", fault_mode_name(c.mode)}, {"latency_ms", c.latency_ms}, {"lie", lie_name(c.lie)}};
  }

  // Binds the node API (to `port`, or an ephemeral one when 0) and serves it.
  Status start_api(int want_port) {
    std::unique_ptr<httplib::Server> s;
    if (options.tls) {
      s = std::make_unique<httplib::SSLServer>(options.tls->server_cert.c_str(), options.tls->server_key.c_str());
      if (!s->is_valid()) return make_error(ErrorCode::kUnavailable, "cannot load the node's TLS certificate or key");
    } else {
      s = std::make_unique<httplib::Server>();
    }
    register_node_api(*s);
    if (want_port == 0) {
      port = s->bind_to_any_port(options.host);
      if (port <= 0) return make_error(ErrorCode::kUnavailable, "cannot bind the node API on " + options.host);
    } else if (!s->bind_to_port(options.host, want_port)) {
      return make_error(ErrorCode::kUnavailable,
                        "cannot bind the node API on " + options.host + ":" + std::to_string(want_port));
    } else {
      port = want_port;
    }
    api = std::move(s);
    api_thread = std::thread([srv = api.get()] { srv->listen_after_bind(); });
    return {};
  }

  void stop_api() {
    if (!api) return;
    api->stop();
    if (api_thread.joinable()) api_thread.join();
    api.reset();
  }

  NodeServer* owner = nullptr;
};

NodeServer::NodeServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) { impl_->owner = this; }

NodeServer::~NodeServer() {
  impl_->admin.stop();
  if (impl_->admin_thread.joinable()) impl_->admin_thread.join();
  std::lock_guard lock(impl_->life_mu);
  impl_->stop_api();
}

Result<std::unique_ptr<NodeServer>> NodeServer::start(ChainNode& node, Options options) {
  std::signal(SIGPIPE, SIG_IGN);
  auto impl = std::make_unique<Impl>(node, std::move(options));
  Impl& i = *impl;
  std::unique_ptr<NodeServer> server(new NodeServer(std::move(impl)));
  CS_RETURN_IF_ERROR(i.start_api(i.options.port));
  i.admin.set_tcp_nodelay(true);
  i.register_admin(i.admin);
  if (i.options.admin_port == 0) {
    i.admin_port = i.admin.bind_to_any_port(i.options.host);
    if (i.admin_port <= 0) return make_error(ErrorCode::kUnavailable, "cannot bind the control API");
  } else if (!i.admin.bind_to_port(i.options.host, i.options.admin_port)) {
    return make_error(ErrorCode::kUnavailable,
                      "cannot bind the control API on port " + std::to_string(i.options.admin_port));
  } else {
    i.admin_port = i.options.admin_port;
  }
  i.admin_thread = std::thread([&i] { i.admin.listen_after_bind(); });
  // Wait until both servers accept, so a caller can connect right away. The control API may
  // already be taking requests that stop the node API ("down" counts as settled).
  const auto api_settled = [&i] {
    std::lock_guard lock(i.life_mu);
    return !i.api || i.api->is_running();
  };
  while (!i.admin.is_running() || !api_settled()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return server;
}

int NodeServer::port() const { return impl_->port; }
int NodeServer::admin_port() const { return impl_->admin_port; }

FaultConfig NodeServer::faults() const { return impl_->current_faults(); }

Status NodeServer::set_faults(const FaultConfig& faults) {
  std::lock_guard life(impl_->life_mu);
  const bool was_down = !impl_->api;
  const bool down = faults.mode == FaultMode::kDown;
  if (down && !was_down) impl_->stop_api();  // in-flight handlers finish with the old faults
  {
    std::lock_guard lock(impl_->mu);
    impl_->faults = faults;
  }
  if (!down && was_down) {
    CS_RETURN_IF_ERROR(impl_->start_api(impl_->port));
    while (!impl_->api->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::string line = "fault mode: " + std::string(fault_mode_name(faults.mode));
  if (faults.mode == FaultMode::kSlow) line += " (" + std::to_string(faults.latency_ms) + " ms)";
  if (faults.mode == FaultMode::kLie) line += " (" + std::string(lie_name(faults.lie)) + ")";
  impl_->log(line);
  return {};
}

Result<SealReport> NodeServer::seal(std::uint64_t now_ms) {
  CS_ASSIGN_OR_RETURN(SealReport r, impl_->node.seal_block(now_ms));
  for (const auto& [h, why] : r.refused) {
    impl_->log("refused at sealing: tx " + to_hex(h) + ": " + std::string(tx_refusal_name(why.reason)) + " (" +
               why.message + ")");
  }
  if (r.height != 0) {
    impl_->log("sealed block " + std::to_string(r.height) + ": " + std::to_string(r.tx_count) + " txs (" +
               std::to_string(r.issued) + " issued)");
  }
  return r;
}

}  // namespace chainslip::sim

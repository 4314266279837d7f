#include "sim/fisco/rpc_node_server.h"

#include <httplib.h>

#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace chainslip::sim::fisco {

struct RpcNodeServer::Impl {
  FiscoChain& chain;
  Options options;
  std::vector<ChainKey> forgers;
  std::mutex mu;  // the chain and the lie
  RpcLie lie = RpcLie::kNone;
  httplib::Server http;
  std::thread thread;
  int port = 0;

  Impl(FiscoChain& c, Options o, std::vector<ChainKey> f)
      : chain(c), options(std::move(o)), forgers(std::move(f)) {}

  ~Impl() {
    http.stop();
    if (thread.joinable()) thread.join();
  }

  std::string answer(const std::string& body) {
    std::lock_guard lock(mu);
    const RpcNodeView view{chain, options.node_name, options.nonce_form, lie, forgers};
    return answer_rpc(view, body).dump();
  }
};

RpcNodeServer::RpcNodeServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RpcNodeServer::~RpcNodeServer() = default;

Result<std::unique_ptr<RpcNodeServer>> RpcNodeServer::start(FiscoChain& chain, Options options) {
  // One forger per sealer, so the forged list has as many names as the real one.
  std::vector<ChainKey> forgers;
  for (std::size_t i = 0; i < chain.sealers().size(); ++i) {
    CS_ASSIGN_OR_RETURN(ChainKey k,
                        ChainKey::from_seed(chain.crypto(), "rpc-node forger " + std::to_string(i)));
    forgers.push_back(std::move(k));
  }
  auto impl = std::make_unique<Impl>(chain, std::move(options), std::move(forgers));
  Impl& i = *impl;
  i.http.set_payload_max_length(kMaxJsonBytes);
  i.http.set_tcp_nodelay(true);
  i.http.Post(".*", [&i](const httplib::Request& req, httplib::Response& res) {
    res.set_content(i.answer(req.body), "application/json");
  });
  if (i.options.port == 0) {
    i.port = i.http.bind_to_any_port(i.options.host);
  } else if (i.http.bind_to_port(i.options.host, i.options.port)) {
    i.port = i.options.port;
  }
  if (i.port <= 0) {
    return make_error(ErrorCode::kUnavailable,
                      "cannot bind " + i.options.host + ":" + std::to_string(i.options.port));
  }
  i.thread = std::thread([&i] { i.http.listen_after_bind(); });
  while (!i.http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return std::unique_ptr<RpcNodeServer>(new RpcNodeServer(std::move(impl)));
}

int RpcNodeServer::port() const { return impl_->port; }

std::string RpcNodeServer::url() const {
  return "http://" + impl_->options.host + ":" + std::to_string(impl_->port);
}

void RpcNodeServer::set_lie(RpcLie lie) {
  std::lock_guard lock(impl_->mu);
  impl_->lie = lie;
}

Status RpcNodeServer::with_chain(const std::function<Status(FiscoChain&)>& change) {
  std::lock_guard lock(impl_->mu);
  return change(impl_->chain);
}

}  // namespace chainslip::sim::fisco

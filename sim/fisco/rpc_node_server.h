#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/util/result.h"
#include "sim/fisco/fisco_chain.h"
#include "sim/fisco/rpc_answers.h"

namespace chainslip::sim::fisco {

// A simulated FISCO BCOS 3.x node's JSON-RPC service over HTTP/1.1 on
// loopback (cpp-httplib, its own thread): POST any path with a JSON-RPC
// request, answered by answer_rpc() from `chain`, lying as set_lie() says.
// The chain is the caller's and must outlive the server; change it only
// through with_chain() while the server runs (handlers read it under the
// same lock).
class RpcNodeServer {
 public:
  struct Options {
    std::string host = "127.0.0.1";
    int port = 0;  // 0: an ephemeral port
    std::string node_name = "node0";
    chainslip::fisco::NonceForm nonce_form = chainslip::fisco::NonceForm::kHex;
  };

  // kInvalidArgument when the forgers' keys cannot be made; kUnavailable
  // when the port cannot be bound.
  static Result<std::unique_ptr<RpcNodeServer>> start(FiscoChain& chain, Options options);
  ~RpcNodeServer();
  RpcNodeServer(const RpcNodeServer&) = delete;
  RpcNodeServer& operator=(const RpcNodeServer&) = delete;

  int port() const;
  std::string url() const;  // "http://127.0.0.1:PORT"

  void set_lie(RpcLie lie);
  // Runs `change` on the chain with no request being answered.
  Status with_chain(const std::function<Status(FiscoChain&)>& change);

 private:
  struct Impl;
  explicit RpcNodeServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace chainslip::sim::fisco

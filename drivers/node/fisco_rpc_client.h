#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/engine/fisco_bcos/block_header.h"
#include "core/engine/fisco_bcos/node_json.h"
#include "core/engine/fisco_bcos/receipt.h"
#include "core/engine/fisco_bcos/transaction.h"
#include "core/hal/clock.h"
#include "core/hal/poll_interest.h"
#include "drivers/node/curl_http_engine.h"
#include "drivers/node/fisco_rpc_reply.h"

namespace chainslip::fisco {

// How the kiosk reaches a FISCO BCOS 3.x chain's nodes: their JSON-RPC
// addresses (e.g. "https://node1.example.org:20200"), TLS and retries as for
// chainslip's node (curl_http_engine.h), and whom the calls name.
struct RpcClientConfig : CurlHttpConfig {
  std::string group = "group0";            // the group the kiosk's chain is
  std::string node_name;                   // "": the node the RPC service chooses
  NonceForm nonce_form = NonceForm::kHex;  // how the nodes' version prints a nonce (3.3 on: hex)
};

// A FISCO BCOS 3.x node's JSON-RPC 2.0 over HTTP(S) (docs/PROTOCOL.md
// 11.11), on CurlHttpEngine: each call POSTs one request with positional
// params [group, node, ...] to the node's "/", failing over across the
// nodes as the engine does (every call here is a read, so it may be sent
// again).
//
// Asynchronous and single-threaded like NodeClient: a call only starts the
// request; its callback runs later from process_events(), never from inside
// the call. Replies are read strictly (rpc_result, core's node_json.h) and
// NOT trusted: what comes back is for core's verifiers
// (verify_sealed_header, verify_transaction_in_header,
// verify_receipt_in_header); this only checks that the node answered what
// was asked (the block's number, the transaction's hash).
//
// Errors, each message naming the method:
//   kUnavailable       no node answered (each address and why), or one
//                      answered with an HTTP status other than 200
//   kDeadlineExceeded  every attempt ran out of time
//   kNotFound          the node has no such object (a null result)
//   kInvalidArgument   a JSON-RPC error reply (its code and message), a reply
//                      to another id, or a result that breaks its shape (the field)
class RpcClient final : public Pollable {
 public:
  template <typename T>
  using Callback = std::function<void(Result<T>)>;

  static Result<std::unique_ptr<RpcClient>> create(RpcClientConfig config, const Clock& clock);
  ~RpcClient() override;
  RpcClient(const RpcClient&) = delete;
  RpcClient& operator=(const RpcClient&) = delete;

  // getBlockNumber: the height of the node's chain.
  void block_number(Callback<std::int64_t> done);
  // getBlockByNumber(number, onlyHeader = true, onlyTxHash = false).
  void block_header(std::int64_t number, Callback<BlockHeader> done);
  // getTransaction(hash, requireProof = true).
  void transaction(const Digest& hash, Callback<Transaction> done);
  // getTransactionReceipt(hash, requireProof = true).
  void transaction_receipt(const Digest& hash, Callback<TransactionReceipt> done);
  // getSealerList: the node's current sealers and their weights.
  void sealer_list(Callback<SealerList> done);

  // Abandons every call in flight: their callbacks are never run.
  void cancel_all();

  std::vector<PollInterest> poll_interests() const override;
  std::optional<std::chrono::milliseconds> next_timeout() const override;
  void process_events() override;

  // The node a new call tries first: the last one that answered.
  const std::string& preferred_url() const;

 private:
  RpcClient(std::unique_ptr<CurlHttpEngine> engine, RpcClientConfig config)
      : engine_(std::move(engine)), config_(std::move(config)) {}

  // Sends `method` with params [group, node, extra...]; `read` turns the
  // reply (its envelope checked) and its result into the answer.
  template <typename T>
  void call(const std::string& method, Json extra_params,
            std::function<Result<T>(const Json& reply, const Json& result)> read, Callback<T> done);

  std::unique_ptr<CurlHttpEngine> engine_;
  RpcClientConfig config_;
  std::int64_t next_id_ = 1;
};

}  // namespace chainslip::fisco

#include "drivers/node/fisco_rpc_client.h"

#include <utility>

namespace chainslip::fisco {
namespace {

constexpr long kHttpOk = 200;

std::string hex0x(const Digest& d) { return "0x" + to_hex(d); }

// The error as it was, its message led by the method it answers.
Error in(const std::string& method, const Error& e) { return make_error(e.code, method + ": " + e.message); }

}  // namespace

RpcClient::~RpcClient() = default;

Result<std::unique_ptr<RpcClient>> RpcClient::create(RpcClientConfig config, const Clock& clock) {
  CS_ASSIGN_OR_RETURN(std::unique_ptr<CurlHttpEngine> engine,
                      CurlHttpEngine::create(config, clock, "FISCO node client"));
  return std::unique_ptr<RpcClient>(new RpcClient(std::move(engine), std::move(config)));
}

template <typename T>
void RpcClient::call(const std::string& method, Json extra_params,
                     std::function<Result<T>(const Json& reply, const Json& result)> read, Callback<T> done) {
  const std::int64_t id = next_id_++;
  Json params = Json::array({config_.group, config_.node_name});
  for (auto& p : extra_params) params.push_back(std::move(p));
  engine_->send(HttpExchange{method, "/", rpc_request(method, params, id), true},
                [method, id, read = std::move(read), done = std::move(done)](Result<NodeAnswer> answer) {
                  if (!answer.ok()) return done(answer.error());
                  if (answer->status != kHttpOk) {
                    return done(make_error(ErrorCode::kUnavailable, method + ": the node answered HTTP " +
                                                                        std::to_string(answer->status) +
                                                                        ", not a JSON-RPC reply"));
                  }
                  Result<Json> reply = parse_strict_json(answer->body);
                  if (!reply.ok()) return done(in(method, reply.error()));
                  Result<const Json*> result = rpc_result(*reply, id);
                  if (!result.ok()) return done(in(method, result.error()));
                  Result<T> out = read(*reply, **result);
                  if (!out.ok()) return done(in(method, out.error()));
                  done(std::move(out));
                });
}

void RpcClient::block_number(Callback<std::int64_t> done) {
  call<std::int64_t>(
      "getBlockNumber", Json::array(),
      [](const Json&, const Json& result) { return read_block_number(result); }, std::move(done));
}

void RpcClient::block_header(std::int64_t number, Callback<BlockHeader> done) {
  // The object goes through core's envelope reader too (node_result), so the
  // verifiers are handed exactly what it accepts.
  call<BlockHeader>(
      "getBlockByNumber", Json::array({number, true, false}),
      [number](const Json& reply, const Json&) -> Result<BlockHeader> {
        CS_ASSIGN_OR_RETURN(const Json* object, node_result(reply));
        CS_ASSIGN_OR_RETURN(BlockHeader header, read_block_header(*object));
        if (header.number != number) {
          return make_error(ErrorCode::kInvalidArgument, "header.number: " + std::to_string(header.number) +
                                                             ", but block " + std::to_string(number) +
                                                             " was asked for");
        }
        return header;
      },
      std::move(done));
}

void RpcClient::transaction(const Digest& hash, Callback<Transaction> done) {
  call<Transaction>(
      "getTransaction", Json::array({hex0x(hash), true}),
      [hash, form = config_.nonce_form](const Json& reply, const Json&) -> Result<Transaction> {
        CS_ASSIGN_OR_RETURN(const Json* object, node_result(reply));
        CS_ASSIGN_OR_RETURN(Transaction tx, read_transaction(*object, form));
        if (tx.stated_hash != hash) {
          return make_error(ErrorCode::kInvalidArgument, "transaction.hash: " + hex0x(tx.stated_hash) +
                                                             ", but " + hex0x(hash) + " was asked for");
        }
        return tx;
      },
      std::move(done));
}

void RpcClient::transaction_receipt(const Digest& hash, Callback<TransactionReceipt> done) {
  call<TransactionReceipt>(
      "getTransactionReceipt", Json::array({hex0x(hash), true}),
      [hash](const Json& reply, const Json&) -> Result<TransactionReceipt> {
        CS_ASSIGN_OR_RETURN(const Json* object, node_result(reply));
        CS_ASSIGN_OR_RETURN(TransactionReceipt receipt, read_receipt(*object));
        if (receipt.transaction_hash != hash) {
          return make_error(ErrorCode::kInvalidArgument,
                            "receipt.transactionHash: " + hex0x(receipt.transaction_hash) + ", but " +
                                hex0x(hash) + " was asked for");
        }
        return receipt;
      },
      std::move(done));
}

void RpcClient::sealer_list(Callback<SealerList> done) {
  call<SealerList>(
      "getSealerList", Json::array(),
      [](const Json&, const Json& result) { return read_sealer_list(result); }, std::move(done));
}

void RpcClient::cancel_all() { engine_->cancel_all(); }

std::vector<PollInterest> RpcClient::poll_interests() const { return engine_->poll_interests(); }

std::optional<std::chrono::milliseconds> RpcClient::next_timeout() const { return engine_->next_timeout(); }

void RpcClient::process_events() { engine_->process_events(); }

const std::string& RpcClient::preferred_url() const { return engine_->preferred_url(); }

}  // namespace chainslip::fisco

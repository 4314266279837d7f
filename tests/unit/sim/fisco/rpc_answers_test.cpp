// The simulated FISCO node's JSON-RPC answers: the envelope and the errors
// bcos-rpc gives (sim/fisco/rpc_answers.h).
#include "sim/fisco/rpc_answers.h"

#include <gtest/gtest.h>

#include "tests/support/fisco_sim_chain.h"

namespace chainslip::test {
namespace {

using sim::fisco::answer_rpc;
using sim::fisco::RpcLie;

class RpcAnswersTest : public ::testing::Test {
 protected:
  Json ask_text(const std::string& request) const {
    const sim::fisco::RpcNodeView view{chain_, "node0", fisco::NonceForm::kHex, RpcLie::kNone, forgers_};
    return answer_rpc(view, request);
  }
  static Json call(const std::string& method, Json params) {
    return Json{{"id", 42}, {"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
  }
  Json ask(const Json& request) const { return ask_text(request.dump()); }
  static int error_code(const Json& reply) { return reply.at("error").at("code").get<int>(); }

  sim::fisco::FiscoChain chain_ = seeded_chain(ChainCrypto::kKeccak256Secp256k1);
  std::vector<sim::fisco::ChainKey> forgers_;
};

TEST_F(RpcAnswersTest, AnswersCarryTheRequestsId) {
  const Json reply = ask(call("getBlockNumber", {"group0", ""}));
  EXPECT_EQ(reply, Json::parse(R"({"id": 42, "jsonrpc": "2.0", "result": 0})"));
  EXPECT_EQ(ask(call("getBlockNumber", {"group0", "node0"})).at("result"), 0);
}

TEST_F(RpcAnswersTest, ErrorsAreBcosRpcs) {
  EXPECT_EQ(error_code(ask_text("{not json")), -32700);
  EXPECT_EQ(error_code(ask_text(R"({"id": 1, "jsonrpc": "2.0", "method": "getBlockNumber"})")), -32600);
  const Json unknown = ask(call("getBlockByHash", {"group0", ""}));
  EXPECT_EQ(error_code(unknown), -32601);
  EXPECT_EQ(unknown.at("error").at("message"), "The method does not exist/is not available.");
  EXPECT_EQ(unknown.at("id"), 42);
  EXPECT_EQ(error_code(ask(call("getBlockNumber", {"group1", ""}))), -32005);
  EXPECT_EQ(error_code(ask(call("getBlockNumber", {"group0", "node7"}))), -32602);
  EXPECT_EQ(error_code(ask(call("getBlockByNumber", {"group0", "", "one"}))), -32602);
  EXPECT_EQ(error_code(ask(call("getTransaction", {"group0", "", "0x12", true}))), -32602);
}

TEST_F(RpcAnswersTest, WhatTheChainDoesNotHoldIsANullResult) {
  EXPECT_TRUE(ask(call("getBlockByNumber", {"group0", "", 9, true, false})).at("result").is_null());
  EXPECT_TRUE(
      ask(call("getTransaction", {"group0", "", "0x" + std::string(64, '0'), true})).at("result").is_null());
}

}  // namespace
}  // namespace chainslip::test

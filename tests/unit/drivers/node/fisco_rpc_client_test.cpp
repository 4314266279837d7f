// fisco::RpcClient against the simulated FISCO node's JSON-RPC service
// (sim/fisco/rpc_node_server.h) over real TCP on 127.0.0.1: what it fetches
// passes core's verifiers, each lie comes back parsed and is refused by
// core, and what is wrong with a reply is an error naming it.
#include "drivers/node/fisco_rpc_client.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <optional>
#include <thread>

#include "core/engine/fisco_bcos/header_verifier.h"
#include "core/engine/fisco_bcos/inclusion.h"
#include "core/engine/fisco_bcos/light_client.h"
#include "core/engine/fisco_bcos/node_json_writer.h"
#include "sim/fisco/lies.h"
#include "sim/fisco/rpc_node_server.h"
#include "tests/support/fisco_sim_chain.h"
#include "tests/support/pollable_await.h"

namespace chainslip::test {
namespace {

using fisco::RpcClient;
using sim::fisco::RpcLie;
using sim::fisco::RpcNodeServer;

Result<std::int64_t> height(RpcClient& c) {
  return await<std::int64_t>(c, [&](auto done) { c.block_number(std::move(done)); });
}
Result<fisco::BlockHeader> header(RpcClient& c, std::int64_t n) {
  return await<fisco::BlockHeader>(c, [&](auto done) { c.block_header(n, std::move(done)); });
}
Result<fisco::Transaction> transaction(RpcClient& c, const Digest& h) {
  return await<fisco::Transaction>(c, [&](auto done) { c.transaction(h, std::move(done)); });
}
Result<fisco::TransactionReceipt> receipt(RpcClient& c, const Digest& h) {
  return await<fisco::TransactionReceipt>(c, [&](auto done) { c.transaction_receipt(h, std::move(done)); });
}
Result<fisco::SealerList> sealers(RpcClient& c) {
  return await<fisco::SealerList>(c, [&](auto done) { c.sealer_list(std::move(done)); });
}

// A loopback port nothing listens on: connections to it are refused.
int closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&a), len), 0);
  EXPECT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len), 0);
  close(fd);
  return ntohs(a.sin_port);
}

// An HTTP server that answers each JSON-RPC request with what `reply` makes of it.
class CannedNode {
 public:
  explicit CannedNode(std::function<Json(const Json& request)> reply) : reply_(std::move(reply)) {
    http_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
      res.set_content(reply_(Json::parse(req.body)).dump(), "application/json");
    });
    port_ = http_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { http_.listen_after_bind(); });
    while (!http_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~CannedNode() {
    http_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  std::function<Json(const Json&)> reply_;
  httplib::Server http_;
  std::thread thread_;
  int port_ = 0;
};

class FiscoRpcClientTest : public ::testing::TestWithParam<ChainCrypto> {
 protected:
  void SetUp() override {
    auto sealed = chain_.seal_block(some_transactions(chain_, sender_, 3));
    ASSERT_TRUE(sealed.ok()) << sealed.error().message;
    block_ = *sealed;
    auto server = RpcNodeServer::start(chain_, {});
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(server).value();
  }

  ChainCrypto crypto() const { return GetParam(); }
  fisco::RpcClientConfig config(std::vector<std::string> urls) const {
    fisco::RpcClientConfig c;
    c.node_urls = std::move(urls);
    c.request_timeout = std::chrono::milliseconds(5000);
    c.backoff_initial = std::chrono::milliseconds(5);
    c.backoff_max = std::chrono::milliseconds(20);
    return c;
  }
  std::unique_ptr<RpcClient> client(const fisco::RpcClientConfig& c) {
    auto made = RpcClient::create(c, clock_);
    EXPECT_TRUE(made.ok()) << made.error().message;
    return made.ok() ? std::move(made).value() : nullptr;
  }
  std::unique_ptr<RpcClient> client() { return client(config({server_->url()})); }
  const Digest& tx_hash(std::size_t i) const { return block_.transactions.at(i).stated_hash; }
  fisco::LightClient light_client() const {
    fisco::TrustAnchor anchor;
    anchor.crypto = crypto();
    anchor.sealers = fisco::sealer_list_of(block_.header);
    return fisco::LightClient(anchor);
  }
  HeaderCheckOptions now() const {
    return HeaderCheckOptions{.now_ms = static_cast<std::uint64_t>(block_.header.timestamp) + 1000};
  }

  SteadyClock clock_;
  const sim::fisco::FiscoAccount sender_ = seeded_account(GetParam(), "sender");
  sim::fisco::FiscoChain chain_ = seeded_chain(GetParam());
  sim::fisco::FiscoBlock block_;
  std::unique_ptr<RpcNodeServer> server_;  // after the chain it serves
};

TEST_P(FiscoRpcClientTest, WhatItFetchesPassesCoresVerifiers) {
  auto c = client();
  EXPECT_EQ(height(*c).value(), 1);

  auto h = header(*c, 1);
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_EQ(h->stated_hash, block_.header.stated_hash);
  EXPECT_TRUE(fisco::verify_sealed_header(crypto(), *h).ok());
  auto trusted = light_client().verify_header(*h, now());
  EXPECT_TRUE(trusted.ok()) << trusted.error().message;

  for (std::size_t i = 0; i < block_.transactions.size(); ++i) {
    auto tx = transaction(*c, tx_hash(i));
    ASSERT_TRUE(tx.ok()) << tx.error().message;
    ASSERT_TRUE(tx->proof.has_value());
    auto in_tree = fisco::verify_transaction_in_header(crypto(), *tx, *h);
    ASSERT_TRUE(in_tree.ok()) << in_tree.error().message;
    EXPECT_EQ(*in_tree, i);
    auto r = receipt(*c, tx_hash(i));
    ASSERT_TRUE(r.ok()) << r.error().message;
    auto r_in_tree = fisco::verify_receipt_in_header(crypto(), *r, *h);
    ASSERT_TRUE(r_in_tree.ok()) << r_in_tree.error().message;
    EXPECT_EQ(*r_in_tree, i);
  }

  auto list = sealers(*c);
  ASSERT_TRUE(list.ok()) << list.error().message;
  const fisco::SealerList in_header = fisco::sealer_list_of(*h);
  EXPECT_EQ(*list, in_header);
}

TEST_P(FiscoRpcClientTest, WhatTheNodeDoesNotHoldIsNotFound) {
  auto c = client();
  EXPECT_TRUE(header(*c, 0).ok());  // genesis
  EXPECT_EQ(header(*c, 2).code(), ErrorCode::kNotFound);
  EXPECT_EQ(transaction(*c, Digest{}).code(), ErrorCode::kNotFound);
  auto r = receipt(*c, Digest{});
  EXPECT_EQ(r.code(), ErrorCode::kNotFound);
  EXPECT_NE(r.error().message.find("getTransactionReceipt"), std::string::npos) << r.error().message;
}

TEST_P(FiscoRpcClientTest, ABadSignatureComesBackAndCoreRefusesIt) {
  server_->set_lie(RpcLie::kBadSignature);
  auto c = client();
  auto h = header(*c, 1);
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_EQ(fisco::verify_sealed_header(crypto(), *h).code(), ErrorCode::kValidatorSignatureInvalid);
  EXPECT_EQ(light_client().verify_header(*h, now()).code(), ErrorCode::kValidatorSignatureInvalid);
}

TEST_P(FiscoRpcClientTest, AForgedSealerListComesBackAndTheTrustedListRefusesIt) {
  server_->set_lie(RpcLie::kForgedSealerList);
  auto c = client();
  auto h = header(*c, 1);
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_TRUE(fisco::verify_sealed_header(crypto(), *h).ok());  // self-consistent
  EXPECT_EQ(light_client().verify_header(*h, now()).code(), ErrorCode::kValidatorSetMismatch);
  auto list = sealers(*c);
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->node_ids.size(), h->sealer_list.size());
  EXPECT_EQ(list->node_ids.front(), h->sealer_list.front());  // the node tells the same lie twice
  EXPECT_NE(list->node_ids.front(), block_.header.sealer_list.front());
}

TEST_P(FiscoRpcClientTest, AProofForAnotherRootComesBackAndCoreRefusesIt) {
  server_->set_lie(RpcLie::kProofForAnotherRoot);
  auto c = client();
  auto h = header(*c, 1);
  ASSERT_TRUE(h.ok()) << h.error().message;
  ASSERT_TRUE(fisco::verify_sealed_header(crypto(), *h).ok());
  auto tx = transaction(*c, tx_hash(1));
  ASSERT_TRUE(tx.ok()) << tx.error().message;
  EXPECT_EQ(fisco::verify_transaction_in_header(crypto(), *tx, *h).code(), ErrorCode::kInclusionProofInvalid);
  auto r = receipt(*c, tx_hash(1));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(fisco::verify_receipt_in_header(crypto(), *r, *h).code(), ErrorCode::kInclusionProofInvalid);
}

// The chain recorded the call as reverted (lies.h seal_reverted): the node
// serves that receipt as it is, and core refuses it as an issuance.
TEST_P(FiscoRpcClientTest, ARevertedReceiptComesBackAndCoreRefusesIt) {
  std::optional<Digest> reverted;
  ASSERT_TRUE(server_
                  ->with_chain([&](sim::fisco::FiscoChain& chain) -> Status {
                    CS_ASSIGN_OR_RETURN(
                        sim::fisco::FiscoBlock b,
                        sim::fisco::seal_reverted(chain, some_transactions(chain, sender_, 1).at(0)));
                    reverted = b.transactions.at(0).stated_hash;
                    return {};
                  })
                  .ok());
  auto c = client();
  auto h = header(*c, 2);
  ASSERT_TRUE(h.ok()) << h.error().message;
  ASSERT_TRUE(fisco::verify_sealed_header(crypto(), *h).ok());
  auto r = receipt(*c, *reverted);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 16);
  EXPECT_EQ(fisco::verify_receipt_in_header(crypto(), *r, *h).code(), ErrorCode::kTransactionFailed);
}

TEST_P(FiscoRpcClientTest, FailsOverToTheNextNodeAndRemembersIt) {
  const std::string down = "http://127.0.0.1:" + std::to_string(closed_port());
  auto c = client(config({down, server_->url()}));
  ASSERT_EQ(height(*c).value(), 1);
  EXPECT_EQ(c->preferred_url(), server_->url());
}

TEST_P(FiscoRpcClientTest, NoNodeUpIsUnavailableNamingTheAddress) {
  const std::string down = "http://127.0.0.1:" + std::to_string(closed_port());
  auto c = client(config({down}));
  auto r = height(*c);
  EXPECT_EQ(r.code(), ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find(down), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("getBlockNumber"), std::string::npos) << r.error().message;
}

TEST_P(FiscoRpcClientTest, AJsonRpcErrorIsAnErrorWithItsCodeAndMessage) {
  auto cfg = config({server_->url()});
  cfg.group = "group9";
  auto c = client(cfg);
  auto r = height(*c);
  ASSERT_EQ(r.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(
      r.error().message.find("getBlockNumber: the node answered JSON-RPC error -32005: The group group9"),
      std::string::npos)
      << r.error().message;
}

TEST_P(FiscoRpcClientTest, CancelAllDropsTheCallsInFlight) {
  auto c = client();
  int ran = 0;
  c->block_number([&ran](Result<std::int64_t>) { ++ran; });
  c->block_header(1, [&ran](Result<fisco::BlockHeader>) { ++ran; });
  c->cancel_all();
  for (int i = 0; i < 20; ++i) turn(*c);
  EXPECT_EQ(ran, 0);
  EXPECT_EQ(height(*c).value(), 1);  // the client still works
}

INSTANTIATE_TEST_SUITE_P(BothCryptos, FiscoRpcClientTest, ::testing::ValuesIn(kBothChainCryptos),
                         crypto_test_name);

// -- replies a real node should never give --------------------------------------

class FiscoRpcReplyTest : public ::testing::Test {
 protected:
  std::unique_ptr<RpcClient> client(const CannedNode& node) {
    fisco::RpcClientConfig c;
    c.node_urls = {node.url()};
    auto made = RpcClient::create(c, clock_);
    EXPECT_TRUE(made.ok()) << made.error().message;
    return std::move(made).value();
  }
  SteadyClock clock_;
  sim::fisco::FiscoChain chain_ = seeded_chain(ChainCrypto::kSm3Sm2);
};

TEST_F(FiscoRpcReplyTest, TheRequestIsJsonRpcWithPositionalParams) {
  Json seen;
  CannedNode node([&seen](const Json& request) {
    seen = request;
    return Json{{"id", request["id"]}, {"jsonrpc", "2.0"}, {"result", 7}};
  });
  auto c = client(node);
  ASSERT_EQ(height(*c).value(), 7);
  EXPECT_EQ(seen["jsonrpc"], "2.0");
  EXPECT_EQ(seen["method"], "getBlockNumber");
  EXPECT_EQ(seen["params"], Json::array({"group0", ""}));
  ASSERT_EQ(header(*c, 7).code(), ErrorCode::kInvalidArgument);  // 7 is no header
  EXPECT_EQ(seen["method"], "getBlockByNumber");
  EXPECT_EQ(seen["params"], Json::parse(R"(["group0", "", 7, true, false])"));
  Digest h{};
  h[31] = 0xab;
  (void)transaction(*c, h);
  EXPECT_EQ(seen["params"], Json::array({"group0", "", "0x" + to_hex(h), true}));
}

TEST_F(FiscoRpcReplyTest, AReplyToAnotherIdIsRefused) {
  CannedNode node([](const Json& request) {
    return Json{{"id", request["id"].get<std::int64_t>() + 1}, {"jsonrpc", "2.0"}, {"result", 7}};
  });
  auto c = client(node);
  auto r = height(*c);
  ASSERT_EQ(r.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("reply.id: expected 1 (the request's), got 2"), std::string::npos)
      << r.error().message;
}

TEST_F(FiscoRpcReplyTest, AMalformedResultIsInvalidNamingTheField) {
  const fisco::BlockHeader genesis = chain_.genesis();
  CannedNode node([&genesis](const Json& request) {
    Json h = fisco::write_block_header(genesis);
    h["gasUsed"] = "007";
    return fisco::jsonrpc_reply(std::move(h), request["id"].get<std::int64_t>());
  });
  auto c = client(node);
  auto r = header(*c, 0);
  ASSERT_EQ(r.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("getBlockByNumber: header.gasUsed"), std::string::npos)
      << r.error().message;
}

TEST_F(FiscoRpcReplyTest, AnotherBlockThanTheOneAskedForIsRefused) {
  const fisco::BlockHeader genesis = chain_.genesis();
  CannedNode node([&genesis](const Json& request) {
    return fisco::jsonrpc_reply(fisco::write_block_header(genesis), request["id"].get<std::int64_t>());
  });
  auto c = client(node);
  auto r = header(*c, 5);
  ASSERT_EQ(r.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("block 5 was asked for"), std::string::npos) << r.error().message;
}

TEST_F(FiscoRpcReplyTest, AMalformedSealerListIsInvalidNamingTheField) {
  CannedNode node([](const Json& request) {
    Json list = Json::array({{{"nodeID", "0x" + std::string(128, 'a')}, {"weight", 1}}});
    return Json{{"id", request["id"]}, {"jsonrpc", "2.0"}, {"result", list}};
  });
  auto c = client(node);
  auto r = sealers(*c);
  ASSERT_EQ(r.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("getSealerList: result[0].nodeID"), std::string::npos)
      << r.error().message;
}

}  // namespace
}  // namespace chainslip::test

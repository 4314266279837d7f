#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "core/bundle/bundle_verifier.h"
#include "core/chain/light_client.h"
#include "core/hal/clock.h"
#include "drivers/node/curl_node_client.h"
#include "sim/node/chain_node.h"
#include "sim/node/in_process_node_client.h"
#include "sim/node/node_server.h"
#include "tests/support/pollable_await.h"

namespace chainslip {
namespace {

using sim::ChainNode;
using sim::FaultConfig;
using sim::FaultMode;
using sim::NodeServer;

constexpr std::uint64_t kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

HeaderCheckOptions checks() {
  HeaderCheckOptions o;
  o.now_ms = kT0 + 600'000;
  return o;
}

using test::await;
using test::kMaxLoopIterations;
using test::turn;

Result<NodeInfo> info(NodeClient& c) {
  return await<NodeInfo>(c, [&](auto done) { c.get_info(std::move(done)); });
}
Result<ReceiptBundle> bundle(NodeClient& c, const ReceiptCode& p, const std::string& check_code) {
  return await<ReceiptBundle>(
      c, [&](auto done) { c.get_receipt_bundle(p.code, p.number, check_code, std::move(done)); });
}
Result<SubmitAnswer> submit(NodeClient& c, const Transaction& tx) {
  return await<SubmitAnswer>(c, [&](auto done) { c.submit_transaction(tx, std::move(done)); });
}
Result<TxLookup> lookup(NodeClient& c, const Digest& hash) {
  return await<TxLookup>(c, [&](auto done) { c.lookup_transaction(hash, std::move(done)); });
}
Result<DeviceActivity> device(NodeClient& c, const std::string& device_id) {
  return await<DeviceActivity>(c, [&](auto done) { c.get_device_activity(device_id, std::move(done)); });
}
Result<std::vector<ValidatorSetChange>> changes(NodeClient& c) {
  return await<std::vector<ValidatorSetChange>>(
      c, [&](auto done) { c.get_validator_set_changes(std::move(done)); });
}

// A P-256 chain with 12 sealed receipts at kT0.
std::unique_ptr<ChainNode> make_chain() {
  ChainNode::Options o;
  o.suite = Suite::kP256Sha256;
  auto node = ChainNode::create(o);
  EXPECT_TRUE(node.ok());
  EXPECT_TRUE((*node)->issue_receipts(12, kT0).ok());
  EXPECT_TRUE((*node)->seal_block(kT0).ok());
  return std::move(node).value();
}

std::string url_of(const NodeServer& server, const char* scheme = "http") {
  return std::string(scheme) + "://127.0.0.1:" + std::to_string(server.port());
}

// -- the two implementations under one contract ------------------------------------

// libcurl against the simulated node's HTTP server on an ephemeral loopback port.
struct CurlHarness {
  Status start(ChainNode& node) {
    CS_ASSIGN_OR_RETURN(server, NodeServer::start(node, {}));
    CurlNodeClientConfig config;
    config.node_urls = {url_of(*server)};
    config.suite = node.suite();
    config.request_timeout = std::chrono::milliseconds(5000);
    CS_ASSIGN_OR_RETURN(curl, CurlNodeClient::create(config, clock));
    return {};
  }
  NodeClient& client() { return *curl; }

  SteadyClock clock;
  std::unique_ptr<NodeServer> server;
  std::unique_ptr<CurlNodeClient> curl;
};

struct InProcessHarness {
  Status start(ChainNode& node) {
    in_process = std::make_unique<sim::InProcessNodeClient>(node);
    return {};
  }
  NodeClient& client() { return *in_process; }

  std::unique_ptr<sim::InProcessNodeClient> in_process;
};

template <typename Harness>
class NodeClientContractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    node_ = make_chain();
    auto kit = node_->make_device("K1", "门诊大厅", kT0 / 1000 - 86400, kT0 / 1000 + 86400);
    ASSERT_TRUE(kit.ok());
    kit_.emplace(std::move(kit).value());
    Status started = harness_.start(*node_);
    ASSERT_TRUE(started.ok()) << started.error().message;
  }

  NodeClient& client() { return harness_.client(); }
  ReceiptCode some_receipt() const { return node_->sample_codes(1).at(0); }
  Transaction convert(const ReceiptCode& p, std::uint64_t nonce) const {
    auto receipt = node_->receipt(p.code, p.number);
    EXPECT_TRUE(receipt.ok());
    auto tx = make_convert_tx(node_->chain_id(), *receipt, {"12345678", "0000000042"}, "refund", "王芳",
                              kT0 / 1000, nonce, kit_->certificate, kit_->key);
    EXPECT_TRUE(tx.ok());
    return *tx;
  }

  std::unique_ptr<ChainNode> node_;  // outlives the harness (its server serves it)
  std::optional<DeviceIdentity> kit_;
  Harness harness_;
};

struct HarnessNames {
  template <typename T>
  static std::string GetName(int) {
    return std::is_same_v<T, CurlHarness> ? "Curl" : "InProcess";
  }
};

using Harnesses = ::testing::Types<CurlHarness, InProcessHarness>;
TYPED_TEST_SUITE(NodeClientContractTest, Harnesses, HarnessNames);

TYPED_TEST(NodeClientContractTest, InfoNamesTheChain) {
  auto i = info(this->client());
  ASSERT_TRUE(i.ok()) << i.error().message;
  EXPECT_EQ(i->chain_id, sim::kSimChainId);
  EXPECT_EQ(i->suite, Suite::kP256Sha256);
  EXPECT_EQ(i->height, 1u);
}

TYPED_TEST(NodeClientContractTest, FetchedBundleVerifies) {
  const ReceiptCode p = this->some_receipt();
  auto b = bundle(this->client(), p, p.check_code);
  ASSERT_TRUE(b.ok()) << b.error().message;
  auto verified = verify_bundle(*b, this->node_->anchor(), checks());
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(b->receipt.code, p.code);
  EXPECT_EQ(b->receipt.number, p.number);
  EXPECT_EQ(verified->height, 1u);
}

TYPED_TEST(NodeClientContractTest, WrongCheckCodeOrUnknownReceiptIsNotFound) {
  const ReceiptCode p = this->some_receipt();
  std::string wrong = p.check_code;
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  EXPECT_EQ(bundle(this->client(), p, wrong).code(), ErrorCode::kNotFound);
  ReceiptCode unknown = p;
  unknown.number = "9999999999";
  EXPECT_EQ(bundle(this->client(), unknown, p.check_code).code(), ErrorCode::kNotFound);
}

TYPED_TEST(NodeClientContractTest, ConversionIsPendingThenIncludedAndItsProofVerifies) {
  const Transaction tx = this->convert(this->some_receipt(), 1);
  const Digest hash = transaction_hash(Suite::kP256Sha256, tx);
  auto submitted = submit(this->client(), tx);
  ASSERT_TRUE(submitted.ok()) << submitted.error().message;
  ASSERT_TRUE(submitted->accepted()) << submitted->message;
  EXPECT_EQ(submitted->tx_hash, hash);

  auto pending = lookup(this->client(), hash);
  ASSERT_TRUE(pending.ok()) << pending.error().message;
  EXPECT_EQ(pending->state, TxLookupState::kPending);

  auto sealed = this->node_->seal_block(kT0 + 1000);
  ASSERT_TRUE(sealed.ok());
  ASSERT_EQ(sealed->height, 2u);
  auto included = lookup(this->client(), hash);
  ASSERT_TRUE(included.ok()) << included.error().message;
  ASSERT_EQ(included->state, TxLookupState::kIncluded);
  auto known_changes = changes(this->client());
  ASSERT_TRUE(known_changes.ok()) << known_changes.error().message;
  auto verified = verify_tx_inclusion(tx, *included, this->node_->anchor(), *known_changes, checks());
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->height, 2u);
  EXPECT_EQ(verified->tx_hash, hash);
}

TYPED_TEST(NodeClientContractTest, AReplayedTransactionIsARefusalValue) {
  const Transaction tx = this->convert(this->some_receipt(), 1);
  auto first = submit(this->client(), tx);
  ASSERT_TRUE(first.ok() && first->accepted());
  auto again = submit(this->client(), tx);
  ASSERT_TRUE(again.ok()) << again.error().message;
  ASSERT_FALSE(again->accepted());
  EXPECT_EQ(*again->refusal, TxRefusal::kReplayed);
  EXPECT_FALSE(again->message.empty());
}

TYPED_TEST(NodeClientContractTest, AnUnknownTransactionIsNotFound) {
  EXPECT_EQ(lookup(this->client(), Digest{}).code(), ErrorCode::kNotFound);
}

TYPED_TEST(NodeClientContractTest, DeviceActivityTellsWhatTheChainSawFromAKiosk) {
  auto never = device(this->client(), "K1");
  ASSERT_TRUE(never.ok()) << never.error().message;
  EXPECT_EQ(never->device_id, "K1");
  EXPECT_FALSE(never->last_nonce.has_value());  // never seen: nulls, not kNotFound
  EXPECT_FALSE(never->last_paper.has_value());

  auto submitted = submit(this->client(), this->convert(this->some_receipt(), 7));
  ASSERT_TRUE(submitted.ok() && submitted->accepted());
  auto pending = device(this->client(), "K1");
  ASSERT_TRUE(pending.ok()) << pending.error().message;
  EXPECT_EQ(pending->last_nonce, 7u);
  EXPECT_FALSE(pending->last_paper.has_value());
  ASSERT_TRUE(this->node_->seal_block(kT0 + 1000).ok());
  auto included = device(this->client(), "K1");
  ASSERT_TRUE(included.ok()) << included.error().message;
  EXPECT_EQ(included->last_nonce, 7u);
  ASSERT_TRUE(included->last_paper.has_value());
  EXPECT_EQ(included->last_paper->paper_code, "12345678");
  EXPECT_EQ(included->last_paper->paper_number, "0000000042");
}

TYPED_TEST(NodeClientContractTest, ADeviceIdIsSentWhateverPrintableCharactersItHolds) {
  // Any printable ASCII is a device id (PROTOCOL 2.7): "/", "?", "%" and "#" reach the node as they are.
  const std::string id = "K/1?a=%20#x";
  auto kit = this->node_->make_device(id, "门诊大厅", kT0 / 1000 - 86400, kT0 / 1000 + 86400);
  ASSERT_TRUE(kit.ok()) << kit.error().message;
  const ReceiptCode p = this->some_receipt();
  auto tx = make_convert_tx(this->node_->chain_id(), *this->node_->receipt(p.code, p.number),
                            {"12345678", "0000000001"}, "refund", "王芳", kT0 / 1000, 3, kit->certificate,
                            kit->key);
  ASSERT_TRUE(tx.ok());
  ASSERT_TRUE(this->node_->submit(*tx).accepted());
  auto seen = device(this->client(), id);
  ASSERT_TRUE(seen.ok()) << seen.error().message;
  EXPECT_EQ(seen->device_id, id);
  EXPECT_EQ(seen->last_nonce, 3u);
}

TYPED_TEST(NodeClientContractTest, ValidatorSetChangesLetTheLightClientFollow) {
  auto none = changes(this->client());
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_TRUE(none->empty());
  ASSERT_TRUE(this->node_->rotate_validators(5).ok());
  ASSERT_TRUE(this->node_->issue_receipts(1, kT0 + 1000).ok());
  ASSERT_TRUE(this->node_->seal_block(kT0 + 1000).ok());
  auto one = changes(this->client());
  ASSERT_TRUE(one.ok()) << one.error().message;
  ASSERT_EQ(one->size(), 1u);
  LightClient light(this->node_->anchor());
  EXPECT_TRUE(light.apply(one->at(0)).ok());
  EXPECT_EQ(one->at(0).next.validators().size(), 5u);
}

TYPED_TEST(NodeClientContractTest, CancelAllDropsCallbacks) {
  bool called = false;
  this->client().get_info([&called](Result<NodeInfo>) { called = true; });
  this->client().get_validator_set_changes(
      [&called](Result<std::vector<ValidatorSetChange>>) { called = true; });
  this->client().cancel_all();
  for (int i = 0; i < 5; ++i) turn(this->client());
  EXPECT_FALSE(called);
  EXPECT_TRUE(info(this->client()).ok());  // the client still works afterwards
}

TYPED_TEST(NodeClientContractTest, ACallbackMayStartTheNextRequest) {
  std::optional<Result<NodeInfo>> second;
  this->client().get_info([&](Result<NodeInfo> first) {
    ASSERT_TRUE(first.ok());
    this->client().get_info([&](Result<NodeInfo> r) { second.emplace(std::move(r)); });
  });
  for (int i = 0; i < kMaxLoopIterations && !second; ++i) turn(this->client());
  ASSERT_TRUE(second.has_value());
  EXPECT_TRUE(second->ok());
}

// -- the simulated client's own fault injection -------------------------------------

TEST(InProcessNodeClientTest, FailNextInjectsUnavailable) {
  auto node = make_chain();
  sim::InProcessNodeClient client(*node);
  client.fail_next(2);
  EXPECT_EQ(info(client).code(), ErrorCode::kUnavailable);
  EXPECT_EQ(info(client).code(), ErrorCode::kUnavailable);
  EXPECT_TRUE(info(client).ok());
}

// -- libcurl only: faults of the network and of the node ------------------------------

class CurlNodeClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    node_ = make_chain();
    auto server = NodeServer::start(*node_, {});
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(server).value();
  }

  CurlNodeClientConfig config(std::vector<std::string> urls) {
    CurlNodeClientConfig c;
    c.node_urls = std::move(urls);
    c.suite = node_->suite();
    c.request_timeout = std::chrono::milliseconds(5000);
    c.backoff_initial = std::chrono::milliseconds(5);
    c.backoff_max = std::chrono::milliseconds(20);
    c.log = [this](const std::string& line) {
      log_.push_back(line);
      if (on_log_) on_log_(line);
    };
    return c;
  }
  std::unique_ptr<CurlNodeClient> client(const CurlNodeClientConfig& c) {
    auto made = CurlNodeClient::create(c, clock_);
    EXPECT_TRUE(made.ok()) << made.error().message;
    return made.ok() ? std::move(made).value() : nullptr;
  }
  void set_faults(NodeServer& server, FaultConfig f) { ASSERT_TRUE(server.set_faults(f).ok()); }

  SteadyClock clock_;
  std::unique_ptr<ChainNode> node_;
  std::unique_ptr<NodeServer> server_;
  std::vector<std::string> log_;
  std::function<void(const std::string&)> on_log_;
};

TEST_F(CurlNodeClientTest, ADownNodeIsUnavailableNamingItsAddress) {
  set_faults(*server_, {FaultMode::kDown, 0, {}});
  auto c = client(config({url_of(*server_)}));
  auto r = info(*c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("127.0.0.1:" + std::to_string(server_->port())), std::string::npos)
      << r.error().message;
  EXPECT_EQ(log_.size(), 3u);  // three rounds (the default), one node each
}

TEST_F(CurlNodeClientTest, RoundsBackOffExponentiallyWithSeededJitter) {
  set_faults(*server_, {FaultMode::kDown, 0, {}});
  auto cfg = config({url_of(*server_)});
  cfg.backoff_initial = std::chrono::milliseconds(8);
  cfg.backoff_max = std::chrono::milliseconds(100);
  auto waits = [&](std::uint64_t seed) {
    cfg.jitter_seed = seed;
    log_.clear();
    EXPECT_EQ(info(*client(cfg)).code(), ErrorCode::kUnavailable);
    std::vector<long> out;  // "...; round N in W ms"
    for (const auto& line : log_) {
      if (auto at = line.rfind(" in ");
          line.find("; round ") != std::string::npos && at != std::string::npos) {
        out.push_back(std::stol(line.substr(at + 4)));
      }
    }
    return out;
  };
  const std::vector<long> first = waits(7);
  ASSERT_EQ(first.size(), 2u);  // before rounds 2 and 3
  EXPECT_GE(first[0], 4);       // 8 ms with jitter: [4, 8]
  EXPECT_LE(first[0], 8);
  EXPECT_GE(first[1], 8);  // doubled: [8, 16]
  EXPECT_LE(first[1], 16);
  EXPECT_EQ(waits(7), first);  // the same seed, the same waits
}

TEST_F(CurlNodeClientTest, FailsOverToTheNextNodeAndRemembersIt) {
  auto second = NodeServer::start(*node_, {});
  ASSERT_TRUE(second.ok());
  set_faults(*server_, {FaultMode::kDown, 0, {}});
  auto c = client(config({url_of(*server_), url_of(**second)}));
  auto r = info(*c);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(c->preferred_url(), url_of(**second));
  ASSERT_EQ(log_.size(), 1u);
  EXPECT_NE(log_[0].find("trying " + url_of(**second)), std::string::npos) << log_[0];
  // The next request goes straight to the node that answered.
  ASSERT_TRUE(info(*c).ok());
  EXPECT_EQ(log_.size(), 1u);
}

TEST_F(CurlNodeClientTest, FailsOverOnAServerError) {
  // A node (or a proxy before it) that answers 503 to everything.
  httplib::Server broken;
  broken.Get(".*", [](const httplib::Request&, httplib::Response& res) {
    res.status = 503;
    res.set_content(R"({"error": "internal", "message": "overloaded"})", "application/json");
  });
  const int broken_port = broken.bind_to_any_port("127.0.0.1");
  ASSERT_GT(broken_port, 0);
  std::thread serving([&broken] { broken.listen_after_bind(); });
  while (!broken.is_running()) std::this_thread::yield();
  const std::string broken_url = "http://127.0.0.1:" + std::to_string(broken_port);

  auto c = client(config({broken_url, url_of(*server_)}));
  auto r = info(*c);
  c.reset();  // closes its keep-alive connection, so stop() need not wait for it
  EXPECT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(log_.size(), 1u);
  EXPECT_NE(log_[0].find("HTTP 503"), std::string::npos) << log_[0];
  // With only the broken node, the 5xx ends as kUnavailable after every round.
  log_.clear();
  auto alone = client(config({broken_url}));
  EXPECT_EQ(info(*alone).code(), ErrorCode::kUnavailable);
  EXPECT_EQ(log_.size(), 3u);
  alone.reset();
  broken.stop();
  serving.join();
}

TEST_F(CurlNodeClientTest, ASlowNodeBeyondTheTimeoutIsDeadlineExceeded) {
  set_faults(*server_, {FaultMode::kSlow, 1000, {}});
  auto cfg = config({url_of(*server_)});
  cfg.request_timeout = std::chrono::milliseconds(250);
  cfg.max_rounds = 1;
  auto c = client(cfg);
  auto r = info(*c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kDeadlineExceeded) << r.error().message;
}

TEST_F(CurlNodeClientTest, ARetryAfterATimeoutSucceedsOnceTheFaultClears) {
  set_faults(*server_, {FaultMode::kSlow, 1000, {}});
  auto cfg = config({url_of(*server_)});
  cfg.request_timeout = std::chrono::milliseconds(250);
  cfg.max_rounds = 2;
  auto c = client(cfg);
  on_log_ = [this](const std::string&) { set_faults(*server_, {}); };  // the node recovers meanwhile
  auto r = info(*c);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(log_.size(), 1u);
  EXPECT_NE(log_[0].find("round 2"), std::string::npos) << log_[0];
}

TEST_F(CurlNodeClientTest, APostIsNotSentAgainOnceItLeftTheKiosk) {
  auto second = NodeServer::start(*node_, {});
  ASSERT_TRUE(second.ok());
  set_faults(*server_, {FaultMode::kDrop, 0, {}});
  auto c = client(config({url_of(*server_), url_of(**second)}));
  auto kit = node_->make_device("K1", "门诊大厅", kT0 / 1000 - 86400, kT0 / 1000 + 86400);
  ASSERT_TRUE(kit.ok());
  const ReceiptCode p = node_->sample_codes(1).at(0);
  auto tx = make_convert_tx(node_->chain_id(), *node_->receipt(p.code, p.number), {"12345678", "0000000042"},
                            "refund", "王芳", kT0 / 1000, 1, kit->certificate, kit->key);
  ASSERT_TRUE(tx.ok());
  auto r = submit(*c, *tx);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kUnavailable);
  ASSERT_EQ(log_.size(), 1u);  // no failover to the second node, no second round
  EXPECT_NE(log_[0].find("not sent again"), std::string::npos) << log_[0];
  // A GET is idempotent: the same dropping node is failed over.
  log_.clear();
  EXPECT_TRUE(info(*c).ok());
  EXPECT_EQ(log_.size(), 1u);
}

TEST_F(CurlNodeClientTest, ALyingNodesBundleIsReturnedButDoesNotVerify) {
  auto c = client(config({url_of(*server_)}));
  const ReceiptCode p = node_->sample_codes(1).at(0);
  for (auto [lie, reason] : {std::pair{sim::Lie::kTamperedReceipt, ErrorCode::kIssuerSignatureInvalid},
                             std::pair{sim::Lie::kBadProof, ErrorCode::kInclusionProofInvalid}}) {
    set_faults(*server_, {FaultMode::kLie, 0, lie});
    auto b = bundle(*c, p, p.check_code);
    ASSERT_TRUE(b.ok()) << b.error().message;                                // the client does not judge...
    EXPECT_EQ(verify_bundle(*b, node_->anchor(), checks()).code(), reason);  // ...the verifier does
  }
}

TEST_F(CurlNodeClientTest, AnOversizeAnswerIsRefused) {
  auto cfg = config({url_of(*server_)});
  cfg.max_body_bytes = 512;  // a bundle is several KiB
  auto c = client(cfg);
  const ReceiptCode p = node_->sample_codes(1).at(0);
  auto b = bundle(*c, p, p.check_code);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(b.error().message.find("larger than 512 bytes"), std::string::npos) << b.error().message;
  EXPECT_TRUE(info(*c).ok());  // small answers still pass
}

TEST_F(CurlNodeClientTest, BadConfigurationIsRefusedAtCreation) {
  EXPECT_EQ(CurlNodeClient::create(config({}), clock_).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CurlNodeClient::create(config({"ftp://127.0.0.1:1"}), clock_).code(),
            ErrorCode::kInvalidArgument);
  auto half_mtls = config({url_of(*server_)});
  half_mtls.client_cert_file = "/etc/hostname";
  EXPECT_EQ(CurlNodeClient::create(half_mtls, clock_).code(), ErrorCode::kInvalidArgument);
  auto missing_ca = config({url_of(*server_)});
  missing_ca.ca_file = "/nonexistent/ca.pem";
  EXPECT_EQ(CurlNodeClient::create(missing_ca, clock_).code(), ErrorCode::kInvalidArgument);
}

class CurlNodeClientTlsTest : public CurlNodeClientTest {
 protected:
  void SetUp() override {
    CurlNodeClientTest::SetUp();
    dir_ = (std::filesystem::temp_directory_path() / ("chainslip-curl-tls-" + std::to_string(getpid())))
               .string();
    auto tls = sim::write_test_tls_files(dir_);
    ASSERT_TRUE(tls.ok()) << tls.error().message;
    tls_ = *tls;
    auto other = sim::write_test_tls_files(dir_ + "/other");
    ASSERT_TRUE(other.ok()) << other.error().message;
    other_ = *other;
    NodeServer::Options o;
    o.tls = tls_;
    auto https = NodeServer::start(*node_, o);
    ASSERT_TRUE(https.ok()) << https.error().message;
    https_ = std::move(https).value();
  }
  void TearDown() override {
    https_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string dir_;
  sim::TlsFiles tls_;
  sim::TlsFiles other_;
  std::unique_ptr<NodeServer> https_;
};

TEST_F(CurlNodeClientTlsTest, HttpsWithThePinnedCaWorks) {
  auto cfg = config({url_of(*https_, "https")});
  cfg.ca_file = tls_.ca_cert;
  auto c = client(cfg);
  auto r = info(*c);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->height, 1u);
  // With a client certificate and key configured (mutual TLS) the handshake still succeeds.
  cfg.client_cert_file = other_.server_cert;
  cfg.client_key_file = other_.server_key;
  auto mtls = client(cfg);
  auto m = info(*mtls);
  EXPECT_TRUE(m.ok()) << m.error().message;
}

TEST_F(CurlNodeClientTlsTest, AServerOfAnotherCaIsRefused) {
  auto cfg = config({url_of(*https_, "https")});
  cfg.ca_file = other_.ca_cert;  // pinned to a CA that did not sign the node's certificate
  auto c = client(cfg);
  auto r = info(*c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find(url_of(*https_, "https")), std::string::npos) << r.error().message;
  // Nor does the system's CA store know the test CA.
  cfg.ca_file.clear();
  EXPECT_EQ(info(*client(cfg)).code(), ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace chainslip

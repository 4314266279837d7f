#include <gtest/gtest.h>

#include "core/receipt/receipt_code.h"
#include "core/receipt/receipt_code_match.h"

#include <httplib.h>

#include <filesystem>
#include <unistd.h>
#include <chrono>
#include <memory>
#include <string>

#include "core/bundle/bundle_verifier.h"
#include "core/chain/light_client.h"
#include "core/exchange/device_request.h"
#include "core/merkle/merkle.h"
#include "sim/node/node_server.h"

namespace chainslip {
namespace {

using sim::ChainNode;
using sim::NodeServer;

constexpr std::uint64_t kT0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

// A P-256 node with 12 sealed receipts served on ephemeral loopback ports,
// its clock fixed by the test.
class NodeHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ChainNode::Options o;
    o.suite = Suite::kP256Sha256;
    auto node = ChainNode::create(o);
    ASSERT_TRUE(node.ok());
    node_ = std::move(node).value();
    ASSERT_TRUE(node_->issue_receipts(12, now_).ok());
    ASSERT_TRUE(node_->seal_block(now_).ok());
    NodeServer::Options so;
    so.clock = &clock_;
    auto server = NodeServer::start(*node_, so);
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(server).value();
    auto kit = node_->make_device("K1", "门诊大厅", kT0 / 1000 - 86400, kT0 / 1000 + 86400);
    ASSERT_TRUE(kit.ok());
    kit_.emplace(std::move(kit).value());
  }
  void TearDown() override {
    server_.reset();
    node_.reset();
  }

  httplib::Client api() const {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_connection_timeout(2);
    c.set_read_timeout(5);
    return c;
  }
  httplib::Client admin() const {
    httplib::Client c("127.0.0.1", server_->admin_port());
    c.set_read_timeout(5);
    return c;
  }
  Json body(const httplib::Result& r) const {
    EXPECT_TRUE(r) << httplib::to_string(r.error());
    if (!r) return Json();
    auto j = parse_strict_json(r->body);
    EXPECT_TRUE(j.ok()) << r->body;
    return j.ok() ? *j : Json();
  }
  void set_faults(const Json& faults) {
    auto r = admin().Post("/sim/faults", faults.dump(), "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
  }
  std::string receipt_path(const ReceiptCode& p, const std::string& check_code) const {
    return "/v1/receipts/" + p.code + "/" + p.number + "?check_code=" + check_code;
  }
  ReceiptCode some_receipt() const { return node_->sample_codes(1).at(0); }

  const std::uint64_t now_ = kT0 + 600'000;
  const ManualClock clock_{wall_time_from_unix_ms(now_)};
  std::unique_ptr<ChainNode> node_;
  std::unique_ptr<NodeServer> server_;
  std::optional<DeviceIdentity> kit_;
};

HeaderCheckOptions at(std::uint64_t now_ms) {
  HeaderCheckOptions o;
  o.now_ms = now_ms;
  return o;
}

TEST_F(NodeHttpTest, InfoHeadersAndValidatorSetChanges) {
  Json info = body(api().Get("/v1/info"));
  EXPECT_EQ(info, (Json{{"chain_id", std::string(sim::kSimChainId)}, {"suite", "p256-sha256"}, {"height", 1}}));

  auto latest = api().Get("/v1/headers/latest");
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->status, 200);
  auto h = header_from_json(body(latest), "header");
  ASSERT_TRUE(h.ok()) << h.error().message;
  LightClient client(node_->anchor());
  EXPECT_TRUE(client.verify_header(*h, at(now_)).ok());
  EXPECT_EQ(body(api().Get("/v1/headers/1")), body(latest));
  auto missing = api().Get("/v1/headers/2");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(body(missing)["error"], "not_found");

  EXPECT_EQ(body(api().Get("/v1/validator-set-changes")), Json::array());
  ASSERT_EQ(admin().Post("/sim/validators", R"({"count": 5})", "application/json")->status, 200);
  ASSERT_EQ(admin().Post("/sim/receipts", R"({"count": 2})", "application/json")->status, 202);
  Json sealed = body(admin().Post("/sim/blocks"));
  EXPECT_EQ(sealed["height"], 2);
  EXPECT_EQ(sealed["tx_count"], 2);
  Json changes = body(api().Get("/v1/validator-set-changes"));
  ASSERT_EQ(changes.size(), 1u);
  auto change = validator_set_change_from_json(Suite::kP256Sha256, changes[0], "change");
  ASSERT_TRUE(change.ok());
  ASSERT_TRUE(client.apply(*change).ok());
  auto h2 = header_from_json(body(api().Get("/v1/headers/2")), "header");
  ASSERT_TRUE(h2.ok());
  EXPECT_TRUE(client.verify_header(*h2, at(now_)).ok());
}

TEST_F(NodeHttpTest, BundlesVerifyAndCheckCodeGuardsThem) {
  Json payloads = body(admin().Get("/sim/receipts?limit=12"));
  ASSERT_EQ(payloads["payloads"].size(), 12u);
  for (const auto& text : payloads["payloads"]) {
    const ReceiptCodeResult read = parse_receipt_code(text.get<std::string>(), default_receipt_code_platforms());
    const ReceiptCode* p = std::get_if<ReceiptCode>(&read);
    ASSERT_NE(p, nullptr) << text;
    auto r = api().Get(receipt_path(*p, p->check_code));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
    auto b = parse_bundle(r->body);
    ASSERT_TRUE(b.ok()) << b.error().message;
    auto v = verify_bundle(*b, node_->anchor(), at(now_));
    EXPECT_TRUE(v.ok()) << v.error().message;
    EXPECT_TRUE(check_receipt_code_matches(*p, b->receipt).ok());

    std::string wrong = p->check_code;
    wrong[5] = wrong[5] == '0' ? '1' : '0';
    auto w = api().Get(receipt_path(*p, wrong));
    ASSERT_TRUE(w);
    EXPECT_EQ(w->status, 404);
    EXPECT_EQ(body(w), (Json{{"error", "not_found"}, {"message", "no such receipt"}}));
    auto none = api().Get("/v1/receipts/" + p->code + "/" + p->number);
    ASSERT_TRUE(none);
    EXPECT_EQ(none->status, 404);
    auto st = api().Get("/v1/receipts/" + p->code + "/" + p->number + "/status?check_code=" + wrong);
    ASSERT_TRUE(st);
    EXPECT_EQ(st->status, 404);
  }
  auto unknown = api().Get("/v1/receipts/33010126/9999999999?check_code=aaaaaa");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

TEST_F(NodeHttpTest, ConversionOverHttpFromSubmitToProof) {
  const ReceiptCode p = some_receipt();
  auto receipt = node_->receipt(p.code, p.number);
  ASSERT_TRUE(receipt.ok());
  auto tx = make_convert_tx(node_->chain_id(), *receipt, {"12345678", "0000000042"}, "refund", "王芳",
                            now_ / 1000, 1, kit_->certificate, kit_->key);
  ASSERT_TRUE(tx.ok());
  const std::string tx_json = transaction_to_json(*tx).dump();

  auto submitted = api().Post("/v1/transactions", tx_json, "application/json");
  ASSERT_TRUE(submitted);
  EXPECT_EQ(submitted->status, 202);
  const std::string hash_hex = to_hex(transaction_hash(Suite::kP256Sha256, *tx));
  EXPECT_EQ(body(submitted), (Json{{"tx_hash", hash_hex}, {"state", "pending"}}));
  EXPECT_EQ(body(api().Get("/v1/transactions/" + hash_hex)), (Json{{"state", "pending"}}));

  auto again = api().Post("/v1/transactions", tx_json, "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);
  EXPECT_EQ(body(again)["error"], "replayed");

  auto malformed = api().Post("/v1/transactions", R"({"type":"convert"})", "application/json");
  ASSERT_TRUE(malformed);
  EXPECT_EQ(malformed->status, 400);
  EXPECT_EQ(body(malformed)["error"], "malformed");

  ASSERT_EQ(body(admin().Post("/sim/blocks"))["height"], 2);
  Json included = body(api().Get("/v1/transactions/" + hash_hex));
  ASSERT_EQ(included["state"], "included") << included.dump();
  EXPECT_EQ(included["height"], 2);
  auto header = header_from_json(included["header"], "header");
  ASSERT_TRUE(header.ok());
  LightClient client(node_->anchor());
  ASSERT_TRUE(client.verify_header(*header, at(now_)).ok());
  std::vector<Digest> path;
  for (const auto& d : included["inclusion_proof"]["path"]) path.push_back(*digest_from_hex(d.get<std::string>()));
  EXPECT_TRUE(verify_inclusion(Suite::kP256Sha256, included["inclusion_proof"]["leaf_index"].get<std::uint64_t>(),
                               included["inclusion_proof"]["tree_size"].get<std::uint64_t>(),
                               merkle_leaf_hash(Suite::kP256Sha256, transaction_bytes(*tx)), path, header->tx_root)
                  .ok());

  Json status = body(api().Get("/v1/receipts/" + p.code + "/" + p.number + "/status?check_code=" + p.check_code));
  EXPECT_EQ(status["status"], "converted");
  EXPECT_EQ(status["paper"],
            (Json{{"paper_code", "12345678"}, {"paper_number", "0000000042"}, {"device_id", "K1"}, {"time", now_ / 1000}}));
  ASSERT_EQ(status["history"].size(), 2u);
  EXPECT_EQ(status["history"][1], (Json{{"type", "convert"}, {"tx_hash", hash_hex}, {"height", 2}}));

  // The chain refuses a second conversion and posting while the paper is active.
  auto second = make_convert_tx(node_->chain_id(), *receipt, {"12345678", "0000000043"}, "refund", "王芳",
                                now_ / 1000, 2, kit_->certificate, kit_->key);
  auto refused = api().Post("/v1/transactions", transaction_to_json(*second).dump(), "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 409);
  EXPECT_EQ(body(refused)["error"], "already_converted");
  auto post = admin().Post("/sim/post", Json{{"code", p.code}, {"number", p.number}}.dump(), "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 409);
  EXPECT_EQ(body(post)["error"], "paper_active");

  auto unknown = api().Get("/v1/transactions/" + std::string(64, '0'));
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

TEST_F(NodeHttpTest, DeviceActivityIsServedWithNullsForADeviceNeverSeen) {
  auto never = api().Get("/v1/devices/K1");
  ASSERT_TRUE(never);
  EXPECT_EQ(never->status, 200);
  EXPECT_EQ(never->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(body(never), (Json{{"device_id", "K1"}, {"last_nonce", nullptr}, {"last_paper", nullptr}}));

  const ReceiptCode p = some_receipt();
  auto tx = make_convert_tx(node_->chain_id(), *node_->receipt(p.code, p.number), {"12345678", "0000000042"},
                            "refund", "王芳", now_ / 1000, 4, kit_->certificate, kit_->key);
  ASSERT_TRUE(tx.ok());
  ASSERT_EQ(api().Post("/v1/transactions", transaction_to_json(*tx).dump(), "application/json")->status, 202);
  ASSERT_EQ(body(admin().Post("/sim/blocks"))["height"], 2);
  EXPECT_EQ(body(api().Get("/v1/devices/K1")),
            (Json{{"device_id", "K1"},
                  {"last_nonce", 4},
                  {"last_paper", {{"paper_code", "12345678"}, {"paper_number", "0000000042"}}}}));
  // An escaped id is the id: "K%311" is "K11"; a space is no device id.
  EXPECT_EQ(body(api().Get("/v1/devices/K%311"))["device_id"], "K11");
  auto spaced = api().Get("/v1/devices/K%201");
  ASSERT_TRUE(spaced);
  EXPECT_EQ(spaced->status, 404);
}

TEST_F(NodeHttpTest, ARefusalAtSealingIsReported) {
  const ReceiptCode p = some_receipt();
  auto receipt = node_->receipt(p.code, p.number);
  auto k2 = node_->make_device("K2", "门诊二楼", kT0 / 1000 - 86400, kT0 / 1000 + 86400);
  ASSERT_TRUE(receipt.ok() && k2.ok());
  auto a = make_convert_tx(node_->chain_id(), *receipt, {"12345678", "0000000042"}, "refund", "op", now_ / 1000, 1,
                           kit_->certificate, kit_->key);
  auto b = make_convert_tx(node_->chain_id(), *receipt, {"12345678", "0000000043"}, "other", "op", now_ / 1000, 1,
                           k2->certificate, k2->key);
  ASSERT_EQ(api().Post("/v1/transactions", transaction_to_json(*a).dump(), "application/json")->status, 202);
  ASSERT_EQ(api().Post("/v1/transactions", transaction_to_json(*b).dump(), "application/json")->status, 202);
  Json sealed = body(admin().Post("/sim/blocks"));
  ASSERT_EQ(sealed["refused"].size(), 1u);
  const std::string b_hash = to_hex(transaction_hash(Suite::kP256Sha256, *b));
  EXPECT_EQ(sealed["refused"][0]["tx_hash"], b_hash);
  Json state = body(api().Get("/v1/transactions/" + b_hash));
  EXPECT_EQ(state["state"], "refused");
  EXPECT_EQ(state["error"], "already_converted");
}

TEST_F(NodeHttpTest, PostAndReverseThroughTheControlApi) {
  auto payloads = node_->sample_codes(2);
  auto post = admin().Post("/sim/post", Json{{"code", payloads[0].code}, {"number", payloads[0].number}}.dump(),
                           "application/json");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 202);
  auto rev = admin().Post("/sim/reverse", Json{{"code", payloads[1].code}, {"number", payloads[1].number}}.dump(),
                          "application/json");
  ASSERT_TRUE(rev);
  EXPECT_EQ(rev->status, 202);
  body(admin().Post("/sim/blocks"));
  for (const auto& [p, want] : {std::pair{payloads[0], "posted"}, std::pair{payloads[1], "reversed"}}) {
    Json s = body(api().Get("/v1/receipts/" + p.code + "/" + p.number + "/status?check_code=" + p.check_code));
    EXPECT_EQ(s["status"], want);
    EXPECT_EQ(s["paper"], nullptr);
  }
  auto bad = admin().Post("/sim/post", R"({"code": "33010126"})", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

TEST_F(NodeHttpTest, DownRefusesConnectionsWhileTheControlApiStaysUp) {
  set_faults({{"mode", "down"}});
  auto r = api().Get("/v1/info");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), httplib::Error::Connection);
  auto faults = admin().Get("/sim/faults");
  ASSERT_TRUE(faults);
  EXPECT_EQ(body(faults)["mode"], "down");
  set_faults({{"mode", "none"}});
  auto back = api().Get("/v1/info");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->status, 200);
}

TEST_F(NodeHttpTest, SlowAddsTheConfiguredLatency) {
  set_faults({{"mode", "slow"}, {"latency_ms", 300}});
  const auto t0 = std::chrono::steady_clock::now();
  auto r = api().Get("/v1/info");
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_GE(elapsed, std::chrono::milliseconds(300));
  set_faults({{"mode", "none"}});
  const auto t1 = std::chrono::steady_clock::now();
  ASSERT_TRUE(api().Get("/v1/info"));
  EXPECT_LT(std::chrono::steady_clock::now() - t1, std::chrono::milliseconds(300));
}

TEST_F(NodeHttpTest, DropClosesTheConnectionWithoutAResponse) {
  set_faults({{"mode", "drop"}});
  for (const char* path : {"/v1/info", "/v1/headers/latest"}) {
    auto r = api().Get(path);
    EXPECT_FALSE(r) << path << " answered " << (r ? r->status : 0);
  }
  const ReceiptCode p = some_receipt();
  EXPECT_FALSE(api().Get(receipt_path(p, p.check_code)));
  set_faults({{"mode", "none"}});
  EXPECT_TRUE(api().Get("/v1/info"));
}

TEST_F(NodeHttpTest, EveryLieOverHttpIsRejectedByTheVerifier) {
  const ReceiptCode p = some_receipt();
  const std::pair<const char*, ErrorCode> cases[] = {
      {"tampered_receipt", ErrorCode::kIssuerSignatureInvalid},
      {"bad_proof", ErrorCode::kInclusionProofInvalid},
      {"too_few_signatures", ErrorCode::kInsufficientQuorum},
      {"unknown_validators", ErrorCode::kUnknownValidator},
      {"wrong_chain_id", ErrorCode::kWrongChainId},
      {"forked_header", ErrorCode::kInsufficientQuorum},
  };
  LightClient client(node_->anchor());
  for (const auto& [lie, reason] : cases) {
    set_faults({{"mode", "lie"}, {"lie", lie}});
    auto r = api().Get(receipt_path(p, p.check_code));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
    auto b = parse_bundle(r->body);
    ASSERT_TRUE(b.ok()) << lie << ": " << b.error().message;
    auto v = verify_bundle(*b, node_->anchor(), at(now_));
    ASSERT_FALSE(v.ok()) << lie;
    EXPECT_EQ(v.code(), reason) << lie << ": " << v.error().message;

    auto h = header_from_json(body(api().Get("/v1/headers/latest")), "header");
    ASSERT_TRUE(h.ok());
    auto hv = client.verify_header(*h, at(now_));
    const bool header_lie = std::string(lie) != "tampered_receipt" && std::string(lie) != "bad_proof";
    if (header_lie) {
      EXPECT_EQ(hv.code(), reason) << lie;
    } else {
      EXPECT_TRUE(hv.ok()) << lie;
    }
  }
  set_faults({{"mode", "none"}});
  auto honest = parse_bundle(api().Get(receipt_path(p, p.check_code))->body);
  ASSERT_TRUE(honest.ok());
  EXPECT_TRUE(verify_bundle(*honest, node_->anchor(), at(now_)).ok());
}

TEST_F(NodeHttpTest, LiesAboutAnIncludedTransactionAreCaught) {
  const ReceiptCode p = some_receipt();
  auto receipt = node_->receipt(p.code, p.number);
  auto tx = make_convert_tx(node_->chain_id(), *receipt, {"12345678", "0000000042"}, "refund", "op", now_ / 1000, 1,
                            kit_->certificate, kit_->key);
  ASSERT_TRUE(tx.ok());
  ASSERT_EQ(api().Post("/v1/transactions", transaction_to_json(*tx).dump(), "application/json")->status, 202);
  body(admin().Post("/sim/blocks"));
  const std::string path = "/v1/transactions/" + to_hex(transaction_hash(Suite::kP256Sha256, *tx));
  const Digest leaf = merkle_leaf_hash(Suite::kP256Sha256, transaction_bytes(*tx));
  LightClient client(node_->anchor());
  // Fails the header check or the inclusion check, whichever the lie targets.
  auto check = [&]() -> Status {
    Json j = body(api().Get(path));
    CS_ASSIGN_OR_RETURN(BlockHeader h, header_from_json(j["header"], "header"));
    CS_RETURN_IF_ERROR(client.verify_header(h, at(now_)));
    std::vector<Digest> proof;
    for (const auto& d : j["inclusion_proof"]["path"]) proof.push_back(*digest_from_hex(d.get<std::string>()));
    if (j["inclusion_proof"]["tree_size"].get<std::uint64_t>() != h.tx_count) {
      return make_error(ErrorCode::kInclusionProofInvalid, "tree size");
    }
    return verify_inclusion(Suite::kP256Sha256, j["inclusion_proof"]["leaf_index"].get<std::uint64_t>(),
                            j["inclusion_proof"]["tree_size"].get<std::uint64_t>(), leaf, proof, h.tx_root);
  };
  ASSERT_TRUE(check().ok());
  const std::pair<const char*, ErrorCode> cases[] = {
      {"bad_proof", ErrorCode::kInclusionProofInvalid},
      {"too_few_signatures", ErrorCode::kInsufficientQuorum},
      {"unknown_validators", ErrorCode::kUnknownValidator},
      {"wrong_chain_id", ErrorCode::kWrongChainId},
      {"forked_header", ErrorCode::kInsufficientQuorum},
  };
  for (const auto& [lie, reason] : cases) {
    set_faults({{"mode", "lie"}, {"lie", lie}});
    auto st = check();
    ASSERT_FALSE(st.ok()) << lie;
    EXPECT_EQ(st.code(), reason) << lie << ": " << st.error().message;
  }
}

TEST_F(NodeHttpTest, ControlApiRejectsBadRequests) {
  for (const char* bad : {R"({"mode": "sideways"})", R"({"mode": "lie", "lie": "big"})", R"({"mode": "slow", "x": 1})",
                          "not json"}) {
    auto r = admin().Post("/sim/faults", bad, "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << bad;
  }
  EXPECT_EQ(server_->faults().mode, sim::FaultMode::kNone);
}

TEST_F(NodeHttpTest, CertifiesAKioskKeyFromItsRequest) {
  auto key = PrivateKey::generate(Suite::kP256Sha256);
  ASSERT_TRUE(key.ok());
  auto request = make_device_request("KIOSK-07", "门诊大厅 7号机", key->public_key());
  ASSERT_TRUE(request.ok());
  auto r = admin().Post("/sim/devices", device_request_to_json(*request).dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto cert = device_certificate_from_json(body(r), "answer");
  ASSERT_TRUE(cert.ok()) << cert.error().message;
  EXPECT_EQ(cert->device_id, "KIOSK-07");
  EXPECT_EQ(cert->place, "门诊大厅 7号机");
  EXPECT_EQ(cert->public_key, key->public_key().bytes());
  const std::uint64_t now_s = now_ / 1000;
  EXPECT_EQ(cert->not_before, now_s - 86400);
  EXPECT_EQ(cert->not_after, now_s + 365 * 86400);
  EXPECT_TRUE(verify_device_certificate(*cert, node_->anchor().authority_key, now_s).ok());

  // Re-keying the same kiosk gives a new serial.
  auto key2 = PrivateKey::generate(Suite::kP256Sha256);
  ASSERT_TRUE(key2.ok());
  request->public_key = key2->public_key();
  auto r2 = admin().Post("/sim/devices", device_request_to_json(*request).dump(), "application/json");
  ASSERT_TRUE(r2);
  ASSERT_EQ(r2->status, 200) << r2->body;
  EXPECT_NE(body(r2)["serial"], body(r)["serial"]);
}

TEST_F(NodeHttpTest, RefusesBadDeviceRequestsWithAReason) {
  auto key = PrivateKey::generate(Suite::kP256Sha256);
  auto sm2_key = PrivateKey::generate(Suite::kSm2Sm3);
  ASSERT_TRUE(key.ok() && sm2_key.ok());
  const Json good = device_request_to_json(*make_device_request("K7", "门诊大厅", key->public_key()));
  Json extra = good;
  extra["not_after"] = 4'000'000'000;
  Json missing = good;
  missing.erase("place");
  Json bad_id = good;
  bad_id["device_id"] = "K 7";
  Json other_suite = device_request_to_json(*make_device_request("K7", "门诊大厅", sm2_key->public_key()));
  struct Case {
    std::string body;
    std::string reason;
  };
  for (const Case& c :
       {Case{extra.dump(), "not_after"}, Case{missing.dump(), "place"}, Case{bad_id.dump(), "device_id"},
        Case{other_suite.dump(), "--suite p256-sha256"}, Case{"", "device request"}, Case{"[1]", "object"}}) {
    auto r = admin().Post("/sim/devices", c.body, "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << c.body;
    const Json answer = body(r);
    EXPECT_NE(answer.value("message", "").find(c.reason), std::string::npos) << c.body << " -> " << r->body;
  }
}

TEST(NodeHttpsTest, ServesTheNodeApiOverTlsWithItsTestCa) {
  const std::string dir = (std::filesystem::temp_directory_path() / ("chainslip-node-tls-" + std::to_string(getpid()))).string();
  auto tls = sim::write_test_tls_files(dir);
  ASSERT_TRUE(tls.ok()) << tls.error().message;
  ChainNode::Options o;
  o.suite = Suite::kP256Sha256;
  auto node = ChainNode::create(o);
  ASSERT_TRUE(node.ok());
  NodeServer::Options so;
  so.tls = *tls;
  auto server = NodeServer::start(**node, so);
  ASSERT_TRUE(server.ok()) << server.error().message;

  httplib::SSLClient trusted("127.0.0.1", (*server)->port());
  trusted.set_ca_cert_path(tls->ca_cert.c_str());
  trusted.enable_server_certificate_verification(true);
  auto r = trusted.Get("/v1/info");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);

  // Without the test CA the node's certificate is not trusted; plain HTTP gets nothing.
  auto other_ca = sim::write_test_tls_files(dir + "/other");
  ASSERT_TRUE(other_ca.ok());
  httplib::SSLClient untrusted("127.0.0.1", (*server)->port());
  untrusted.set_ca_cert_path(other_ca->ca_cert.c_str());  // another test CA
  untrusted.enable_server_certificate_verification(true);
  auto u = untrusted.Get("/v1/info");
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error(), httplib::Error::SSLServerVerification);
  httplib::Client plain("127.0.0.1", (*server)->port());
  plain.set_read_timeout(2);
  auto p = plain.Get("/v1/info");
  EXPECT_FALSE(p && p->status == 200);
  // The control API stays plain HTTP.
  httplib::Client admin("127.0.0.1", (*server)->admin_port());
  EXPECT_TRUE(admin.Get("/sim/faults"));
  server->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace chainslip

// A kiosk keeps the validator-set changes it has verified (in its cache) and
// holds every later bundle to them, so a node serving a retired validator
// set's fork cannot hide the rotation from it (PROTOCOL 5.1, docs/SECURITY.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <variant>

#include "core/engine/chainslip_engine.h"
#include "core/receipt/receipt_code.h"
#include "core/store/receipt_store.h"
#include "firmware/kiosk/receipt_lookup.h"
#include "sim/chain/attack_corpus.h"
#include "sim/node/minted_code.h"

namespace chainslip {
namespace {

// Serves the corpus' bundles by receipt, answering at once.
class CorpusNodeClient : public NodeClient {
 public:
  std::map<std::string, ReceiptBundle> bundles;  // "code-number"

  std::vector<PollInterest> poll_interests() const override { return {}; }
  void process_events() override {}
  void get_info(Callback<NodeInfo> done) override { done(NodeInfo{}); }
  void get_receipt_bundle(const std::string& code, const std::string& number, const std::string&,
                          Callback<ReceiptBundle> done) override {
    auto it = bundles.find(code + "-" + number);
    if (it == bundles.end()) return done(make_error(ErrorCode::kNotFound, "no such receipt"));
    done(it->second);
  }
  void get_receipt_status(const std::string&, const std::string&, const std::string&,
                          Callback<ReceiptStatusView> done) override {
    done(make_error(ErrorCode::kUnavailable, "not served"));
  }
  void get_validator_set_changes(Callback<std::vector<ValidatorSetChange>> done) override {
    done(make_error(ErrorCode::kUnavailable, "not served"));
  }
  void submit_transaction(const Transaction&, Callback<SubmitAnswer> done) override {
    done(make_error(ErrorCode::kUnavailable, "not served"));
  }
  void lookup_transaction(const Digest&, Callback<TxLookup> done) override {
    done(make_error(ErrorCode::kUnavailable, "not served"));
  }
  void get_device_activity(const std::string&, Callback<DeviceActivity> done) override {
    done(make_error(ErrorCode::kUnavailable, "not served"));
  }
  void cancel_all() override {}
};

class KioskRotationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto built = sim::build_attack_corpus(Suite::kP256Sha256);
    ASSERT_TRUE(built.ok()) << built.error().message;
    corpus_holder_.emplace(std::move(built).value());
    for (const auto& c : corpus().cases) {
      if (c.name == "valid-after-rotation") genuine_ = c.bundle;
      if (c.name == "retired-set-fork-hiding-rotation") fork_ = c.bundle;
    }
    ASSERT_FALSE(genuine_.receipt.code.empty());
    ASSERT_FALSE(fork_.receipt.code.empty());
    node_.bundles[key(genuine_)] = genuine_;
    node_.bundles[key(fork_)] = fork_;
    dir_ = std::filesystem::path(::testing::TempDir()) / ("kiosk_rotation_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static std::string key(const ReceiptBundle& b) { return b.receipt.code + "-" + b.receipt.number; }
  static std::string scanned(const ReceiptBundle& b) {
    return receipt_code_url(sim::minted_code(b.receipt, ReceiptCodeForm::kShort),
                            default_receipt_code_platforms().front());
  }

  // One lookup by a kiosk whose chain engine is `client`; "valid" or the log line.
  std::string look_up(ReceiptStore& store, ChainEngine& client, const ReceiptBundle& b) {
    const ManualClock clock{wall_time_from_unix_ms(corpus().now_ms)};
    ReceiptLookup lookup(node_, store, client, default_receipt_code_platforms(), clock, [](const std::string&) {});
    std::optional<LookupAnswer> answer;
    lookup.lookup(scanned(b), [&answer](LookupAnswer a) { answer.emplace(std::move(a)); });
    if (!answer) return "no answer";
    if (std::holds_alternative<VerifiedLookup>(*answer)) return "valid";
    return std::get<Rejection>(*answer).log_line;
  }

  std::optional<sim::AttackCorpus> corpus_holder_;
  sim::AttackCorpus& corpus() { return *corpus_holder_; }
  ReceiptBundle genuine_;
  ReceiptBundle fork_;
  CorpusNodeClient node_;
  std::filesystem::path dir_;
};

TEST_F(KioskRotationTest, AKioskThatSawTheRotationRefusesTheRetiredSetsFork) {
  auto store = ReceiptStore::open((dir_ / "cache.db").string());
  ASSERT_TRUE(store.ok());
  ChainslipEngine client(corpus().anchor);
  EXPECT_EQ(look_up(*store, client, genuine_), "valid");
  EXPECT_EQ(client.held_changes(), 1u);
  const std::string refused = look_up(*store, client, fork_);
  EXPECT_NE(refused.find("validator_set_mismatch"), std::string::npos) << refused;
  auto cached = store->get(fork_.receipt.code, fork_.receipt.number);
  ASSERT_TRUE(cached.ok());
  EXPECT_FALSE(cached->has_value()) << "a refused receipt must not be cached";
}

TEST_F(KioskRotationTest, TheRotationOutlivesARestartThroughTheCache) {
  {
    auto store = ReceiptStore::open((dir_ / "cache.db").string());
    ASSERT_TRUE(store.ok());
    ChainslipEngine client(corpus().anchor);
    ASSERT_EQ(look_up(*store, client, genuine_), "valid");
  }
  // A restarted kiosk: an engine from the anchor and the cached changes,
  // as KioskService holds them at start.
  auto store = ReceiptStore::open((dir_ / "cache.db").string());
  ASSERT_TRUE(store.ok());
  auto held = store->validator_set_changes(corpus().anchor.chain_id, corpus().anchor.suite);
  ASSERT_TRUE(held.ok()) << held.error().message;
  ASSERT_EQ(held->size(), 1u);
  EXPECT_EQ(validator_set_change_hash(Suite::kP256Sha256, held->front()),
            validator_set_change_hash(Suite::kP256Sha256, corpus().known_changes.front()));
  ChainslipEngine client(corpus().anchor);
  for (const auto& change : *held) ASSERT_TRUE(client.light_client().accept(change).ok());
  const std::string refused = look_up(*store, client, fork_);
  EXPECT_NE(refused.find("validator_set_mismatch"), std::string::npos) << refused;
  // Other chains' changes are not this chain's.
  auto other = store->validator_set_changes("chainslip-staging", corpus().anchor.suite);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->empty());
}

}  // namespace
}  // namespace chainslip

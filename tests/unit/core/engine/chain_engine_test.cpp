// The chain-engine seam (core/engine/chain_engine.h): the anchor picks the
// engine, a bundle's JSON picks its kind, each engine verifies its own
// bundles and refuses the other's, and a FISCO bundle survives its JSON
// while any change to what the node hashed is refused.
#include "core/engine/chain_engine.h"

#include <gtest/gtest.h>

#include <functional>

#include "sim/node/chain_node.h"
#include "tests/support/fisco_issuance.h"
#include "tests/support/kiosk_test_chain.h"

namespace chainslip::test {
namespace {

class ChainEngineTest : public FiscoIssuanceFixture {
 protected:
  fisco::ReceiptBundle fisco_bundle() const { return fisco::ReceiptBundle{receipt_, proof()}; }

  std::unique_ptr<ChainEngine> fisco_engine() const {
    auto engine = chain_engine_from_anchor(fisco::trust_anchor_to_json(anchor()));
    EXPECT_TRUE(engine.ok()) << engine.error().message;
    return engine.ok() ? std::move(engine).value() : nullptr;
  }

  // Parses `json` as a bundle and verifies it with `engine`: the first error.
  static Status check(const ChainEngine& engine, const Json& json, const HeaderCheckOptions& options) {
    CS_ASSIGN_OR_RETURN(IssuedReceipt issued, parse_issued_receipt(json.dump()));
    CS_RETURN_IF_ERROR(engine.verify(issued, options));
    return {};
  }
};

TEST_P(ChainEngineTest, AFiscoAnchorMakesTheFiscoEngineWhichVerifiesItsBundle) {
  auto engine = fisco_engine();
  ASSERT_NE(engine, nullptr);
  EXPECT_EQ(engine->kind(), ChainEngineKind::kFiscoBcos3);
  auto verified = engine->verify(IssuedReceipt(fisco_bundle()), options());
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->tx_hash, block_.transactions[1].stated_hash);
  EXPECT_EQ(verified->header_hash, block_.header.stated_hash);
  EXPECT_EQ(verified->height, static_cast<std::uint64_t>(block_.header.number));
  EXPECT_EQ(verified->receipt_hash, fisco::chain_hash(crypto(), canonical_receipt_bytes(receipt_)));
}

TEST_P(ChainEngineTest, AFiscoBundleReadsBackFromItsJsonAsTheSameBundle) {
  const Json json = issued_receipt_to_json(IssuedReceipt(fisco_bundle()));
  EXPECT_EQ(json.at("engine"), "fisco-bcos-3");
  auto issued = parse_issued_receipt(json.dump());
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  ASSERT_EQ(issued->engine(), ChainEngineKind::kFiscoBcos3);
  EXPECT_EQ(issued->receipt(), receipt_);
  EXPECT_EQ(issued_receipt_to_json(*issued), json);
  EXPECT_TRUE(fisco_engine()->verify(*issued, options()).ok());
}

// Every value the node hashed, in the header, the transaction and its
// receipt, changed in turn: the bundle no longer parses or no longer
// verifies. What the node does not hash (importTime, message, the
// transaction's and receipt's extraData) is not kept, so it cannot matter.
TEST_P(ChainEngineTest, ChangingAnyHashedValueOfAFiscoBundleIsRefused) {
  auto engine = fisco_engine();
  const Json honest = fisco::bundle_to_json(fisco_bundle());
  ASSERT_TRUE(check(*engine, honest, options()).ok());
  const std::set<std::string> unhashed = {"/transaction/importTime", "/transaction/extraData",
                                          "/transaction_receipt/message", "/transaction_receipt/extraData"};
  std::size_t changed = 0;
  std::function<void(const Json&, const Json::json_pointer&)> visit = [&](const Json& node,
                                                                          const Json::json_pointer& at) {
    if (node.is_object()) {
      for (auto it = node.begin(); it != node.end(); ++it) visit(*it, at / it.key());
      return;
    }
    if (node.is_array()) {
      for (std::size_t i = 0; i < node.size(); ++i) visit(node[i], at / i);
      return;
    }
    if (unhashed.contains(at.to_string()) || at.to_string().starts_with("/receipt/")) return;
    Json lie = honest;
    if (node.is_string()) {
      std::string s = node.get<std::string>();
      if (s.empty()) {
        s = "0";
      } else {
        char& c = s.back();
        c = c == '0' ? '1' : (c == '1' ? '2' : '0');
      }
      lie[at] = s;
    } else if (node.is_number_unsigned()) {
      lie[at] = node.get<std::uint64_t>() + 1;
    } else {
      lie[at] = Json();
    }
    ++changed;
    EXPECT_FALSE(check(*engine, lie, options()).ok()) << at.to_string() << " = " << lie[at];
  };
  visit(honest, Json::json_pointer());
  EXPECT_GT(changed, 60u);
}

TEST_P(ChainEngineTest, EachEngineRefusesTheOthersBundle) {
  auto node = sim::ChainNode::create(sim::ChainNode::Options{});
  ASSERT_TRUE(node.ok());
  ASSERT_TRUE((*node)->issue_receipts(1, kT0).ok());
  ASSERT_TRUE((*node)->seal_block(kT0).ok());
  const ReceiptCode code = (*node)->sample_codes(1).at(0);
  auto chainslip_bundle = (*node)->bundle(code.code, code.number);
  ASSERT_TRUE(chainslip_bundle.ok());

  auto chainslip_engine = chain_engine_from_anchor(trust_anchor_to_json((*node)->anchor()));
  ASSERT_TRUE(chainslip_engine.ok());
  EXPECT_EQ((*chainslip_engine)->kind(), ChainEngineKind::kChainslip);
  const HeaderCheckOptions at_t0{.now_ms = kT0 + 1000};
  EXPECT_TRUE((*chainslip_engine)->verify(IssuedReceipt(*chainslip_bundle), at_t0).ok());

  auto on_fisco = fisco_engine()->verify(IssuedReceipt(*chainslip_bundle), at_t0);
  ASSERT_FALSE(on_fisco.ok());
  EXPECT_EQ(on_fisco.code(), ErrorCode::kSuiteMismatch);
  auto on_chainslip = (*chainslip_engine)->verify(IssuedReceipt(fisco_bundle()), options());
  ASSERT_FALSE(on_chainslip.ok());
  EXPECT_EQ(on_chainslip.code(), ErrorCode::kSuiteMismatch);
  EXPECT_EQ((*chainslip_engine)->hold_changes(IssuedReceipt(fisco_bundle())).code(), ErrorCode::kSuiteMismatch);
}

TEST_P(ChainEngineTest, TheAnchorNamesItsEngine) {
  auto node = sim::ChainNode::create(sim::ChainNode::Options{});
  ASSERT_TRUE(node.ok());
  Json chainslip_anchor = trust_anchor_to_json((*node)->anchor());
  chainslip_anchor["engine"] = "chainslip";
  auto named = chain_engine_from_anchor(chainslip_anchor);
  ASSERT_TRUE(named.ok()) << named.error().message;
  EXPECT_EQ((*named)->kind(), ChainEngineKind::kChainslip);

  chainslip_anchor["engine"] = "fisco-bcos-2";
  auto unknown = chain_engine_from_anchor(chainslip_anchor);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("anchor.engine"), std::string::npos) << unknown.error().message;

  Json fisco_anchor = fisco::trust_anchor_to_json(anchor());
  fisco_anchor.erase("engine");
  EXPECT_FALSE(chain_engine_from_anchor(fisco_anchor).ok()) << "without its engine it is read as chainslip's";
}

// A sealer joins: the engine verifies the bundle that shows the change, holds
// it when told, and then verifies a later bundle that leaves it out.
TEST_P(ChainEngineTest, TheEngineHoldsTheSealerListChangesOfAVerifiedBundle) {
  auto engine = fisco_engine();
  auto sealers = chain_.sealers();
  sealers.push_back({seeded_key(crypto(), "sealer joining"), 1});
  ASSERT_TRUE(chain_.change_sealers(sealers).ok());
  auto block = chain_.seal_block({*issuance_of(receipt_, issuer_)});
  ASSERT_TRUE(block.ok());
  fisco::ReceiptBundle shown{receipt_, {block->header, block->transactions[0], block->receipts[0], {}}};
  fisco::ReceiptBundle bare = shown;
  shown.proof.sealer_list_changes.push_back(fisco::SealerListChange{{block->header}});

  EXPECT_EQ(engine->verify(IssuedReceipt(bare), options_at(block->header)).code(), ErrorCode::kValidatorSetMismatch);
  ASSERT_TRUE(engine->verify(IssuedReceipt(shown), options_at(block->header)).ok());
  EXPECT_EQ(engine->held_changes(), 0u);
  ASSERT_TRUE(engine->hold_changes(IssuedReceipt(shown)).ok());
  EXPECT_EQ(engine->held_changes(), 1u);
  EXPECT_TRUE(engine->verify(IssuedReceipt(bare), options_at(block->header)).ok());
  ASSERT_TRUE(engine->hold_changes(IssuedReceipt(shown)).ok()) << "holding it again changes nothing";
  EXPECT_EQ(engine->held_changes(), 1u);
}

INSTANTIATE_TEST_SUITE_P(BothCryptos, ChainEngineTest, ::testing::ValuesIn(kBothChainCryptos), crypto_test_name);

}  // namespace
}  // namespace chainslip::test

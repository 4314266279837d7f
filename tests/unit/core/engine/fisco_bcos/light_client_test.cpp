#include "core/engine/fisco_bcos/light_client.h"

#include <gtest/gtest.h>

#include <utility>

#include "tests/support/fisco_bcos_node_data.h"

namespace chainslip::fisco {
namespace {

// The real block 2 of a 国密 chain (tests/data/fisco-bcos), and an anchor
// trusting its sealers from `number` on.
class FiscoLightClientTest : public ::testing::Test {
 protected:
  BlockHeader block2 = test::header_of(test::load_node_data("doc-api-block2-sm"));

  TrustAnchor anchor(std::int64_t number, SealerList sealers) const {
    TrustAnchor a;
    a.crypto = ChainCrypto::kSm3Sm2;
    a.chain_id = "chain0";
    a.group_id = "group0";
    a.number = number;
    a.sealers = std::move(sealers);
    return a;
  }
  TrustAnchor anchor(std::int64_t number) const { return anchor(number, sealer_list_of(block2)); }

  HeaderCheckOptions at_block2_time() const {
    return HeaderCheckOptions{.now_ms = static_cast<std::uint64_t>(block2.timestamp) + 1000};
  }
};

TEST_F(FiscoLightClientTest, ARealHeaderSealedByTheTrustedListVerifies) {
  for (std::int64_t from : {0, 1, 2}) {
    LightClient client(anchor(from));
    auto sealed = client.verify_header(block2, at_block2_time());
    ASSERT_TRUE(sealed.ok()) << sealed.error().message;
    EXPECT_EQ(sealed->hash, block2.stated_hash);
    EXPECT_EQ(sealed->signers, (std::vector<std::uint64_t>{0, 1, 2}));
  }
}

TEST_F(FiscoLightClientTest, AHeaderBeforeTheAnchorIsRefused) {
  LightClient client(anchor(3));
  auto sealed = client.verify_header(block2, at_block2_time());
  ASSERT_FALSE(sealed.ok());
  EXPECT_EQ(sealed.code(), ErrorCode::kValidatorSetMismatch);
  EXPECT_NE(sealed.error().message.find("before the trust anchor"), std::string::npos);
}

// The header's own signatures reach its own quorum; it is still refused
// when its list is not the one the kiosk trusts: in another order, with
// other weights, without one sealer, or with another's node.
TEST_F(FiscoLightClientTest, AHeaderCarryingAnotherListThanTheTrustedOneIsRefused) {
  const SealerList real = sealer_list_of(block2);
  SealerList reordered = real;
  std::swap(reordered.node_ids[0], reordered.node_ids[3]);
  SealerList reweighted = real;
  reweighted.weights[3] = 2;
  SealerList fewer = real;
  fewer.node_ids.pop_back();
  fewer.weights.pop_back();
  SealerList other = real;
  other.node_ids[3][10] ^= 1;
  for (const SealerList& trusted : {reordered, reweighted, fewer, other}) {
    LightClient client(anchor(0, trusted));
    auto sealed = client.verify_header(block2, at_block2_time());
    ASSERT_FALSE(sealed.ok());
    EXPECT_EQ(sealed.code(), ErrorCode::kValidatorSetMismatch) << sealed.error().message;
  }
}

TEST_F(FiscoLightClientTest, TheHeaderTimeIsHeldToTheClock) {
  LightClient client(anchor(2));
  const auto t = static_cast<std::uint64_t>(block2.timestamp);
  HeaderCheckOptions early{.now_ms = t - 5 * 60 * 1000 - 1};
  auto future = client.verify_header(block2, early);
  ASSERT_FALSE(future.ok());
  EXPECT_EQ(future.code(), ErrorCode::kHeaderFromFuture);
  early.now_ms += 1;
  EXPECT_TRUE(client.verify_header(block2, early).ok()) << "within the allowed skew";

  HeaderCheckOptions fresh{.now_ms = t + 60'000, .max_age_ms = 60'000};
  EXPECT_TRUE(client.verify_header(block2, fresh).ok());
  fresh.now_ms += 1;
  auto stale = client.verify_header(block2, fresh);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.code(), ErrorCode::kHeaderStale);
}

TEST_F(FiscoLightClientTest, AForgedHeaderFailsAtItsHashOrItsSignatures) {
  LightClient client(anchor(2));
  BlockHeader changed = block2;
  changed.gas_used = "24364";
  auto hash = client.verify_header(changed, at_block2_time());
  ASSERT_FALSE(hash.ok());
  EXPECT_EQ(hash.code(), ErrorCode::kHeaderHashMismatch);

  BlockHeader resigned = block2;
  resigned.signatures[1].signature[5] ^= 1;
  auto signature = client.verify_header(resigned, at_block2_time());
  ASSERT_FALSE(signature.ok());
  EXPECT_EQ(signature.code(), ErrorCode::kValidatorSignatureInvalid);
}

TEST_F(FiscoLightClientTest, AChangeMustBeginAfterTheAnchorAndCarryANewList) {
  LightClient client(anchor(2));
  auto empty = client.accept(SealerListChange{});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.code(), ErrorCode::kValidatorSetChangeInvalid);

  auto at_anchor = client.accept(SealerListChange{{block2}});
  ASSERT_FALSE(at_anchor.ok());
  EXPECT_EQ(at_anchor.code(), ErrorCode::kValidatorSetChangeInvalid);
  EXPECT_NE(at_anchor.error().message.find("after block 2"), std::string::npos) << at_anchor.error().message;

  LightClient earlier(anchor(1));
  auto same_list = earlier.accept(SealerListChange{{block2}});
  ASSERT_FALSE(same_list.ok());
  EXPECT_NE(same_list.error().message.find("already in force"), std::string::npos) << same_list.error().message;
  EXPECT_TRUE(earlier.changes().empty());
}

// A list that shares only two of block 2's three signers cannot carry the
// 3-of-4 quorum it needs: the change is refused, and nothing is held.
TEST_F(FiscoLightClientTest, AChangeNotSignedByAQuorumOfTheListInForceIsRefused) {
  SealerList trusted = sealer_list_of(block2);
  trusted.node_ids[0][7] ^= 1;  // signer 0 is not one of ours
  LightClient client(anchor(1, trusted));
  auto change = client.accept(SealerListChange{{block2}});
  ASSERT_FALSE(change.ok());
  EXPECT_EQ(change.code(), ErrorCode::kValidatorSetChangeInvalid);
  EXPECT_NE(change.error().message.find("weight 2 of the list in force, which needs 3"), std::string::npos)
      << change.error().message;
  EXPECT_TRUE(client.changes().empty());
}

// Block 2's list differs from a trusted list only in a sealer that did not
// sign it: its three signers carry the trusted list's quorum, so the change
// is accepted, and from block 2 on only the new list is in force.
TEST_F(FiscoLightClientTest, AChangeSignedByAQuorumOfTheListInForceReplacesIt) {
  SealerList trusted = sealer_list_of(block2);
  trusted.node_ids[3][7] ^= 1;  // sealer 3 did not sign block 2
  LightClient client(anchor(1, trusted));
  ASSERT_TRUE(client.accept(SealerListChange{{block2}}).ok());
  ASSERT_EQ(client.changes().size(), 1u);
  ASSERT_TRUE(client.list_at(1).ok());
  EXPECT_EQ(**client.list_at(1), trusted);
  EXPECT_EQ(**client.list_at(2), sealer_list_of(block2));
  EXPECT_TRUE(client.verify_header(block2, at_block2_time()).ok());
  EXPECT_TRUE(client.accept(SealerListChange{{block2}}).ok()) << "a held change is accepted as it is";
  EXPECT_EQ(client.changes().size(), 1u);

  LightClient without_change(anchor(1, trusted));
  auto refused = without_change.verify_header(block2, at_block2_time());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.code(), ErrorCode::kValidatorSetMismatch);
}

}  // namespace
}  // namespace chainslip::fisco

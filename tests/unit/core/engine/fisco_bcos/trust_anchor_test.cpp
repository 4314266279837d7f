#include "core/engine/fisco_bcos/trust_anchor.h"

#include <gtest/gtest.h>

#include "tests/support/fisco_bcos_node_data.h"

namespace chainslip::fisco {
namespace {

Json anchor_json() {
  return Json{{"engine", "fisco-bcos-3"},
              {"crypto", "sm3-sm2"},
              {"chain_id", "chain0"},
              {"group_id", "group0"},
              {"number", 2u},
              {"sealers", Json::array({Json{{"node_id", std::string(128, 'a')}, {"weight", 1u}},
                                       Json{{"node_id", std::string(128, 'b')}, {"weight", 2u}}})},
              {"registry", "0x" + std::string(40, '1')},
              {"issuers", Json::array({Json{{"account", "0x" + std::string(40, 'c')},
                                            {"issuer_id", "12330000470051726F"}}})}};
}

TEST(FiscoTrustAnchorTest, ReadsEveryFieldAndWritesItBack) {
  auto anchor = trust_anchor_from_json(anchor_json());
  ASSERT_TRUE(anchor.ok()) << anchor.error().message;
  EXPECT_EQ(anchor->crypto, ChainCrypto::kSm3Sm2);
  EXPECT_EQ(anchor->chain_id, "chain0");
  EXPECT_EQ(anchor->group_id, "group0");
  EXPECT_EQ(anchor->number, 2);
  ASSERT_EQ(anchor->sealers.node_ids.size(), 2u);
  EXPECT_EQ(anchor->sealers.node_ids[1], Bytes(64, 0xbb));
  EXPECT_EQ(anchor->sealers.weights, (std::vector<std::uint64_t>{1, 2}));
  Address registry;
  registry.fill(0x11);
  EXPECT_EQ(anchor->registry, registry);
  ASSERT_EQ(anchor->issuers.size(), 1u);
  EXPECT_EQ(anchor->issuers[0].account[0], 0xcc);
  EXPECT_EQ(anchor->issuers[0].issuer_id, "12330000470051726F");
  EXPECT_EQ(trust_anchor_to_json(*anchor), anchor_json());
}

TEST(FiscoTrustAnchorTest, RefusesWhatIsNotAnAnchorNamingTheField) {
  struct Case {
    const char* name;
    Json::json_pointer pointer;
    Json value;
    const char* names;
  };
  const Case cases[] = {
      {"another engine", Json::json_pointer("/engine"), "chainslip", "anchor.engine"},
      {"unknown crypto", Json::json_pointer("/crypto"), "sha3-ed25519", "anchor.crypto"},
      {"bad chain id", Json::json_pointer("/chain_id"), "chain 0", "anchor.chain_id"},
      {"negative number", Json::json_pointer("/number"), -1, "anchor.number"},
      {"no sealers", Json::json_pointer("/sealers"), Json::array(), "anchor.sealers"},
      {"short node id", Json::json_pointer("/sealers/0/node_id"), std::string(126, 'a'), "anchor.sealers[0].node_id"},
      {"same node twice", Json::json_pointer("/sealers/1/node_id"), std::string(128, 'a'), "anchor.sealers[1]"},
      {"zero weight", Json::json_pointer("/sealers/0/weight"), 0, "anchor.sealers[0].weight"},
      {"registry without 0x", Json::json_pointer("/registry"), std::string(42, '1'), "anchor.registry"},
      {"registry not hex", Json::json_pointer("/registry"), "0x" + std::string(40, 'g'), "anchor.registry"},
      {"issuer id lower case", Json::json_pointer("/issuers/0/issuer_id"), "12330000470051726f",
       "anchor.issuers[0].issuer_id"},
      {"unknown field", Json::json_pointer("/height"), 2, "anchor"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Json doc = anchor_json();
    doc[c.pointer] = c.value;
    auto anchor = trust_anchor_from_json(doc);
    ASSERT_FALSE(anchor.ok());
    EXPECT_EQ(anchor.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(anchor.error().message.find(c.names), std::string::npos) << anchor.error().message;
  }
  Json doc = anchor_json();
  doc["issuers"].push_back(doc["issuers"][0]);
  EXPECT_FALSE(trust_anchor_from_json(doc).ok()) << "an account listed twice";
  doc = anchor_json();
  doc.erase("registry");
  EXPECT_FALSE(trust_anchor_from_json(doc).ok()) << "a missing field";
}

TEST(FiscoTrustAnchorTest, AnAddressIsReadInEitherCaseAndWrittenInLowerCase) {
  auto mixed = parse_address("0xAbCdEf0123456789abcdef0123456789ABCDEF01");
  ASSERT_TRUE(mixed.ok());
  EXPECT_EQ(address_text(*mixed), "0xabcdef0123456789abcdef0123456789abcdef01");
  EXPECT_FALSE(parse_address("0xabcdef0123456789abcdef0123456789abcdef0").ok());
  EXPECT_FALSE(parse_address("0Xabcdef0123456789abcdef0123456789abcdef01").ok());
}

TEST(FiscoTrustAnchorTest, TheSealerListOfARealHeaderIsItsNodeIdsAndWeightsInOrder) {
  const BlockHeader header = test::header_of(test::load_node_data("doc-api-block2-sm"));
  const SealerList list = sealer_list_of(header);
  EXPECT_EQ(list.node_ids, header.sealer_list);
  EXPECT_EQ(list.weights, (std::vector<std::uint64_t>{1, 1, 1, 1}));
}

}  // namespace
}  // namespace chainslip::fisco

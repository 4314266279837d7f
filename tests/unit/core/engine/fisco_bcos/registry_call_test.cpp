// The e-receipt registry's calls (registry_call.h, PROTOCOL 11.7): each
// round-trips on both chain cryptos, a call is refused on the other crypto,
// and no single changed byte of a call decodes to the same call.
#include <gtest/gtest.h>

#include "core/engine/fisco_bcos/registry_call.h"

namespace chainslip::fisco {
namespace {

Digest digest_filled(std::uint8_t b) {
  Digest d{};
  d.fill(b);
  return d;
}

std::vector<RegistryCall> every_call() {
  return {
      RegistryIssue{digest_filled(0x11), "33010126", "0000001000"},
      RegistryConvert{"33010126", "0000001000", digest_filled(0x22), "33010200", "0000000042", "refund", "自助机",
                      1'767'229'200, 7},
      RegistryVoid{"33010126", "0000001000", "33010200", "0000000042", "printer-jam", "自助机", 1'767'229'260, 8},
      RegistryPost{"33010126", "0000001000", 1'767'230'000, "杭州市财政局"},
      RegistryReverse{"33010126", "0000001000", 1'767'240'000, "退费"},
  };
}

class RegistryCallTest : public ::testing::TestWithParam<ChainCrypto> {};

TEST_P(RegistryCallTest, EveryCallRoundTrips) {
  for (const RegistryCall& call : every_call()) {
    auto input = encode_registry_call(GetParam(), call);
    ASSERT_TRUE(input.ok()) << registry_signature(call);
    auto back = decode_registry_call(GetParam(), *input);
    ASSERT_TRUE(back.ok()) << registry_signature(call) << ": " << back.error().message;
    EXPECT_EQ(*back, call) << registry_signature(call);
  }
}

TEST_P(RegistryCallTest, TheSelectorIsTheChainsHashOfTheSignature) {
  const RegistryCall issue = every_call()[0];
  auto input = encode_registry_call(GetParam(), issue);
  ASSERT_TRUE(input.ok());
  const Digest h = chain_hash(GetParam(), as_bytes("issue(bytes32,string,string)"));
  EXPECT_EQ(to_hex(ByteView(*input).first(4)), to_hex(ByteView(h).first(4)));
}

TEST_P(RegistryCallTest, NoChangedByteDecodesToTheSameCall) {
  for (const RegistryCall& call : every_call()) {
    auto input = encode_registry_call(GetParam(), call);
    ASSERT_TRUE(input.ok());
    for (std::size_t i = 0; i < input->size(); ++i) {
      Bytes changed = *input;
      changed[i] ^= 0x01;
      auto got = decode_registry_call(GetParam(), changed);
      EXPECT_TRUE(!got.ok() || !(*got == call)) << registry_signature(call) << " byte " << i;
    }
    Bytes longer = *input;
    longer.push_back(0);
    EXPECT_FALSE(decode_registry_call(GetParam(), longer).ok()) << registry_signature(call);
    EXPECT_FALSE(decode_registry_call(GetParam(), ByteView(*input).first(input->size() - 1)).ok());
  }
}

INSTANTIATE_TEST_SUITE_P(BothCryptos, RegistryCallTest,
                         ::testing::Values(ChainCrypto::kKeccak256Secp256k1, ChainCrypto::kSm3Sm2),
                         [](const ::testing::TestParamInfo<ChainCrypto>& p) {
                           return p.param == ChainCrypto::kSm3Sm2 ? std::string("Sm3") : std::string("Keccak");
                         });

TEST(RegistryCallCryptoTest, ACallOnOneCryptoIsNoRegistryCallOnTheOther) {
  for (const RegistryCall& call : every_call()) {
    auto input = encode_registry_call(ChainCrypto::kKeccak256Secp256k1, call);
    ASSERT_TRUE(input.ok());
    auto got = decode_registry_call(ChainCrypto::kSm3Sm2, *input);
    ASSERT_FALSE(got.ok()) << registry_signature(call);
    EXPECT_NE(got.error().message.find("no function of the e-receipt registry"), std::string::npos);
  }
}

TEST(RegistryCallCryptoTest, ArgumentsAreNamedAsPROTOCOLNamesThemInSignatureOrder) {
  const std::vector<std::vector<std::string>> expected = {
      {"receipt_hash", "code", "number"},
      {"code", "number", "receipt_hash", "paper_code", "paper_number", "reason", "operator", "time", "nonce"},
      {"code", "number", "paper_code", "paper_number", "reason", "operator", "time", "nonce"},
      {"code", "number", "time", "poster"},
      {"code", "number", "time", "reason"},
  };
  const std::vector<RegistryCall> calls = every_call();
  for (std::size_t i = 0; i < calls.size(); ++i) {
    std::vector<std::string> names;
    for (const RegistryArgument& a : registry_arguments(calls[i])) names.push_back(a.name);
    EXPECT_EQ(names, expected[i]) << registry_signature(calls[i]);
  }
  const std::vector<RegistryArgument> convert = registry_arguments(calls[1]);
  EXPECT_EQ(registry_call_name(calls[1]), "convert");
  EXPECT_EQ(std::get<Bytes>(convert[2].value), Bytes(32, 0x22));
  EXPECT_EQ(std::get<std::string>(convert[6].value), "自助机");
  EXPECT_EQ(std::get<std::uint64_t>(convert[8].value), 7u);
  EXPECT_EQ(registry_call_name(calls[2]), "voidCopy");
}

TEST(RegistryCallCryptoTest, TextThatIsNotUtf8IsRefused) {
  RegistryIssue bad{digest_filled(1), "3301\xff", "0000001000"};
  EXPECT_FALSE(encode_registry_call(ChainCrypto::kKeccak256Secp256k1, bad).ok());
}

}  // namespace
}  // namespace chainslip::fisco

// The contract ABI (abi.h) against the Solidity documentation's worked
// example, well-known selectors, and the call data of real FISCO BCOS
// transactions (tests/data/fisco-bcos); then its strictness: every
// non-canonical encoding is refused.
#include <gtest/gtest.h>

#include "core/engine/fisco_bcos/abi.h"
#include "tests/support/fisco_bcos_node_data.h"

namespace chainslip::fisco {
namespace {

constexpr ChainCrypto kKeccak = ChainCrypto::kKeccak256Secp256k1;

AbiFunction function(std::string_view signature) {
  auto f = parse_abi_function(signature);
  EXPECT_TRUE(f.ok()) << signature << ": " << (f.ok() ? "" : f.error().message);
  return f.ok() ? *f : AbiFunction{};
}

std::vector<AbiType> types(std::string_view signature) { return function(signature).inputs; }

Bytes hex(std::string_view h) {
  auto b = from_hex(h);
  EXPECT_TRUE(b.ok()) << h;
  return b.ok() ? *b : Bytes{};
}

std::string word(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return std::string(48, '0') + buf;
}

TEST(AbiTest, SelectorsAreKeccakOfTheCanonicalSignature) {
  // The Solidity documentation's example contract Foo, and ERC-20's.
  EXPECT_EQ(to_hex(function_selector(kKeccak, function("baz(uint32,bool)"))), "cdcd77c0");
  EXPECT_EQ(to_hex(function_selector(kKeccak, function("transfer(address,uint256)"))), "a9059cbb");
  EXPECT_EQ(to_hex(function_selector(kKeccak, function("balanceOf(address)"))), "70a08231");
}

TEST(AbiTest, SelectorsOnAGuomiChainAreSm3) {
  const AbiFunction f = function("set(string)");
  const Digest sm3 = chain_hash(ChainCrypto::kSm3Sm2, as_bytes("set(string)"));
  EXPECT_EQ(to_hex(function_selector(ChainCrypto::kSm3Sm2, f)), to_hex(ByteView(sm3).first(4)));
  EXPECT_NE(function_selector(ChainCrypto::kSm3Sm2, f), function_selector(kKeccak, f));
}

TEST(AbiTest, EncodesTheDocumentationsBazExample) {
  // baz(69, true), as the Solidity documentation spells it out.
  auto call = encode_call(kKeccak, function("baz(uint32,bool)"), {std::uint64_t{69}, true});
  ASSERT_TRUE(call.ok());
  EXPECT_EQ(to_hex(*call), "cdcd77c0" + word(69) + word(1));
  auto back = decode_call(kKeccak, function("baz(uint32,bool)"), *call);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(std::get<std::uint64_t>((*back)[0]), 69u);
  EXPECT_TRUE(std::get<bool>((*back)[1]));
}

TEST(AbiTest, DecodesARealFiscoTransactionsStringArgument) {
  // FISCO's RPC documentation's getTransaction: HelloWorld's set("test").
  const fisco::Transaction tx = test::transaction_of(test::load_node_data("doc-rpcapi-tx-51a375"));
  auto args = decode_call(kKeccak, function("set(string)"), tx.input);
  ASSERT_TRUE(args.ok()) << args.error().message;
  EXPECT_EQ(std::get<std::string>((*args)[0]), "test");
  // Encoding "test" again gives the node's bytes exactly.
  auto again = encode_call(kKeccak, function("set(string)"), {std::string("test")});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, tx.input);
}

TEST(AbiTest, DecodesRealFiscoTransactionsIntegerArguments) {
  // Two real calls of one (uint256) function whose name is not published.
  const fisco::Transaction a = test::transaction_of(test::load_node_data("javasdk-tx-08bf58-proof"));
  const fisco::Transaction b = test::transaction_of(test::load_node_data("doc-archive-tx-818d17"));
  ASSERT_GE(a.input.size(), 4u);
  ASSERT_GE(b.input.size(), 4u);
  auto x = abi_decode(types("f(uint256)"), ByteView(a.input).subspan(4));
  auto y = abi_decode(types("f(uint256)"), ByteView(b.input).subspan(4));
  ASSERT_TRUE(x.ok() && y.ok());
  EXPECT_EQ(std::get<std::uint64_t>((*x)[0]), 0x16bu);
  EXPECT_EQ(std::get<std::uint64_t>((*y)[0]), 1'000'000'000u);
  // A call of another function is refused, naming both selectors.
  auto wrong = decode_call(kKeccak, function("set(string)"), a.input);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("d91921ed"), std::string::npos) << wrong.error().message;
}

TEST(AbiTest, EncodesHeadsThenTailsWithCanonicalOffsets) {
  auto data = abi_encode(types("f(bytes,bool,string,address,bytes4)"),
                         {Bytes{'d', 'a', 'v', 'e'}, true, std::string("票据"), Address{0x11, 0x22}, Bytes{1, 2, 3, 4}});
  ASSERT_TRUE(data.ok()) << data.error().message;
  const std::string address_word = std::string(24, '0') + "1122" + std::string(36, '0');
  EXPECT_EQ(to_hex(*data), word(0xa0) + word(1) + word(0xe0) + address_word + "01020304" + std::string(56, '0') +
                               word(4) + "64617665" + std::string(56, '0') +  // "dave"
                               word(6) + "e7a5a8e68dae" + std::string(52, '0'));  // "票据"
}

TEST(AbiTest, RoundTripsEveryType) {
  const std::vector<AbiType> t = types("f(uint8,uint64,uint256,bool,address,bytes32,bytes,string,bytes)");
  Address addr{};
  addr.fill(0xab);
  const std::vector<AbiValue> v = {std::uint64_t{255},  ~std::uint64_t{0}, std::uint64_t{7}, false, addr,
                                   Bytes(32, 0x5a),     Bytes(33, 0x01),   std::string(""),  Bytes{}};
  auto data = abi_encode(t, v);
  ASSERT_TRUE(data.ok()) << data.error().message;
  auto back = abi_decode(t, *data);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, v);
}

TEST(AbiTest, RefusesValuesThatDoNotFitTheirType) {
  EXPECT_FALSE(abi_encode(types("f(uint8)"), {std::uint64_t{256}}).ok());
  EXPECT_FALSE(abi_encode(types("f(bytes32)"), {Bytes(31, 0)}).ok());
  EXPECT_FALSE(abi_encode(types("f(string)"), {Bytes{}}).ok());
  EXPECT_FALSE(abi_encode(types("f(string)"), {std::string("\xff")}).ok());
  EXPECT_FALSE(abi_encode(types("f(bool,bool)"), {true}).ok());
}

TEST(AbiTest, RefusesSignaturesItDoesNotRead) {
  for (const char* s : {"f(uint)", "f(int256)", "f(uint256[])", "f((uint8,bool))", "f(uint7)", "f(uint264)",
                        "f(bytes0)", "f(bytes33)", "f(uint08)", "f(uint8, bool)", "f(uint8,)", "(uint8)", "1f()",
                        "f(uint8", "f"}) {
    EXPECT_FALSE(parse_abi_function(s).ok()) << s;
  }
  EXPECT_EQ(function("f()").signature(), "f()");
  EXPECT_EQ(function("issue(bytes32,string,string)").signature(), "issue(bytes32,string,string)");
}

// Each row: a non-canonical or malformed encoding of f(bool,string).
struct Malformed {
  const char* name;
  std::string data;
};

TEST(AbiTest, RefusesEveryNonCanonicalEncoding) {
  const std::vector<AbiType> t = types("f(bool,string)");
  const std::string ok_tail = word(2) + "6869" + std::string(60, '0');  // "hi"
  ASSERT_TRUE(abi_decode(t, hex(word(1) + word(0x40) + ok_tail)).ok());
  const std::vector<Malformed> rows = {
      {"bool 2", word(2) + word(0x40) + ok_tail},
      {"bool with a dirty high byte", "01" + word(1).substr(2) + word(0x40) + ok_tail},
      {"dirty string padding", word(1) + word(0x40) + word(2) + "6869" + std::string(58, '0') + "01"},
      {"offset with a gap", word(1) + word(0x60) + word(0) + ok_tail},
      {"offset into the heads", word(1) + word(0x20) + ok_tail},
      {"offset past the end", word(1) + word(0x1000) + ok_tail},
      {"offset above 64 bits", word(1) + "01" + word(0x40).substr(2) + ok_tail},
      {"length past the end", word(1) + word(0x40) + word(0x21) + "6869" + std::string(60, '0')},
      {"huge length", word(1) + word(0x40) + std::string(64, 'f') + "6869" + std::string(60, '0')},
      {"trailing bytes", word(1) + word(0x40) + ok_tail + word(0)},
      {"truncated tail", word(1) + word(0x40) + word(2) + "6869"},
      {"truncated heads", word(1)},
      {"no data", ""},
      {"not UTF-8", word(1) + word(0x40) + word(2) + "c328" + std::string(60, '0')},
  };
  for (const Malformed& row : rows) {
    auto got = abi_decode(t, hex(row.data));
    ASSERT_FALSE(got.ok()) << row.name;
    EXPECT_EQ(got.code(), ErrorCode::kInvalidArgument) << row.name;
  }
  EXPECT_FALSE(abi_decode(types("f(address)"), hex("ff" + std::string(62, '0'))).ok()) << "dirty address";
  EXPECT_FALSE(abi_decode(types("f(bytes2)"), hex("0102ff" + std::string(58, '0'))).ok()) << "dirty bytes2";
  EXPECT_FALSE(abi_decode(types("f(uint8)"), hex(word(256))).ok());
  EXPECT_FALSE(abi_decode(types("f(uint256)"), hex("01" + std::string(62, '0'))).ok()) << "above 2^64-1";
}

TEST(AbiTest, ShortOrForeignCallDataIsRefusedBeforeDecoding) {
  const AbiFunction f = function("set(string)");
  EXPECT_FALSE(decode_call(kKeccak, f, hex("4ed388")).ok());
  EXPECT_FALSE(decode_call(ChainCrypto::kSm3Sm2, f, *encode_call(kKeccak, f, {std::string("x")})).ok());
}

}  // namespace
}  // namespace chainslip::fisco

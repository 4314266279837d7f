#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "core/receipt/receipt.h"
#include "core/util/strict_json.h"
#include "sim/chain/receipt_factory.h"

namespace chainslip {
namespace {

// The fixed receipt of the golden test. Every other test starts from it too.
Receipt golden_receipt() {
  Receipt r;
  r.code = "33010126";
  r.number = "0000000042";
  r.check_code = "a1B2c3";
  r.kind = ReceiptKind::kInpatient;
  r.issued_at = 1767229200;  // 2026-01-01T01:00:00Z
  r.issuer_id = "12330000470000000X";
  r.issuer_name = "浙江省人民医院";
  r.payer = "张三";
  r.items = {
      ReceiptItem{"挂号费", 1, 500, 500},
      ReceiptItem{"X-ray film", 2, 12345, 24690},
  };
  r.amount_fen = 25190;
  return r;
}

// ---------------------------------------------------------------------------
// Canonical bytes

// Written out by hand from the layout in docs/PROTOCOL.md, "Canonical receipt
// bytes": text = u32 big-endian byte length || UTF-8 bytes; integers = u64
// big-endian; the item count is a u32. Do not regenerate this from the code:
// if it no longer matches, the wire format changed.
constexpr std::string_view kGoldenCanonicalHex =
    // domain tag "chainslip.receipt.v1" (20 bytes)
    "00000014" "636861696e736c69702e726563656970742e7631"
    // code "33010126"
    "00000008" "3333303130313236"
    // number "0000000042"
    "0000000a" "30303030303030303432"
    // check_code "a1B2c3"
    "00000006" "613142326333"
    // kind "inpatient"
    "00000009" "696e70617469656e74"
    // issued_at 1767229200 = 0x6955c710
    "000000006955c710"
    // issuer_id "12330000470000000X" (18 bytes)
    "00000012" "313233333030303034373030303030303058"
    // issuer_name "浙江省人民医院": 7 characters, 21 bytes of UTF-8
    // 浙 e6b599 江 e6b19f 省 e79c81 人 e4baba 民 e6b091 医 e58cbb 院 e999a2
    "00000015" "e6b599e6b19fe79c81e4babae6b091e58cbbe999a2"
    // payer "张三": 张 U+5F20 = e5bca0, 三 U+4E09 = e4b889
    "00000006" "e5bca0e4b889"
    // item count 2 (u32)
    "00000002"
    // item 0: name "挂号费" (挂 e68c82 号 e58fb7 费 e8b4b9), quantity 1, unit price 500, amount 500
    "00000009" "e68c82e58fb7e8b4b9"
    "0000000000000001" "00000000000001f4" "00000000000001f4"
    // item 1: name "X-ray film", quantity 2, unit price 12345 = 0x3039, amount 24690 = 0x6072
    "0000000a" "582d7261792066696c6d"
    "0000000000000002" "0000000000003039" "0000000000006072"
    // amount_fen 25190 = 0x6266
    "0000000000006266";

TEST(CanonicalReceiptBytesTest, GoldenBytes) {
  const Receipt r = golden_receipt();
  ASSERT_TRUE(validate_receipt(r).ok());
  EXPECT_EQ(to_hex(canonical_receipt_bytes(r)), kGoldenCanonicalHex);
  // Length: 24 + 12 + 14 + 10 + 13 + 8 + 22 + 25 + 10 + 4 + (13 + 24) + (14 + 24) + 8.
  EXPECT_EQ(canonical_receipt_bytes(r).size(), 225u);
}

TEST(CanonicalReceiptBytesTest, KindNamesAreTheDocumentedStrings) {
  // The kind is encoded by name, so the names are part of the format.
  const std::pair<ReceiptKind, std::string_view> kinds[] = {
      {ReceiptKind::kOutpatient, "outpatient"}, {ReceiptKind::kInpatient, "inpatient"},
      {ReceiptKind::kNonTax, "non-tax"},        {ReceiptKind::kDonation, "donation"},
      {ReceiptKind::kFine, "fine"},
  };
  for (const auto& [kind, name] : kinds) {
    EXPECT_EQ(receipt_kind_name(kind), name);
    auto parsed = parse_receipt_kind(name);
    ASSERT_TRUE(parsed.ok()) << name;
    EXPECT_EQ(*parsed, kind);
    Receipt r = golden_receipt();
    r.kind = kind;
    const Bytes bytes = canonical_receipt_bytes(r);
    // The kind follows the domain tag, code, number and check code.
    const std::size_t offset = 24 + 12 + 14 + 10;
    ASSERT_GE(bytes.size(), offset + 4 + name.size());
    EXPECT_EQ(to_hex(ByteView(bytes).subspan(offset, 4 + name.size())),
              "000000" + to_hex(Bytes{static_cast<std::uint8_t>(name.size())}) + to_hex(as_bytes(name)));
  }
}

TEST(CanonicalReceiptBytesTest, EverySingleFieldChangeChangesTheBytes) {
  const Bytes base = canonical_receipt_bytes(golden_receipt());
  const std::vector<std::pair<const char*, std::function<void(Receipt&)>>> mutations = {
      {"code", [](Receipt& r) { r.code = "33010127"; }},
      {"number", [](Receipt& r) { r.number = "0000000043"; }},
      {"check_code", [](Receipt& r) { r.check_code = "A1B2c3"; }},
      {"kind", [](Receipt& r) { r.kind = ReceiptKind::kOutpatient; }},
      {"issued_at", [](Receipt& r) { r.issued_at += 1; }},
      {"issued_at high byte", [](Receipt& r) { r.issued_at |= std::uint64_t{1} << 63; }},
      {"issuer_id", [](Receipt& r) { r.issuer_id = "12330000470000000Y"; }},
      {"issuer_name", [](Receipt& r) { r.issuer_name = "浙江省人民医院 "; }},
      {"payer", [](Receipt& r) { r.payer = "张四"; }},
      {"items[0].name", [](Receipt& r) { r.items[0].name = "挂号费."; }},
      {"items[0].quantity", [](Receipt& r) { r.items[0].quantity = 2; }},
      {"items[0].unit_price_fen", [](Receipt& r) { r.items[0].unit_price_fen = 501; }},
      {"items[0].amount_fen", [](Receipt& r) { r.items[0].amount_fen = 501; }},
      {"items[1].name", [](Receipt& r) { r.items[1].name = "X-ray fil"; }},
      {"items[1].amount_fen", [](Receipt& r) { r.items[1].amount_fen = 0; }},
      {"amount_fen", [](Receipt& r) { r.amount_fen = 25191; }},
      {"item order", [](Receipt& r) { std::swap(r.items[0], r.items[1]); }},
      {"item removed", [](Receipt& r) { r.items.pop_back(); }},
      {"item added", [](Receipt& r) { r.items.push_back(r.items[0]); }},
      // Length prefixes keep field boundaries: moving a character from one
      // text field to the next changes the encoding.
      {"boundary issuer_name|payer", [](Receipt& r) {
         r.issuer_name = "浙江省人民医院张";
         r.payer = "三";
       }},
  };
  for (const auto& [name, mutate] : mutations) {
    Receipt r = golden_receipt();
    mutate(r);
    EXPECT_NE(canonical_receipt_bytes(r), base) << name;
  }
  EXPECT_EQ(canonical_receipt_bytes(golden_receipt()), base);  // deterministic
}

// ---------------------------------------------------------------------------
// JSON form

TEST(ReceiptJsonTest, HasExactlyTheDocumentedFields) {
  const Json j = receipt_to_json(golden_receipt());
  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"amount_fen", "check_code", "code", "issued_at", "issuer_id",
                                            "issuer_name", "items", "kind", "number", "payer"}));
  ASSERT_EQ(j["items"].size(), 2u);
  std::vector<std::string> item_keys;
  for (const auto& [key, value] : j["items"][0].items()) item_keys.push_back(key);
  EXPECT_EQ(item_keys, (std::vector<std::string>{"amount_fen", "name", "quantity", "unit_price_fen"}));
  EXPECT_EQ(j["kind"], "inpatient");
  EXPECT_EQ(j["amount_fen"], 25190u);
  EXPECT_EQ(j["items"][1]["name"], "X-ray film");
}

Result<Receipt> roundtrip(const Receipt& r) {
  auto doc = parse_strict_json(receipt_to_json(r).dump());
  if (!doc.ok()) return doc.error();
  return receipt_from_json(*doc, "receipt");
}

TEST(ReceiptJsonTest, RoundTripsThroughText) {
  auto back = roundtrip(golden_receipt());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, golden_receipt());
  EXPECT_EQ(canonical_receipt_bytes(*back), canonical_receipt_bytes(golden_receipt()));
}

TEST(ReceiptJsonTest, FactoryReceiptsRoundTrip) {
  sim::ReceiptFactory factory(7);
  for (std::uint64_t seq = 1; seq <= 50; ++seq) {
    Receipt r = factory.make("12330000470000000X", "浙江省人民医院", "33010126", seq, 1767229200 + seq);
    ASSERT_TRUE(validate_receipt(r).ok()) << seq;
    auto back = roundtrip(r);
    ASSERT_TRUE(back.ok()) << seq << ": " << back.error().message;
    EXPECT_EQ(*back, r) << seq;
  }
}

TEST(ReceiptJsonTest, EveryKindRoundTrips) {
  for (ReceiptKind kind : {ReceiptKind::kOutpatient, ReceiptKind::kInpatient, ReceiptKind::kNonTax,
                           ReceiptKind::kDonation, ReceiptKind::kFine}) {
    Receipt r = golden_receipt();
    r.kind = kind;
    auto back = roundtrip(r);
    ASSERT_TRUE(back.ok()) << receipt_kind_name(kind);
    EXPECT_EQ(back->kind, kind);
  }
}

// ---------------------------------------------------------------------------
// Validation: each rule on the struct (validate_receipt) and through the JSON
// parser (receipt_from_json on the same receipt as an in-memory Json).

struct Rule {
  const char* name;
  std::function<void(Receipt&)> mutate;
  std::string field;  // the message must name it
};

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// An item list of `count` identical 1-fen items, with the matching total.
void set_items(Receipt& r, std::size_t count) {
  r.items.assign(count, ReceiptItem{"挂号费", 1, 1, 1});
  r.amount_fen = count;
}

constexpr std::uint64_t k2e32 = std::uint64_t{1} << 32;

std::vector<Rule> invalid_receipts() {
  return {
      {"code 7 digits", [](Receipt& r) { r.code = "3301012"; }, "receipt.code"},
      {"code 9 digits", [](Receipt& r) { r.code = "330101260"; }, "receipt.code"},
      {"code letter", [](Receipt& r) { r.code = "3301012A"; }, "receipt.code"},
      {"code fullwidth digits", [](Receipt& r) { r.code = "３３０１"; }, "receipt.code"},
      {"code empty", [](Receipt& r) { r.code = ""; }, "receipt.code"},
      {"number 9 digits", [](Receipt& r) { r.number = "000000004"; }, "receipt.number"},
      {"number 11 digits", [](Receipt& r) { r.number = "00000000420"; }, "receipt.number"},
      {"number letter", [](Receipt& r) { r.number = "000000004a"; }, "receipt.number"},
      {"number sign", [](Receipt& r) { r.number = "-000000042"; }, "receipt.number"},
      {"check_code 5", [](Receipt& r) { r.check_code = "a1B2c"; }, "receipt.check_code"},
      {"check_code 7", [](Receipt& r) { r.check_code = "a1B2c3d"; }, "receipt.check_code"},
      {"check_code punctuation", [](Receipt& r) { r.check_code = "a1B2c!"; }, "receipt.check_code"},
      {"check_code space", [](Receipt& r) { r.check_code = "a1B2c "; }, "receipt.check_code"},
      {"check_code 6 bytes of CJK", [](Receipt& r) { r.check_code = "张三"; }, "receipt.check_code"},
      {"issuer_id 17", [](Receipt& r) { r.issuer_id = "12330000470000000"; }, "receipt.issuer_id"},
      {"issuer_id 19", [](Receipt& r) { r.issuer_id = "12330000470000000XX"; }, "receipt.issuer_id"},
      {"issuer_id lowercase", [](Receipt& r) { r.issuer_id = "12330000470000000x"; }, "receipt.issuer_id"},
      {"issuer_id punctuation", [](Receipt& r) { r.issuer_id = "1233000047000000-X"; }, "receipt.issuer_id"},
      {"issuer_name empty", [](Receipt& r) { r.issuer_name = ""; }, "receipt.issuer_name"},
      {"issuer_name 129 bytes", [](Receipt& r) { r.issuer_name = std::string(129, 'a'); }, "receipt.issuer_name"},
      {"issuer_name 43 CJK = 129 bytes", [](Receipt& r) { r.issuer_name = repeat("院", 43); },
       "receipt.issuer_name"},
      {"issuer_name newline", [](Receipt& r) { r.issuer_name = "浙江省\n人民医院"; }, "receipt.issuer_name"},
      {"issuer_name bad UTF-8", [](Receipt& r) { r.issuer_name = "浙江\xff"; }, "receipt.issuer_name"},
      {"payer empty", [](Receipt& r) { r.payer = ""; }, "receipt.payer"},
      {"payer 65 bytes", [](Receipt& r) { r.payer = std::string(65, 'a'); }, "receipt.payer"},
      {"payer 22 CJK = 66 bytes", [](Receipt& r) { r.payer = repeat("张", 22); }, "receipt.payer"},
      {"payer tab", [](Receipt& r) { r.payer = "张\t三"; }, "receipt.payer"},
      {"payer NUL", [](Receipt& r) { r.payer = std::string("张\0三", 7); }, "receipt.payer"},
      {"payer DEL", [](Receipt& r) { r.payer = "张\x7f"; }, "receipt.payer"},
      {"payer overlong", [](Receipt& r) { r.payer = "\xc0\xaf"; }, "receipt.payer"},
      {"payer surrogate", [](Receipt& r) { r.payer = "\xed\xa0\x80"; }, "receipt.payer"},
      {"payer truncated", [](Receipt& r) { r.payer = "张\xe4\xb8"; }, "receipt.payer"},
      {"no items", [](Receipt& r) { set_items(r, 0); }, "receipt.items"},
      {"201 items", [](Receipt& r) { set_items(r, kMaxReceiptItems + 1); }, "receipt.items"},
      {"item name empty", [](Receipt& r) { r.items[1].name = ""; }, "receipt.items[1].name"},
      {"item name 129 bytes", [](Receipt& r) { r.items[1].name = std::string(129, 'x'); },
       "receipt.items[1].name"},
      {"item name control", [](Receipt& r) { r.items[1].name = "X-ray\x1b[31m"; }, "receipt.items[1].name"},
      {"item name bad UTF-8", [](Receipt& r) { r.items[0].name = "\xe6\x8c"; }, "receipt.items[0].name"},
      {"zero quantity", [](Receipt& r) {
         r.items[1] = {"X-ray film", 0, 12345, 0};
         r.amount_fen = 500;
       }, "receipt.items[1].quantity"},
      {"amount != qty*price", [](Receipt& r) {
         r.items[1].amount_fen = 24691;
         r.amount_fen = 25191;
       }, "receipt.items[1].amount_fen"},
      {"amount = price, not qty*price", [](Receipt& r) {
         r.items[1].amount_fen = 12345;
         r.amount_fen = 12845;
       }, "receipt.items[1].amount_fen"},
      {"sum != total (more)", [](Receipt& r) { r.amount_fen = 25191; }, "receipt.amount_fen"},
      {"sum != total (less)", [](Receipt& r) { r.amount_fen = 25189; }, "receipt.amount_fen"},
      {"sum != total (zero)", [](Receipt& r) { r.amount_fen = 0; }, "receipt.amount_fen"},
      // 2^32 x 2^32 = 2^64 wraps to 0 in u64: an amount of 0 must not pass.
      {"overflow 2^32 x 2^32", [](Receipt& r) {
         r.items[1] = {"X-ray film", k2e32, k2e32, 0};
         r.amount_fen = 500;
       }, "receipt.items[1].amount_fen"},
      // 2^33 x (2^31 + 1) = 2^64 + 2^33 wraps to 2^33: the wrapped product must not pass either.
      {"overflow to wrapped value", [](Receipt& r) {
         r.items[1] = {"X-ray film", k2e32 * 2, k2e32 / 2 + 1, k2e32 * 2};
         r.amount_fen = 500 + k2e32 * 2;
       }, "receipt.items[1].amount_fen"},
      {"overflow 2^63 x 2", [](Receipt& r) {
         r.items[1] = {"X-ray film", std::uint64_t{1} << 63, 2, 0};
         r.amount_fen = 500;
       }, "receipt.items[1].amount_fen"},
      {"huge quantity at price 0", [](Receipt& r) {
         r.items[1] = {"X-ray film", std::numeric_limits<std::uint64_t>::max(), 0, 0};
         r.amount_fen = 500;
       }, "receipt.items[1].amount_fen"},
      {"unit price over the limit", [](Receipt& r) {
         r.items[1] = {"X-ray film", 1, kMaxAmountFen + 1, kMaxAmountFen + 1};
         r.amount_fen = 500 + kMaxAmountFen + 1;
       }, "receipt.items[1].amount_fen"},
      {"product just over the limit", [](Receipt& r) {
         r.items = {ReceiptItem{"手术费", 1'000'001, 1'000'000, 1'000'001'000'000}};
         r.amount_fen = 1'000'001'000'000;
       }, "receipt.items[0].amount_fen"},
      {"total over the limit", [](Receipt& r) {
         r.items = {ReceiptItem{"手术费", 1, kMaxAmountFen, kMaxAmountFen}, ReceiptItem{"挂号费", 1, 1, 1}};
         r.amount_fen = kMaxAmountFen + 1;
       }, "receipt.amount_fen"},
      // Every item at the limit: the sum (200 x 10^12) is far over it but
      // must not wrap into a "matching" total.
      {"200 items at the limit", [](Receipt& r) {
         r.items.assign(kMaxReceiptItems, ReceiptItem{"手术费", 1, kMaxAmountFen, kMaxAmountFen});
         r.amount_fen = kMaxAmountFen * kMaxReceiptItems;
       }, "receipt.amount_fen"},
  };
}

TEST(ValidateReceiptTest, GoldenReceiptIsValid) { EXPECT_TRUE(validate_receipt(golden_receipt()).ok()); }

TEST(ValidateReceiptTest, BoundaryValuesAreValid) {
  const std::vector<std::pair<const char*, std::function<void(Receipt&)>>> ok_cases = {
      {"check_code all letters", [](Receipt& r) { r.check_code = "abcXYZ"; }},
      {"check_code all digits", [](Receipt& r) { r.check_code = "000000"; }},
      {"issuer_id all digits", [](Receipt& r) { r.issuer_id = "123456789012345678"; }},
      {"issuer_name 128 bytes", [](Receipt& r) { r.issuer_name = std::string(128, 'a'); }},
      {"payer 64 bytes", [](Receipt& r) { r.payer = std::string(64, 'a'); }},
      {"payer 21 CJK = 63 bytes", [](Receipt& r) { r.payer = repeat("张", 21); }},
      {"payer 1 byte", [](Receipt& r) { r.payer = "Z"; }},
      {"item name 128 bytes", [](Receipt& r) { r.items[0].name = std::string(128, 'x'); }},
      {"200 items", [](Receipt& r) { set_items(r, kMaxReceiptItems); }},
      {"free item", [](Receipt& r) { r.items.push_back(ReceiptItem{"赠品", 3, 0, 0}); }},
      {"amount exactly at the limit", [](Receipt& r) {
         r.items = {ReceiptItem{"手术费", 1'000'000, 1'000'000, kMaxAmountFen}};
         r.amount_fen = kMaxAmountFen;
       }},
      {"quantity at the limit", [](Receipt& r) {
         r.items = {ReceiptItem{"纱布", kMaxAmountFen, 1, kMaxAmountFen}};
         r.amount_fen = kMaxAmountFen;
       }},
      {"issued_at 0", [](Receipt& r) { r.issued_at = 0; }},
  };
  for (const auto& [name, mutate] : ok_cases) {
    Receipt r = golden_receipt();
    mutate(r);
    auto status = validate_receipt(r);
    EXPECT_TRUE(status.ok()) << name << ": " << (status.ok() ? "" : status.error().message);
    auto back = roundtrip(r);
    EXPECT_TRUE(back.ok()) << name << " (JSON): " << (back.ok() ? "" : back.error().message);
  }
}

TEST(ValidateReceiptTest, EveryRuleIsEnforcedWithTheFieldNamed) {
  for (const auto& rule : invalid_receipts()) {
    Receipt r = golden_receipt();
    rule.mutate(r);
    auto status = validate_receipt(r);
    ASSERT_FALSE(status.ok()) << rule.name;
    EXPECT_EQ(status.code(), ErrorCode::kInvalidArgument) << rule.name;
    EXPECT_NE(status.error().message.find(rule.field), std::string::npos)
        << rule.name << ": \"" << status.error().message << "\" does not name " << rule.field;
  }
}

TEST(ReceiptFromJsonTest, EveryRuleIsEnforcedWithTheFieldNamed) {
  for (const auto& rule : invalid_receipts()) {
    Receipt r = golden_receipt();
    rule.mutate(r);
    // In memory, not dumped: a dump would refuse the invalid UTF-8 cases.
    const Json j = receipt_to_json(r);
    auto parsed = receipt_from_json(j, "receipt");
    ASSERT_FALSE(parsed.ok()) << rule.name;
    EXPECT_EQ(parsed.code(), ErrorCode::kInvalidArgument) << rule.name;
    EXPECT_NE(parsed.error().message.find(rule.field), std::string::npos)
        << rule.name << ": \"" << parsed.error().message << "\" does not name " << rule.field;
  }
}

// JSON-only rules: the text of the golden receipt with one value replaced.
std::string golden_text() { return receipt_to_json(golden_receipt()).dump(); }

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from << " not in " << text;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

void expect_json_rejected(const std::string& text, const std::string& field) {
  auto doc = parse_strict_json(text);
  Result<Receipt> r = doc.ok() ? receipt_from_json(*doc, "receipt") : Result<Receipt>(doc.error());
  ASSERT_FALSE(r.ok()) << text;
  EXPECT_EQ(r.code(), ErrorCode::kInvalidArgument) << text;
  EXPECT_NE(r.error().message.find(field), std::string::npos)
      << "\"" << r.error().message << "\" does not name " << field;
}

TEST(ReceiptFromJsonTest, GoldenTextIsAccepted) {
  auto doc = parse_strict_json(golden_text());
  ASSERT_TRUE(doc.ok());
  auto r = receipt_from_json(*doc, "receipt");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, golden_receipt());
}

TEST(ReceiptFromJsonTest, MoneyMustBeANonNegativeInteger) {
  const std::string text = golden_text();
  // dump() sorts keys, so the receipt total comes first ("amount_fen" <
  // "items") and item 0's fields follow "items":[.
  ASSERT_EQ(text.rfind(R"({"amount_fen":25190,)", 0), 0u) << text;
  for (const char* bad : {"25190.0", "25190.5", "2.519e4", "\"25190\"", "-25190", "-0", "null", "true",
                          "[25190]", "18446744073709551616"}) {
    expect_json_rejected(replace_once(text, R"("amount_fen":25190)", std::string(R"("amount_fen":)") + bad),
                         "receipt.amount_fen");
  }
  for (const char* bad : {"12.5", "\"500\"", "-500", "5e2", "500.0"}) {
    expect_json_rejected(replace_once(text, R"("amount_fen":500,)", std::string(R"("amount_fen":)") + bad + ","),
                         "receipt.items[0].amount_fen");
    expect_json_rejected(
        replace_once(text, R"("unit_price_fen":500})", std::string(R"("unit_price_fen":)") + bad + "}"),
        "receipt.items[0].unit_price_fen");
  }
  for (const char* bad : {"1.0", "\"1\"", "-1", "1e0"}) {
    expect_json_rejected(replace_once(text, R"("quantity":1,)", std::string(R"("quantity":)") + bad + ","),
                         "receipt.items[0].quantity");
  }
}

TEST(ReceiptFromJsonTest, IssuedAtMustBeAnIntegerWithinInt64) {
  const std::string text = golden_text();
  for (const char* bad : {"1767229200.5", "\"1767229200\"", "-1", "9223372036854775808", "18446744073709551615"}) {
    expect_json_rejected(replace_once(text, R"("issued_at":1767229200)", std::string(R"("issued_at":)") + bad),
                         "receipt.issued_at");
  }
  auto doc = parse_strict_json(replace_once(text, R"("issued_at":1767229200)", R"("issued_at":9223372036854775807)"));
  ASSERT_TRUE(doc.ok());
  auto r = receipt_from_json(*doc, "receipt");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->issued_at, 9223372036854775807u);
}

TEST(ReceiptFromJsonTest, KindMustBeOneOfTheNames) {
  const std::string text = golden_text();
  for (const char* bad : {"\"Inpatient\"", "\"INPATIENT\"", "\"non_tax\"", "\"nontax\"", "\"\"", "\"inpatient \"",
                          "\"unknown\"", "1", "null"}) {
    expect_json_rejected(replace_once(text, R"("kind":"inpatient")", std::string(R"("kind":)") + bad), "kind");
  }
}

TEST(ReceiptFromJsonTest, UnknownFieldsAreRejected) {
  const std::string text = golden_text();
  expect_json_rejected(replace_once(text, R"({"amount_fen":25190,)", R"({"amount_fen":25190,"note":"x",)"),
                       "receipt.note");
  expect_json_rejected(replace_once(text, R"("quantity":1,)", R"("quantity":1,"discount_fen":0,)"),
                       "receipt.items[0].discount_fen");
}

TEST(ReceiptFromJsonTest, MissingFieldsAreRejected) {
  const Json full = receipt_to_json(golden_receipt());
  for (const auto& [key, value] : full.items()) {
    Json j = full;
    j.erase(key);
    auto r = receipt_from_json(j, "receipt");
    ASSERT_FALSE(r.ok()) << key;
    EXPECT_EQ(r.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find("receipt." + key), std::string::npos) << r.error().message;
  }
  for (const char* key : {"name", "quantity", "unit_price_fen", "amount_fen"}) {
    Json j = full;
    j["items"][1].erase(key);
    auto r = receipt_from_json(j, "receipt");
    ASSERT_FALSE(r.ok()) << key;
    EXPECT_NE(r.error().message.find(std::string("receipt.items[1].") + key), std::string::npos)
        << r.error().message;
  }
}

TEST(ReceiptFromJsonTest, DuplicateFieldsAreRejected) {
  const std::string text = golden_text();
  // The same value twice, and a second, different value.
  expect_json_rejected(replace_once(text, R"({"amount_fen":25190,)", R"({"amount_fen":25190,"amount_fen":25190,)"),
                       "amount_fen");
  expect_json_rejected(replace_once(text, R"("payer":"张三")", R"("payer":"张三","payer":"李四")"), "payer");
  expect_json_rejected(replace_once(text, R"("quantity":1,)", R"("quantity":1,"quantity":1,)"), "quantity");
}

TEST(ReceiptFromJsonTest, WrongShapesAreRejected) {
  const std::string text = golden_text();
  expect_json_rejected(R"(["not", "an", "object"])", "receipt");
  expect_json_rejected(replace_once(text, R"("items":[{)", R"("items":["x",{)"), "receipt.items[0]");
  expect_json_rejected(replace_once(text, R"("code":"33010126")", R"("code":33010126)"), "receipt.code");
  expect_json_rejected(replace_once(text, R"("payer":"张三")", R"("payer":["张三"])"), "receipt.payer");
  Json j = receipt_to_json(golden_receipt());
  j["items"] = Json{{"0", j["items"][0]}};
  expect_json_rejected(j.dump(), "receipt.items");
}

}  // namespace
}  // namespace chainslip

#include "core/receipt/receipt.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "core/util/strict_json.h"
#include "sim/chain/receipt_factory.h"

namespace chainslip {
namespace {

// The fixed receipt of the golden test: an outpatient receipt with its
// medical extension. Every other test starts from it too.
Receipt golden_receipt() {
  Receipt r;
  r.kind = ReceiptKind::kOutpatient;
  r.title = "门诊收费票据";
  r.code = "33010126";
  r.number = "0000000042";
  r.check_code = "a1b2c3";
  r.issued_at = 1767229200;  // 2026-01-01T01:00:00Z
  r.business_serial = "MZ2026010100042";
  r.issuer_id = "12330000470000000X";
  r.issuer_name = "浙江省人民医院";
  r.payer = Payer{PayerKind::kPerson, "张三", "33010619800101123X"};
  r.drawer = "Wang Min";
  r.items = {
      ReceiptItem{"110200001", "诊察费", "次", 100, 120000, 1200, InsuranceClass::kClassA},
      ReceiptItem{"XA02BAA", "Omeprazole", "box", 150, 123457, 1852, InsuranceClass::kSelfPay},
  };
  r.amount_fen = 3052;
  MedicalDetails m;
  m.patient_number = "MZ00012345";
  m.visit_date = CalendarDate{20260101};
  m.institution_type = "General";
  m.insurance_type = "Employee";
  m.payments = MedicalPayments{2000, 500, 0, 552};
  r.medical = m;
  return r;
}

// An inpatient receipt: admission and discharge dates instead of a visit.
Receipt inpatient_receipt() {
  Receipt r = golden_receipt();
  r.kind = ReceiptKind::kInpatient;
  r.medical->patient_number = "ZY00000007";
  r.medical->visit_date = CalendarDate{};
  r.medical->admission_date = CalendarDate{20251225};
  r.medical->discharge_date = CalendarDate{20260101};
  return r;
}

// A non-tax receipt: no medical extension.
Receipt non_tax_receipt() {
  Receipt r = golden_receipt();
  r.kind = ReceiptKind::kNonTax;
  r.medical.reset();
  return r;
}

// ---------------------------------------------------------------------------
// Canonical bytes

// Written out from the layout in docs/PROTOCOL.md 2.1, field by field: text
// = u32 big-endian byte length || UTF-8 bytes; integers u64 big-endian;
// item count and dates u32; the medical flag one byte. Do not regenerate this
// from the code: if it no longer matches, the wire format changed.
constexpr std::string_view kGoldenCanonicalHex =
    // domain tag
    "00000014"
    "636861696e736c69702e726563656970742e7632"
    // kind
    "0000000a"
    "6f757470617469656e74"
    // title 门诊收费票据
    "00000012"
    "e997a8e8af8ae694b6e8b4b9e7a5a8e68dae"
    // code
    "00000008"
    "3333303130313236"
    // number
    "0000000a"
    "30303030303030303432"
    // check_code
    "00000006"
    "613162326333"
    // issued_at 1767229200
    "000000006955c710"
    // business_serial
    "0000000f"
    "4d5a32303236303130313030303432"
    // issuer_id
    "00000012"
    "313233333030303034373030303030303058"
    // issuer_name 浙江省人民医院
    "00000015"
    "e6b599e6b19fe79c81e4babae6b091e58cbbe999a2"
    // payer.kind
    "00000006"
    "706572736f6e"
    // payer.name 张三
    "00000006"
    "e5bca0e4b889"
    // payer.id_number
    "00000012"
    "333330313036313938303031303131323358"
    // drawer
    "00000008"
    "57616e67204d696e"
    // reviewer (empty)
    "00000000"
    // remark (empty)
    "00000000"
    // item count
    "00000002"
    // item 0 code
    "00000009"
    "313130323030303031"
    // item 0 name 诊察费
    "00000009"
    "e8af8ae5af9fe8b4b9"
    // item 0 unit 次
    "00000003"
    "e6aca1"
    // item 0 quantity 1.00 = 100
    "0000000000000064"
    // item 0 unit price 12.0000 = 120000
    "000000000001d4c0"
    // item 0 amount 12.00 = 1200
    "00000000000004b0"
    // item 0 insurance class
    "00000001"
    "61"
    // item 1 code
    "00000007"
    "58413032424141"
    // item 1 name
    "0000000a"
    "4f6d657072617a6f6c65"
    // item 1 unit
    "00000003"
    "626f78"
    // item 1 quantity 1.50 = 150
    "0000000000000096"
    // item 1 unit price 12.3457 = 123457
    "000000000001e241"
    // item 1 amount 18.52 = 1852 (1.50 x 12.3457 = 18.518550, half up)
    "000000000000073c"
    // item 1 insurance class
    "00000008"
    "73656c662d706179"
    // amount 30.52 = 3052
    "0000000000000bec"
    // medical present
    "01"
    // patient_number
    "0000000a"
    "4d5a3030303132333435"
    // visit_date 20260101
    "01352505"
    // admission_date (none)
    "00000000"
    // discharge_date (none)
    "00000000"
    // institution_type
    "00000007"
    "47656e6572616c"
    // insurance_type
    "00000008"
    "456d706c6f796565"
    // fund 20.00
    "00000000000007d0"
    // account 5.00
    "00000000000001f4"
    // other 0.00
    "0000000000000000"
    // cash 5.52
    "0000000000000228";

TEST(CanonicalReceiptBytesTest, GoldenBytes) {
  const Receipt r = golden_receipt();
  ASSERT_TRUE(validate_receipt(r).ok()) << validate_receipt(r).error().message;
  EXPECT_EQ(to_hex(canonical_receipt_bytes(r)), kGoldenCanonicalHex);
  EXPECT_EQ(canonical_receipt_bytes(r).size(), 456u);
}

TEST(CanonicalReceiptBytesTest, NamesAreTheDocumentedStrings) {
  // Kinds, payer kinds and insurance classes are encoded by name, so the
  // names are part of the format.
  const std::pair<ReceiptKind, std::string_view> kinds[] = {
      {ReceiptKind::kOutpatient, "outpatient"},
      {ReceiptKind::kInpatient, "inpatient"},
      {ReceiptKind::kNonTax, "non-tax"},
      {ReceiptKind::kDonation, "donation"},
      {ReceiptKind::kFine, "fine"},
  };
  for (const auto& [kind, name] : kinds) {
    EXPECT_EQ(receipt_kind_name(kind), name);
    auto parsed = parse_receipt_kind(name);
    ASSERT_TRUE(parsed.ok()) << name;
    EXPECT_EQ(*parsed, kind);
  }
  EXPECT_EQ(payer_kind_name(PayerKind::kPerson), "person");
  EXPECT_EQ(payer_kind_name(PayerKind::kOrganisation), "organisation");
  EXPECT_EQ(insurance_class_name(InsuranceClass::kNone), "none");
  EXPECT_EQ(insurance_class_name(InsuranceClass::kClassA), "a");
  EXPECT_EQ(insurance_class_name(InsuranceClass::kClassB), "b");
  EXPECT_EQ(insurance_class_name(InsuranceClass::kSelfPay), "self-pay");
  // The kind follows the domain tag.
  Receipt r = golden_receipt();
  r.kind = ReceiptKind::kFine;
  r.medical.reset();
  const Bytes bytes = canonical_receipt_bytes(r);
  EXPECT_EQ(to_hex(ByteView(bytes).subspan(24, 8)), "00000004" + to_hex(as_bytes("fine")));
}

TEST(CanonicalReceiptBytesTest, InpatientDatesAndNoMedicalAreEncoded) {
  const Bytes in = canonical_receipt_bytes(inpatient_receipt());
  // ... patient number, then visit 0, admission 20251225, discharge 20260101.
  const std::string hex = to_hex(in);
  EXPECT_NE(hex.find("0000000a" + to_hex(as_bytes("ZY00000007")) + "00000000" + "01350259" + "01352505"),
            std::string::npos);
  const Bytes none = canonical_receipt_bytes(non_tax_receipt());
  // Without the extension the encoding ends at the total and a 0 flag.
  EXPECT_EQ(to_hex(ByteView(none).subspan(none.size() - 9)), "0000000000000bec00");
}

TEST(CanonicalReceiptBytesTest, EverySingleFieldChangeChangesTheBytes) {
  const Bytes base = canonical_receipt_bytes(golden_receipt());
  const std::vector<std::pair<const char*, std::function<void(Receipt&)>>> mutations = {
      {"kind", [](Receipt& r) { r.kind = ReceiptKind::kInpatient; }},
      {"title", [](Receipt& r) { r.title += "."; }},
      {"code", [](Receipt& r) { r.code = "33010127"; }},
      {"number", [](Receipt& r) { r.number = "0000000043"; }},
      {"check_code", [](Receipt& r) { r.check_code = "a1b2c4"; }},
      {"issued_at", [](Receipt& r) { r.issued_at += 1; }},
      {"issued_at high byte", [](Receipt& r) { r.issued_at |= std::uint64_t{1} << 62; }},
      {"business_serial", [](Receipt& r) { r.business_serial += "1"; }},
      {"issuer_id", [](Receipt& r) { r.issuer_id = "12330000470000000Y"; }},
      {"issuer_name", [](Receipt& r) { r.issuer_name = "浙江省人民医院 "; }},
      {"payer.kind", [](Receipt& r) { r.payer.kind = PayerKind::kOrganisation; }},
      {"payer.name", [](Receipt& r) { r.payer.name = "张四"; }},
      {"payer.id_number", [](Receipt& r) { r.payer.id_number = "330106198001011230"; }},
      {"drawer", [](Receipt& r) { r.drawer = "Li Jing"; }},
      {"reviewer", [](Receipt& r) { r.reviewer = "Li Jing"; }},
      {"remark", [](Receipt& r) { r.remark = "x"; }},
      {"items[0].code", [](Receipt& r) { r.items[0].code = "110200002"; }},
      {"items[0].name", [](Receipt& r) { r.items[0].name = "挂号费"; }},
      {"items[0].unit", [](Receipt& r) { r.items[0].unit = "项"; }},
      {"items[0].quantity", [](Receipt& r) { r.items[0].quantity_hundredths = 101; }},
      {"items[0].unit_price", [](Receipt& r) { r.items[0].unit_price_ten_thousandths = 120001; }},
      {"items[0].amount", [](Receipt& r) { r.items[0].amount_fen = 1201; }},
      {"items[0].insurance_class", [](Receipt& r) { r.items[0].insurance_class = InsuranceClass::kClassB; }},
      {"amount", [](Receipt& r) { r.amount_fen = 3053; }},
      {"item order", [](Receipt& r) { std::swap(r.items[0], r.items[1]); }},
      {"item removed", [](Receipt& r) { r.items.pop_back(); }},
      {"medical removed", [](Receipt& r) { r.medical.reset(); }},
      {"medical.patient_number", [](Receipt& r) { r.medical->patient_number = "MZ00012346"; }},
      {"medical.visit_date", [](Receipt& r) { r.medical->visit_date = CalendarDate{20260102}; }},
      {"medical.institution_type", [](Receipt& r) { r.medical->institution_type = "Clinic"; }},
      {"medical.insurance_type", [](Receipt& r) { r.medical->insurance_type = "Resident"; }},
      {"medical.fund", [](Receipt& r) { r.medical->payments.fund_fen += 1; }},
      {"medical.account", [](Receipt& r) { r.medical->payments.account_fen += 1; }},
      {"medical.other", [](Receipt& r) { r.medical->payments.other_fen += 1; }},
      {"medical.cash", [](Receipt& r) { r.medical->payments.cash_fen += 1; }},
      // Length prefixes keep field boundaries: moving a character from one
      // text field to the next changes the encoding.
      {"boundary drawer|reviewer",
       [](Receipt& r) {
         r.drawer = "Wang Mi";
         r.reviewer = "n";
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

std::vector<std::string> keys_of(const Json& j) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  return keys;
}

TEST(ReceiptJsonTest, HasExactlyTheDocumentedFields) {
  const Json j = receipt_to_json(golden_receipt());
  EXPECT_EQ(keys_of(j),
            (std::vector<std::string>{"amount", "business_serial", "check_code", "code", "drawer",
                                      "issued_at", "issuer_id", "issuer_name", "items", "kind", "medical",
                                      "number", "payer", "remark", "reviewer", "title"}));
  EXPECT_EQ(keys_of(j["payer"]), (std::vector<std::string>{"id_number", "kind", "name"}));
  EXPECT_EQ(keys_of(j["items"][0]), (std::vector<std::string>{"amount", "code", "insurance_class", "name",
                                                              "quantity", "unit", "unit_price"}));
  EXPECT_EQ(keys_of(j["medical"]), (std::vector<std::string>{"institution_type", "insurance_type",
                                                             "patient_number", "payments", "visit_date"}));
  EXPECT_EQ(keys_of(j["medical"]["payments"]),
            (std::vector<std::string>{"account", "cash", "fund", "other"}));
  EXPECT_EQ(keys_of(receipt_to_json(inpatient_receipt())["medical"]),
            (std::vector<std::string>{"admission_date", "discharge_date", "institution_type",
                                      "insurance_type", "patient_number", "payments"}));
  // Money, quantities and prices are exact decimal strings; dates ISO.
  EXPECT_EQ(j["amount"], "30.52");
  EXPECT_EQ(j["items"][1]["quantity"], "1.50");
  EXPECT_EQ(j["items"][1]["unit_price"], "12.3457");
  EXPECT_EQ(j["items"][1]["amount"], "18.52");
  EXPECT_EQ(j["items"][1]["insurance_class"], "self-pay");
  EXPECT_EQ(j["medical"]["visit_date"], "2026-01-01");
  EXPECT_EQ(j["medical"]["payments"]["cash"], "5.52");
  EXPECT_TRUE(receipt_to_json(non_tax_receipt())["medical"].is_null());
}

Result<Receipt> roundtrip(const Receipt& r) {
  auto doc = parse_strict_json(receipt_to_json(r).dump());
  if (!doc.ok()) return doc.error();
  return receipt_from_json(*doc, "receipt");
}

TEST(ReceiptJsonTest, RoundTripsThroughText) {
  for (const Receipt& r : {golden_receipt(), inpatient_receipt(), non_tax_receipt()}) {
    auto back = roundtrip(r);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, r);
    EXPECT_EQ(canonical_receipt_bytes(*back), canonical_receipt_bytes(r));
  }
}

TEST(ReceiptJsonTest, FactoryReceiptsAreValidAndRoundTrip) {
  sim::ReceiptFactory factory(7);
  bool saw_inpatient = false, saw_outpatient = false, saw_plain = false;
  for (std::uint64_t seq = 1; seq <= 200; ++seq) {
    Receipt r = factory.make("12330000470000000X", "浙江省人民医院", "33010126", seq, 1767229200 + seq);
    auto status = validate_receipt(r);
    ASSERT_TRUE(status.ok()) << seq << ": " << status.error().message;
    auto back = roundtrip(r);
    ASSERT_TRUE(back.ok()) << seq << ": " << back.error().message;
    EXPECT_EQ(*back, r) << seq;
    saw_inpatient |= r.kind == ReceiptKind::kInpatient;
    saw_outpatient |= r.kind == ReceiptKind::kOutpatient;
    saw_plain |= !r.medical.has_value();
  }
  EXPECT_TRUE(saw_inpatient && saw_outpatient && saw_plain);
}

// ---------------------------------------------------------------------------
// Validation: each rule on the struct (validate_receipt) and through the JSON
// parser (receipt_from_json on the same receipt as an in-memory Json).

struct Rule {
  const char* name;
  std::function<void(Receipt&)> mutate;
  std::string field;  // the message must name it
  ErrorCode code = ErrorCode::kInvalidArgument;
  bool in_json = true;  // false: the JSON form cannot even say it
};

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// `count` identical 0.01-yuan items, with the matching total and payments.
void set_items(Receipt& r, std::size_t count) {
  r.items.assign(count, ReceiptItem{"1", "挂号费", "", 100, 100, 1, InsuranceClass::kNone});
  r.amount_fen = count;
  r.medical->payments = MedicalPayments{0, 0, 0, count};
}

// One item of quantity q and price p whose amount is `amount`, the total and
// the payments following it: only the item's own rule can fail.
void set_one_item(Receipt& r, std::uint64_t q, std::uint64_t p, std::uint64_t amount) {
  r.items = {ReceiptItem{"1", "手术费", "次", q, p, amount, InsuranceClass::kNone}};
  r.amount_fen = amount;
  r.medical->payments = MedicalPayments{0, 0, 0, amount};
}

std::vector<Rule> invalid_receipts() {
  return {
      {"title empty", [](Receipt& r) { r.title = ""; }, "receipt.title"},
      {"title 65 bytes", [](Receipt& r) { r.title = std::string(65, 'a'); }, "receipt.title"},
      {"code 7 digits", [](Receipt& r) { r.code = "3301012"; }, "receipt.code"},
      {"code 9 digits", [](Receipt& r) { r.code = "330101260"; }, "receipt.code"},
      {"code letter", [](Receipt& r) { r.code = "3301012A"; }, "receipt.code"},
      {"code fullwidth digits", [](Receipt& r) { r.code = "３３０１"; }, "receipt.code"},
      {"number 9 digits", [](Receipt& r) { r.number = "000000004"; }, "receipt.number"},
      {"number letter", [](Receipt& r) { r.number = "000000004a"; }, "receipt.number"},
      {"check_code 5", [](Receipt& r) { r.check_code = "a1b2c"; }, "receipt.check_code"},
      {"check_code 7", [](Receipt& r) { r.check_code = "a1b2c3d"; }, "receipt.check_code"},
      {"check_code uppercase", [](Receipt& r) { r.check_code = "A1b2c3"; }, "receipt.check_code"},
      {"check_code punctuation", [](Receipt& r) { r.check_code = "a1b2c!"; }, "receipt.check_code"},
      {"check_code CJK", [](Receipt& r) { r.check_code = "张三"; }, "receipt.check_code"},
      {"issued_at over int64", [](Receipt& r) { r.issued_at = std::uint64_t{1} << 63; }, "receipt.issued_at"},
      {"business_serial empty", [](Receipt& r) { r.business_serial = ""; }, "receipt.business_serial"},
      {"business_serial 33", [](Receipt& r) { r.business_serial = std::string(33, '1'); },
       "receipt.business_serial"},
      {"business_serial space", [](Receipt& r) { r.business_serial = "MZ 1"; }, "receipt.business_serial"},
      {"issuer_id 17", [](Receipt& r) { r.issuer_id = "12330000470000000"; }, "receipt.issuer_id"},
      {"issuer_id lowercase", [](Receipt& r) { r.issuer_id = "12330000470000000x"; }, "receipt.issuer_id"},
      {"issuer_name empty", [](Receipt& r) { r.issuer_name = ""; }, "receipt.issuer_name"},
      {"issuer_name 43 CJK = 129 bytes", [](Receipt& r) { r.issuer_name = repeat("院", 43); },
       "receipt.issuer_name"},
      {"issuer_name newline", [](Receipt& r) { r.issuer_name = "浙江省\n人民医院"; }, "receipt.issuer_name"},
      {"issuer_name bad UTF-8", [](Receipt& r) { r.issuer_name = "浙江\xff"; }, "receipt.issuer_name"},
      {"payer empty", [](Receipt& r) { r.payer.name = ""; }, "receipt.payer.name"},
      {"payer 22 CJK = 66 bytes", [](Receipt& r) { r.payer.name = repeat("张", 22); }, "receipt.payer.name"},
      {"payer tab", [](Receipt& r) { r.payer.name = "张\t三"; }, "receipt.payer.name"},
      {"payer NUL", [](Receipt& r) { r.payer.name = std::string("张\0三", 7); }, "receipt.payer.name"},
      {"payer overlong", [](Receipt& r) { r.payer.name = "\xc0\xaf"; }, "receipt.payer.name"},
      {"payer surrogate", [](Receipt& r) { r.payer.name = "\xed\xa0\x80"; }, "receipt.payer.name"},
      // Display spoofing (PROTOCOL 2): the screen would read "张三收款" backwards, or see no break.
      {"payer RLO", [](Receipt& r) { r.payer.name = "张\u202e三"; }, "receipt.payer.name"},
      {"payer C1", [](Receipt& r) { r.payer.name = "张\u0085三"; }, "receipt.payer.name"},
      {"payer zero width", [](Receipt& r) { r.payer.name = "张\u200b三"; }, "receipt.payer.name"},
      {"issuer_name line separator", [](Receipt& r) { r.issuer_name = "浙江省\u2028人民医院"; },
       "receipt.issuer_name"},
      {"item isolate", [](Receipt& r) { r.items[0].name = "\u2067挂号费"; }, "receipt.items[0].name"},
      {"payer id lowercase", [](Receipt& r) { r.payer.id_number = "33010619800101123x"; },
       "receipt.payer.id_number"},
      {"payer id 33", [](Receipt& r) { r.payer.id_number = std::string(33, '1'); },
       "receipt.payer.id_number"},
      {"drawer empty", [](Receipt& r) { r.drawer = ""; }, "receipt.drawer"},
      {"reviewer 33 bytes", [](Receipt& r) { r.reviewer = std::string(33, 'a'); }, "receipt.reviewer"},
      {"remark control", [](Receipt& r) { r.remark = "a\x1b[31m"; }, "receipt.remark"},
      {"remark 257 bytes", [](Receipt& r) { r.remark = std::string(257, 'a'); }, "receipt.remark"},
      {"no items", [](Receipt& r) { set_items(r, 0); }, "receipt.items"},
      {"201 items", [](Receipt& r) { set_items(r, kMaxReceiptItems + 1); }, "receipt.items"},
      {"item code empty", [](Receipt& r) { r.items[1].code = ""; }, "receipt.items[1].code"},
      {"item code CJK", [](Receipt& r) { r.items[1].code = "药"; }, "receipt.items[1].code"},
      {"item name empty", [](Receipt& r) { r.items[1].name = ""; }, "receipt.items[1].name"},
      {"item name 129 bytes", [](Receipt& r) { r.items[1].name = std::string(129, 'x'); },
       "receipt.items[1].name"},
      {"item unit 17 bytes", [](Receipt& r) { r.items[1].unit = std::string(17, 'x'); },
       "receipt.items[1].unit"},
      {"zero quantity", [](Receipt& r) { set_one_item(r, 0, 10000, 0); }, "receipt.items[0].quantity"},
      {"quantity over the limit", [](Receipt& r) { set_one_item(r, kMaxQuantityHundredths + 1, 0, 0); },
       "receipt.items[0].quantity"},
      {"price over the limit", [](Receipt& r) { set_one_item(r, 1, kMaxUnitPriceTenThousandths + 1, 0); },
       "receipt.items[0].unit_price"},
      {"product over the limit", [](Receipt& r) { set_one_item(r, 100, kMaxUnitPriceTenThousandths, 0); },
       "receipt.items[0]"},
      {"amount one fen more", [](Receipt& r) { set_one_item(r, 150, 123457, 1853); },
       "receipt.items[0].amount", ErrorCode::kItemAmountMismatch},
      {"amount truncated, not rounded", [](Receipt& r) { set_one_item(r, 150, 123457, 1851); },
       "receipt.items[0].amount", ErrorCode::kItemAmountMismatch},
      // 0.005 yuan rounds up to 0.01, never down to 0.
      {"half a fen rounded down", [](Receipt& r) { set_one_item(r, 100, 50, 0); }, "receipt.items[0].amount",
       ErrorCode::kItemAmountMismatch},
      {"amount = price, not qty x price", [](Receipt& r) { set_one_item(r, 200, 120000, 1200); },
       "receipt.items[0].amount", ErrorCode::kItemAmountMismatch},
      {"sum != total (more)",
       [](Receipt& r) {
         r.amount_fen += 1;
         r.medical->payments.cash_fen += 1;
       },
       "receipt.amount", ErrorCode::kTotalMismatch},
      {"sum != total (zero)",
       [](Receipt& r) {
         r.amount_fen = 0;
         r.medical->payments = {};
       },
       "receipt.amount", ErrorCode::kTotalMismatch},
      {"total over the limit",
       [](Receipt& r) {
         r.items = {
             ReceiptItem{"1", "手术费", "", 100, kMaxAmountFen * 100, kMaxAmountFen, InsuranceClass::kNone},
             ReceiptItem{"2", "挂号费", "", 100, 100, 1, InsuranceClass::kNone}};
         r.amount_fen = kMaxAmountFen + 1;
       },
       "receipt.amount"},
      {"breakdown short of the total", [](Receipt& r) { r.medical->payments.cash_fen -= 1; },
       "receipt.medical.payments", ErrorCode::kPaymentBreakdownMismatch},
      {"breakdown over the total", [](Receipt& r) { r.medical->payments.other_fen += 1; },
       "receipt.medical.payments", ErrorCode::kPaymentBreakdownMismatch},
      {"payment part over the limit", [](Receipt& r) { r.medical->payments.fund_fen = kMaxAmountFen + 1; },
       "receipt.medical.payments"},
      {"medical missing on outpatient", [](Receipt& r) { r.medical.reset(); }, "receipt.medical"},
      {"medical on a non-tax receipt", [](Receipt& r) { r.kind = ReceiptKind::kNonTax; }, "receipt.medical"},
      {"patient number empty", [](Receipt& r) { r.medical->patient_number = ""; },
       "receipt.medical.patient_number"},
      {"institution type empty", [](Receipt& r) { r.medical->institution_type = ""; },
       "receipt.medical.institution_type"},
      {"insurance type 33 bytes", [](Receipt& r) { r.medical->insurance_type = std::string(33, 'a'); },
       "receipt.medical.insurance_type"},
      {"visit date not a date", [](Receipt& r) { r.medical->visit_date = CalendarDate{20260230}; },
       "receipt.medical.visit_date"},
      {"outpatient with admission date",
       [](Receipt& r) { r.medical->admission_date = CalendarDate{20260101}; }, "receipt.medical",
       ErrorCode::kInvalidArgument, /*in_json=*/false},
      {"inpatient without dates", [](Receipt& r) { r.kind = ReceiptKind::kInpatient; }, "receipt.medical"},
  };
}

TEST(ValidateReceiptTest, ExampleReceiptsAreValid) {
  for (const Receipt& r : {golden_receipt(), inpatient_receipt(), non_tax_receipt()}) {
    auto s = validate_receipt(r);
    EXPECT_TRUE(s.ok()) << s.error().message;
  }
}

TEST(ValidateReceiptTest, InpatientDischargeBeforeAdmissionIsRefused) {
  Receipt r = inpatient_receipt();
  r.medical->discharge_date = CalendarDate{20251224};
  auto s = validate_receipt(r);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("discharge_date"), std::string::npos);
  r = inpatient_receipt();
  r.medical->visit_date = CalendarDate{20260101};
  EXPECT_FALSE(validate_receipt(r).ok());
}

TEST(ValidateReceiptTest, BoundaryValuesAreValid) {
  const std::vector<std::pair<const char*, std::function<void(Receipt&)>>> ok_cases = {
      {"check_code all digits", [](Receipt& r) { r.check_code = "000000"; }},
      {"issuer_name 128 bytes", [](Receipt& r) { r.issuer_name = std::string(128, 'a'); }},
      {"payer 21 CJK = 63 bytes", [](Receipt& r) { r.payer.name = repeat("张", 21); }},
      {"payer without id", [](Receipt& r) { r.payer.id_number = ""; }},
      {"organisation payer",
       [](Receipt& r) {
         r.payer = Payer{PayerKind::kOrganisation, "杭州某某有限公司", "91330100MA27XXXX0Y"};
       }},
      {"reviewer and remark set",
       [](Receipt& r) {
         r.reviewer = "李静";
         r.remark = repeat("备", 85);
       }},
      {"item without unit", [](Receipt& r) { r.items[0].unit = ""; }},
      {"200 items", [](Receipt& r) { set_items(r, kMaxReceiptItems); }},
      {"free item",
       [](Receipt& r) {
         r.items.push_back(ReceiptItem{"9", "赠品", "个", 300, 0, 0, InsuranceClass::kNone});
       }},
      // x.xx5 rounds up: 1.00 x 0.0050 = 0.005 yuan -> 0.01.
      {"half a fen rounds up", [](Receipt& r) { set_one_item(r, 100, 50, 1); }},
      {"just under half a fen rounds down", [](Receipt& r) { set_one_item(r, 100, 49, 0); }},
      {"0.01 x 0.0001 rounds to 0", [](Receipt& r) { set_one_item(r, 1, 1, 0); }},
      {"3 x 3.3333 = 9.9999 -> 10.00", [](Receipt& r) { set_one_item(r, 300, 33333, 1000); }},
      {"large quantity", [](Receipt& r) { set_one_item(r, 1'000'000'000, 12345, 1'234'500'000); }},
      {"amount exactly at the limit",
       [](Receipt& r) { set_one_item(r, 100, kMaxAmountFen * 100, kMaxAmountFen); }},
      {"quantity at the limit",
       [](Receipt& r) { set_one_item(r, kMaxQuantityHundredths, 100, kMaxQuantityHundredths / 100); }},
      {"issued_at 0", [](Receipt& r) { r.issued_at = 0; }},
      {"all paid by the fund",
       [](Receipt& r) {
         r.medical->payments = MedicalPayments{3052, 0, 0, 0};
       }},
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
    EXPECT_EQ(status.code(), rule.code) << rule.name << ": " << status.error().message;
    EXPECT_NE(status.error().message.find(rule.field), std::string::npos)
        << rule.name << ": \"" << status.error().message << "\" does not name " << rule.field;
  }
}

TEST(ReceiptFromJsonTest, EveryRuleIsEnforcedWithTheFieldNamed) {
  for (const auto& rule : invalid_receipts()) {
    if (!rule.in_json) continue;
    Receipt r = golden_receipt();
    rule.mutate(r);
    // In memory, not dumped: a dump would refuse the invalid UTF-8 cases.
    const Json j = receipt_to_json(r);
    auto parsed = receipt_from_json(j, "receipt");
    ASSERT_FALSE(parsed.ok()) << rule.name;
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

TEST(ReceiptFromJsonTest, MoneyIsAnExactDecimalString) {
  const std::string text = golden_text();
  // Never binary floating point, never another number of decimals.
  for (const char* bad : {"30.52", "3052", "\"30.5\"", "\"30.520\"", "\"030.52\"", "\"-30.52\"", "\"30,52\"",
                          "\"3.052e1\"", "\" 30.52\"", "\"30.\"", "\".52\"", "null"}) {
    expect_json_rejected(replace_once(text, R"("amount":"30.52")", std::string(R"("amount":)") + bad),
                         "receipt.amount");
  }
  for (const char* bad : {"\"1.5\"", "1.5", "\"1.500\"", "\"-1.50\""}) {
    expect_json_rejected(replace_once(text, R"("quantity":"1.50")", std::string(R"("quantity":)") + bad),
                         "receipt.items[1].quantity");
  }
  for (const char* bad : {"\"12.346\"", "\"12.34570\"", "12.3457"}) {
    expect_json_rejected(
        replace_once(text, R"("unit_price":"12.3457")", std::string(R"("unit_price":)") + bad),
        "receipt.items[1].unit_price");
  }
  for (const char* bad : {"\"5.5\"", "552", "\"5.520\""}) {
    expect_json_rejected(replace_once(text, R"("cash":"5.52")", std::string(R"("cash":)") + bad),
                         "receipt.medical.payments.cash");
  }
}

TEST(ReceiptFromJsonTest, DatesAreIsoCalendarDates) {
  const std::string text = golden_text();
  for (const char* bad : {"\"20260101\"", "\"2026-1-1\"", "\"2026-02-30\"", "\"2026-13-01\"", "20260101"}) {
    expect_json_rejected(
        replace_once(text, R"("visit_date":"2026-01-01")", std::string(R"("visit_date":)") + bad),
        "receipt.medical.visit_date");
  }
}

TEST(ReceiptFromJsonTest, IssuedAtMustBeAnIntegerWithinInt64) {
  const std::string text = golden_text();
  for (const char* bad : {"1767229200.5", "\"1767229200\"", "-1", "9223372036854775808"}) {
    expect_json_rejected(
        replace_once(text, R"("issued_at":1767229200)", std::string(R"("issued_at":)") + bad),
        "receipt.issued_at");
  }
}

TEST(ReceiptFromJsonTest, NamesMustBeTheDocumentedOnes) {
  const std::string text = golden_text();
  for (const char* bad : {"\"Outpatient\"", "\"non_tax\"", "\"\"", "1", "null"}) {
    expect_json_rejected(replace_once(text, R"("kind":"outpatient")", std::string(R"("kind":)") + bad),
                         "kind");
  }
  expect_json_rejected(replace_once(text, R"("kind":"person")", R"("kind":"company")"), "receipt.payer.kind");
  expect_json_rejected(replace_once(text, R"("insurance_class":"a")", R"("insurance_class":"甲")"),
                       "receipt.items[0].insurance_class");
}

TEST(ReceiptFromJsonTest, MedicalMustMatchTheKind) {
  Json j = receipt_to_json(golden_receipt());
  j["medical"] = nullptr;
  EXPECT_FALSE(receipt_from_json(j, "receipt").ok());
  // An outpatient extension with inpatient dates is refused as unknown fields.
  j = receipt_to_json(golden_receipt());
  j["medical"]["admission_date"] = "2026-01-01";
  auto r = receipt_from_json(j, "receipt");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("receipt.medical.admission_date"), std::string::npos) << r.error().message;
}

TEST(ReceiptFromJsonTest, UnknownFieldsAreRejected) {
  const std::string text = golden_text();
  expect_json_rejected(replace_once(text, R"({"amount":"30.52",)", R"({"amount":"30.52","note":"x",)"),
                       "receipt.note");
  expect_json_rejected(replace_once(text, R"("quantity":"1.00",)", R"("quantity":"1.00","discount":"0.00",)"),
                       "receipt.items[0].discount");
  expect_json_rejected(replace_once(text, R"("cash":"5.52",)", R"("cash":"5.52","self":"0.00",)"),
                       "receipt.medical.payments.self");
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
  for (const auto& [key, value] : full["items"][1].items()) {
    Json j = full;
    j["items"][1].erase(key);
    auto r = receipt_from_json(j, "receipt");
    ASSERT_FALSE(r.ok()) << key;
    EXPECT_NE(r.error().message.find("receipt.items[1]." + key), std::string::npos) << r.error().message;
  }
  for (const auto& [key, value] : full["medical"].items()) {
    Json j = full;
    j["medical"].erase(key);
    auto r = receipt_from_json(j, "receipt");
    ASSERT_FALSE(r.ok()) << key;
    EXPECT_NE(r.error().message.find("receipt.medical." + key), std::string::npos) << r.error().message;
  }
}

TEST(ReceiptFromJsonTest, DuplicateFieldsAreRejected) {
  const std::string text = golden_text();
  expect_json_rejected(replace_once(text, R"({"amount":"30.52",)", R"({"amount":"30.52","amount":"30.52",)"),
                       "amount");
  expect_json_rejected(replace_once(text, R"("name":"张三")", R"("name":"张三","name":"李四")"), "name");
}

TEST(ReceiptFromJsonTest, WrongShapesAreRejected) {
  const std::string text = golden_text();
  expect_json_rejected(R"(["not", "an", "object"])", "receipt");
  expect_json_rejected(replace_once(text, R"("items":[{)", R"("items":["x",{)"), "receipt.items[0]");
  expect_json_rejected(replace_once(text, R"("code":"33010126")", R"("code":33010126)"), "receipt.code");
  Json j = receipt_to_json(golden_receipt());
  j["payer"] = "张三";
  expect_json_rejected(j.dump(), "receipt.payer");
}

}  // namespace
}  // namespace chainslip

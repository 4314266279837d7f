#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/receipt/calendar_date.h"
#include "core/util/bytes.h"
#include "core/util/result.h"
#include "core/util/strict_json.h"

namespace chainslip {

// The receipt model follows the national data standard for fiscal
// e-receipts, with its medical extension (docs/PROTOCOL.md 2.1). Money and
// quantities are exact integers of their smallest unit (core/receipt/money.h).

// 票据种类: the kinds of fiscal e-receipt a kiosk handles.
enum class ReceiptKind { kOutpatient, kInpatient, kNonTax, kDonation, kFine };

Result<ReceiptKind> parse_receipt_kind(std::string_view name);
std::string_view receipt_kind_name(ReceiptKind kind);
bool is_medical(ReceiptKind kind);  // outpatient and inpatient carry MedicalDetails

// 交款人类型.
enum class PayerKind { kPerson, kOrganisation };
std::string_view payer_kind_name(PayerKind kind);  // "person", "organisation"
Result<PayerKind> parse_payer_kind(std::string_view name);

// 交款人. The ID number (身份证号 or 统一社会信用代码) is stored and signed
// but never shown whole (core/receipt/payer_mask.h).
struct Payer {
  PayerKind kind = PayerKind::kPerson;
  std::string name;
  std::string id_number;  // may be empty: not every payer gives one

  bool operator==(const Payer&) const = default;
};

// 医保类别 of an item: 甲类, 乙类, 自费, or not given.
enum class InsuranceClass { kNone, kClassA, kClassB, kSelfPay };
std::string_view insurance_class_name(InsuranceClass c);  // "none", "a", "b", "self-pay"
Result<InsuranceClass> parse_insurance_class(std::string_view name);

struct ReceiptItem {
  std::string code;                              // 项目编码
  std::string name;                              // 项目名称
  std::string unit;                              // 单位 (次, 盒, 项 …); may be empty
  std::uint64_t quantity_hundredths = 0;         // 数量, 2 decimals
  std::uint64_t unit_price_ten_thousandths = 0;  // 标准/单价, up to 4 decimals
  std::uint64_t amount_fen = 0;                  // 金额: round-half-up(quantity × price) to the fen
  InsuranceClass insurance_class = InsuranceClass::kNone;

  bool operator==(const ReceiptItem&) const = default;
};

// How a medical bill was paid. The four parts add up to the receipt's total.
struct MedicalPayments {
  std::uint64_t fund_fen = 0;     // 医保统筹基金支付
  std::uint64_t account_fen = 0;  // 个人账户支付
  std::uint64_t other_fen = 0;    // 其他支付 (补充保险, 医疗救助 …)
  std::uint64_t cash_fen = 0;     // 个人现金支付 (自付 and 自费)

  bool operator==(const MedicalPayments&) const = default;
};

// The medical extension of outpatient and inpatient receipts.
struct MedicalDetails {
  std::string patient_number;    // 门诊号 (outpatient) or 住院号 (inpatient)
  CalendarDate visit_date;       // outpatient: 就诊日期
  CalendarDate admission_date;   // inpatient: 入院日期
  CalendarDate discharge_date;   // inpatient: 出院日期
  std::string institution_type;  // 医疗机构类型: "综合医院"
  std::string insurance_type;    // 医保类型: "职工基本医疗保险", "自费" …
  MedicalPayments payments;

  bool operator==(const MedicalDetails&) const = default;
};

// One fiscal e-receipt as the issuer signed it.
struct Receipt {
  ReceiptKind kind = ReceiptKind::kOutpatient;
  std::string title;            // 票据名称: "浙江省医疗门诊收费票据（电子）"
  std::string code;             // 票据代码: 8 digits
  std::string number;           // 票据号码: 10 digits
  std::string check_code;       // 校验码: 6 of [0-9a-z]
  std::uint64_t issued_at = 0;  // 开票日期 and time: Unix seconds, UTC
  std::string business_serial;  // 业务流水号
  std::string issuer_id;        // 开票单位 统一社会信用代码: 18 characters
  std::string issuer_name;      // 开票单位 (收款单位)
  Payer payer;
  std::string drawer;    // 开票人
  std::string reviewer;  // 复核人; may be empty
  std::string remark;    // 备注; may be empty
  std::vector<ReceiptItem> items;
  std::uint64_t amount_fen = 0;           // 金额合计: the sum of the items
  std::optional<MedicalDetails> medical;  // present exactly for medical kinds

  bool operator==(const Receipt&) const = default;
};

inline constexpr std::size_t kMaxReceiptItems = 200;
inline constexpr std::uint64_t kMaxAmountFen = 1'000'000'000'000;                     // 100 亿元
inline constexpr std::uint64_t kMaxQuantityHundredths = 100'000'000'000;              // 10 亿 units
inline constexpr std::uint64_t kMaxUnitPriceTenThousandths = 10'000'000'000'000'000;  // 10^12 yuan

// Every rule a receipt must satisfy, whatever it was parsed from or built
// by. The money rules fail with their own codes: kItemAmountMismatch,
// kTotalMismatch, kPaymentBreakdownMismatch; every other rule is
// kInvalidArgument naming the field.
Status validate_receipt(const Receipt& receipt);

// The one byte encoding of a receipt that is signed and hashed
// (docs/PROTOCOL.md 2.1, "chainslip.receipt.v2").
Bytes canonical_receipt_bytes(const Receipt& receipt);

// Strict JSON form: exactly the documented fields, validated.
Result<Receipt> receipt_from_json(const Json& value, const std::string& where);
Json receipt_to_json(const Receipt& receipt);

}  // namespace chainslip

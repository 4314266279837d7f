#include "core/receipt/receipt.h"

#include "core/receipt/money.h"
#include "core/util/canonical_writer.h"
#include "core/util/name_table.h"

namespace chainslip {
namespace {

constexpr NameTable<ReceiptKind, 5> kKindNames{{
    {ReceiptKind::kOutpatient, "outpatient"},
    {ReceiptKind::kInpatient, "inpatient"},
    {ReceiptKind::kNonTax, "non-tax"},
    {ReceiptKind::kDonation, "donation"},
    {ReceiptKind::kFine, "fine"},
}};

constexpr NameTable<PayerKind, 2> kPayerKindNames{{
    {PayerKind::kPerson, "person"},
    {PayerKind::kOrganisation, "organisation"},
}};

constexpr NameTable<InsuranceClass, 4> kInsuranceClassNames{{
    {InsuranceClass::kNone, "none"},
    {InsuranceClass::kClassA, "a"},
    {InsuranceClass::kClassB, "b"},
    {InsuranceClass::kSelfPay, "self-pay"},
}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z'); }
bool is_upper_alnum(char c) { return is_digit(c) || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_upper_alnum(c) || (c >= 'a' && c <= 'z'); }
bool is_id_char(char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.'; }

bool all_of_class(std::string_view s, bool (*pred)(char)) {
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

Error invalid(const std::string& msg) { return make_error(ErrorCode::kInvalidArgument, msg); }

// Text a person reads: UTF-8 shown as it is (is_printable_utf8), min..max bytes.
Status check_text(const std::string& field, const std::string& value, std::size_t min_len,
                  std::size_t max_len) {
  if (value.size() < min_len || value.size() > max_len) {
    return invalid("receipt." + field + ": length must be " + std::to_string(min_len) + ".." +
                   std::to_string(max_len) + " bytes");
  }
  if (!value.empty() && !is_printable_utf8(value)) {
    return invalid("receipt." + field + ": must be UTF-8 text without control, invisible format or line separator characters");
  }
  return {};
}

// An identifier: ASCII letters, digits, '-', '_', '.'.
Status check_id(const std::string& field, const std::string& value, std::size_t min_len,
                std::size_t max_len) {
  if (value.size() < min_len || value.size() > max_len || !all_of_class(value, is_id_char)) {
    return invalid("receipt." + field + ": must be " + std::to_string(min_len) + ".." +
                   std::to_string(max_len) + " ASCII letters, digits, '-', '_' or '.'");
  }
  return {};
}

Status check_item(const ReceiptItem& item, const std::string& where) {
  CS_RETURN_IF_ERROR(check_id(where + ".code", item.code, 1, 32));
  CS_RETURN_IF_ERROR(check_text(where + ".name", item.name, 1, 128));
  CS_RETURN_IF_ERROR(check_text(where + ".unit", item.unit, 0, 16));
  if (item.quantity_hundredths == 0 || item.quantity_hundredths > kMaxQuantityHundredths) {
    return invalid("receipt." + where + ".quantity: must be 0.01.." +
                   fixed_decimal(kMaxQuantityHundredths, 2));
  }
  if (item.unit_price_ten_thousandths > kMaxUnitPriceTenThousandths) {
    return invalid("receipt." + where + ".unit_price: over the limit of " +
                   fixed_decimal(kMaxUnitPriceTenThousandths, 4));
  }
  auto expected = line_amount_fen(item.quantity_hundredths, item.unit_price_ten_thousandths, kMaxAmountFen);
  if (!expected.ok()) return invalid("receipt." + where + ": " + expected.error().message);
  if (*expected != item.amount_fen) {
    return make_error(ErrorCode::kItemAmountMismatch,
                      "receipt." + where + ".amount: " + fixed_decimal(item.amount_fen, 2) + " is not " +
                          fixed_decimal(item.quantity_hundredths, 2) + " × " +
                          fixed_decimal(item.unit_price_ten_thousandths, 4) +
                          " rounded half up to the fen (" + fixed_decimal(*expected, 2) + ")");
  }
  return {};
}

Status check_medical(const Receipt& r) {
  if (!is_medical(r.kind)) {
    if (r.medical) return invalid("receipt.medical: only outpatient and inpatient receipts carry it");
    return {};
  }
  if (!r.medical)
    return invalid("receipt.medical: an " + std::string(receipt_kind_name(r.kind)) +
                   " receipt must carry it");
  const MedicalDetails& m = *r.medical;
  CS_RETURN_IF_ERROR(check_id("medical.patient_number", m.patient_number, 1, 32));
  CS_RETURN_IF_ERROR(check_text("medical.institution_type", m.institution_type, 1, 32));
  CS_RETURN_IF_ERROR(check_text("medical.insurance_type", m.insurance_type, 1, 32));
  const CalendarDate none{};
  if (r.kind == ReceiptKind::kOutpatient) {
    if (!is_calendar_date(m.visit_date.yyyymmdd))
      return invalid("receipt.medical.visit_date: not a calendar date");
    if (m.admission_date != none || m.discharge_date != none) {
      return invalid("receipt.medical: an outpatient receipt has no admission or discharge date");
    }
  } else {
    if (!is_calendar_date(m.admission_date.yyyymmdd) || !is_calendar_date(m.discharge_date.yyyymmdd)) {
      return invalid("receipt.medical: admission_date and discharge_date must be calendar dates");
    }
    if (m.discharge_date < m.admission_date)
      return invalid("receipt.medical.discharge_date: before admission_date");
    if (m.visit_date != none) return invalid("receipt.medical: an inpatient receipt has no visit date");
  }
  const MedicalPayments& p = m.payments;
  for (std::uint64_t part : {p.fund_fen, p.account_fen, p.other_fen, p.cash_fen}) {
    if (part > kMaxAmountFen) return invalid("receipt.medical.payments: a part is over the limit");
  }
  const std::uint64_t sum = p.fund_fen + p.account_fen + p.other_fen + p.cash_fen;  // 4 × 10^12: no overflow
  if (sum != r.amount_fen) {
    return make_error(ErrorCode::kPaymentBreakdownMismatch,
                      "receipt.medical.payments: 统筹 " + fixed_decimal(p.fund_fen, 2) + " + 个人账户 " +
                          fixed_decimal(p.account_fen, 2) + " + 其他 " + fixed_decimal(p.other_fen, 2) +
                          " + 现金 " + fixed_decimal(p.cash_fen, 2) + " = " + fixed_decimal(sum, 2) +
                          ", not the total " + fixed_decimal(r.amount_fen, 2));
  }
  return {};
}

std::uint32_t date_word(CalendarDate d) { return d.yyyymmdd; }

}  // namespace

Result<ReceiptKind> parse_receipt_kind(std::string_view name) {
  if (auto kind = value_in(kKindNames, name)) return *kind;
  return invalid("unknown receipt kind \"" + std::string(name) +
                 "\" (expected outpatient, inpatient, non-tax, donation or fine)");
}

std::string_view receipt_kind_name(ReceiptKind kind) { return name_in(kKindNames, kind).value_or("unknown"); }

bool is_medical(ReceiptKind kind) {
  return kind == ReceiptKind::kOutpatient || kind == ReceiptKind::kInpatient;
}

std::string_view payer_kind_name(PayerKind kind) {
  return name_in(kPayerKindNames, kind).value_or("unknown");
}

std::string_view insurance_class_name(InsuranceClass c) {
  return name_in(kInsuranceClassNames, c).value_or("unknown");
}

Result<PayerKind> parse_payer_kind(std::string_view name) {
  if (auto kind = value_in(kPayerKindNames, name)) return *kind;
  return invalid("unknown payer kind \"" + std::string(name) + "\" (expected person or organisation)");
}

Result<InsuranceClass> parse_insurance_class(std::string_view name) {
  if (auto c = value_in(kInsuranceClassNames, name)) return *c;
  return invalid("unknown insurance class \"" + std::string(name) + "\" (expected none, a, b or self-pay)");
}

Status validate_receipt(const Receipt& r) {
  CS_RETURN_IF_ERROR(check_text("title", r.title, 1, 64));
  if (r.code.size() != 8 || !all_of_class(r.code, is_digit)) {
    return invalid("receipt.code: 票据代码 must be exactly 8 digits");
  }
  if (r.number.size() != 10 || !all_of_class(r.number, is_digit)) {
    return invalid("receipt.number: 票据号码 must be exactly 10 digits");
  }
  if (r.check_code.size() != 6 || !all_of_class(r.check_code, is_lower_alnum)) {
    return invalid("receipt.check_code: 校验码 must be exactly 6 lowercase letters or digits");
  }
  if (r.issued_at > static_cast<std::uint64_t>(INT64_MAX)) return invalid("receipt.issued_at: out of range");
  CS_RETURN_IF_ERROR(check_id("business_serial", r.business_serial, 1, 32));
  if (r.issuer_id.size() != 18 || !all_of_class(r.issuer_id, is_upper_alnum)) {
    return invalid("receipt.issuer_id: must be an 18-character unified social credit code (0-9, A-Z)");
  }
  CS_RETURN_IF_ERROR(check_text("issuer_name", r.issuer_name, 1, 128));
  CS_RETURN_IF_ERROR(check_text("payer.name", r.payer.name, 1, 64));
  if (r.payer.id_number.size() > 32 || !all_of_class(r.payer.id_number, is_upper_alnum)) {
    return invalid("receipt.payer.id_number: must be 0..32 digits or capital letters");
  }
  CS_RETURN_IF_ERROR(check_text("drawer", r.drawer, 1, 32));
  CS_RETURN_IF_ERROR(check_text("reviewer", r.reviewer, 0, 32));
  CS_RETURN_IF_ERROR(check_text("remark", r.remark, 0, 256));
  if (r.items.empty() || r.items.size() > kMaxReceiptItems) {
    return invalid("receipt.items: must hold 1.." + std::to_string(kMaxReceiptItems) + " items");
  }
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < r.items.size(); ++i) {
    CS_RETURN_IF_ERROR(check_item(r.items[i], "items[" + std::to_string(i) + "]"));
    sum += r.items[i].amount_fen;  // each term <= kMaxAmountFen, at most 200 terms: no overflow
  }
  if (r.amount_fen > kMaxAmountFen) {
    return invalid("receipt.amount: over the limit of " + fixed_decimal(kMaxAmountFen, 2));
  }
  if (sum != r.amount_fen) {
    return make_error(ErrorCode::kTotalMismatch, "receipt.amount: " + fixed_decimal(r.amount_fen, 2) +
                                                     " is not the sum of the items (" +
                                                     fixed_decimal(sum, 2) + ")");
  }
  return check_medical(r);
}

Bytes canonical_receipt_bytes(const Receipt& r) {
  CanonicalWriter w;
  w.text("chainslip.receipt.v2")
      .text(receipt_kind_name(r.kind))
      .text(r.title)
      .text(r.code)
      .text(r.number)
      .text(r.check_code)
      .u64(r.issued_at)
      .text(r.business_serial)
      .text(r.issuer_id)
      .text(r.issuer_name)
      .text(payer_kind_name(r.payer.kind))
      .text(r.payer.name)
      .text(r.payer.id_number)
      .text(r.drawer)
      .text(r.reviewer)
      .text(r.remark)
      .u32(static_cast<std::uint32_t>(r.items.size()));
  for (const auto& item : r.items) {
    w.text(item.code)
        .text(item.name)
        .text(item.unit)
        .u64(item.quantity_hundredths)
        .u64(item.unit_price_ten_thousandths)
        .u64(item.amount_fen)
        .text(insurance_class_name(item.insurance_class));
  }
  w.u64(r.amount_fen);
  w.u8(r.medical ? 1 : 0);
  if (r.medical) {
    const MedicalDetails& m = *r.medical;
    w.text(m.patient_number)
        .u32(date_word(m.visit_date))
        .u32(date_word(m.admission_date))
        .u32(date_word(m.discharge_date))
        .text(m.institution_type)
        .text(m.insurance_type)
        .u64(m.payments.fund_fen)
        .u64(m.payments.account_fen)
        .u64(m.payments.other_fen)
        .u64(m.payments.cash_fen);
  }
  return std::move(w).data();
}

}  // namespace chainslip

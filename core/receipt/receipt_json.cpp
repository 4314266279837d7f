// The receipt's JSON form (docs/PROTOCOL.md 2.1): money, quantities and
// prices are exact decimal strings, dates "YYYY-MM-DD".
#include <limits>

#include "core/receipt/money.h"
#include "core/receipt/receipt.h"

namespace chainslip {
namespace {

Result<std::uint64_t> decimal(FieldReader& f, const char* key, int decimals, std::uint64_t max_units) {
  CS_ASSIGN_OR_RETURN(std::string text, f.text(key, 1, 32));
  return parse_fixed_decimal(text, decimals, max_units, f.path(key));
}

Result<CalendarDate> date(FieldReader& f, const char* key) {
  CS_ASSIGN_OR_RETURN(std::string text, f.text(key, 1, 16));
  return parse_iso_date(text, f.path(key));
}

template <typename T>
Result<T> named(FieldReader& f, const char* key, Result<T> (*parse)(std::string_view)) {
  CS_ASSIGN_OR_RETURN(std::string name, f.text(key, 1, 32));
  auto parsed = parse(name);
  if (!parsed.ok())
    return make_error(ErrorCode::kInvalidArgument, f.path(key) + ": " + parsed.error().message);
  return *parsed;
}

Result<ReceiptItem> item_from_json(const Json& value, const std::string& where) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, where));
  ReceiptItem item;
  CS_ASSIGN_OR_RETURN(item.code, f.text("code", 0, 64));
  CS_ASSIGN_OR_RETURN(item.name, f.text("name", 1, 128));
  CS_ASSIGN_OR_RETURN(item.unit, f.text("unit", 0, 16));
  CS_ASSIGN_OR_RETURN(item.quantity_hundredths,
                      decimal(f, "quantity", kQuantityDecimals, kMaxQuantityHundredths));
  CS_ASSIGN_OR_RETURN(item.unit_price_ten_thousandths,
                      decimal(f, "unit_price", kUnitPriceDecimals, kMaxUnitPriceTenThousandths));
  CS_ASSIGN_OR_RETURN(item.amount_fen, decimal(f, "amount", kAmountDecimals, kMaxAmountFen));
  CS_ASSIGN_OR_RETURN(item.insurance_class, named(f, "insurance_class", parse_insurance_class));
  CS_RETURN_IF_ERROR(f.finish());
  return item;
}

Result<MedicalDetails> medical_from_json(const Json& value, const std::string& where, ReceiptKind kind) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, where));
  MedicalDetails m;
  CS_ASSIGN_OR_RETURN(m.patient_number, f.text("patient_number", 0, 64));
  if (kind == ReceiptKind::kInpatient) {
    CS_ASSIGN_OR_RETURN(m.admission_date, date(f, "admission_date"));
    CS_ASSIGN_OR_RETURN(m.discharge_date, date(f, "discharge_date"));
  } else {
    CS_ASSIGN_OR_RETURN(m.visit_date, date(f, "visit_date"));
  }
  CS_ASSIGN_OR_RETURN(m.institution_type, f.text("institution_type", 1, 32));
  CS_ASSIGN_OR_RETURN(m.insurance_type, f.text("insurance_type", 1, 32));
  CS_ASSIGN_OR_RETURN(const Json* payments, f.object("payments"));
  CS_ASSIGN_OR_RETURN(FieldReader p, FieldReader::open(*payments, f.path("payments")));
  CS_ASSIGN_OR_RETURN(m.payments.fund_fen, decimal(p, "fund", kAmountDecimals, kMaxAmountFen));
  CS_ASSIGN_OR_RETURN(m.payments.account_fen, decimal(p, "account", kAmountDecimals, kMaxAmountFen));
  CS_ASSIGN_OR_RETURN(m.payments.other_fen, decimal(p, "other", kAmountDecimals, kMaxAmountFen));
  CS_ASSIGN_OR_RETURN(m.payments.cash_fen, decimal(p, "cash", kAmountDecimals, kMaxAmountFen));
  CS_RETURN_IF_ERROR(p.finish());
  CS_RETURN_IF_ERROR(f.finish());
  return m;
}

std::string yuan(std::uint64_t fen) { return fixed_decimal(fen, kAmountDecimals); }

}  // namespace

Result<Receipt> receipt_from_json(const Json& value, const std::string& where) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, where));
  Receipt r;
  // Lengths here only bound the work; validate_receipt states the exact rules.
  CS_ASSIGN_OR_RETURN(r.kind, named(f, "kind", parse_receipt_kind));
  CS_ASSIGN_OR_RETURN(r.title, f.text("title", 1, 64));
  CS_ASSIGN_OR_RETURN(r.code, f.text("code", 0, 64));
  CS_ASSIGN_OR_RETURN(r.number, f.text("number", 0, 64));
  CS_ASSIGN_OR_RETURN(r.check_code, f.text("check_code", 0, 64));
  CS_ASSIGN_OR_RETURN(r.issued_at, f.u64("issued_at", 0, std::numeric_limits<std::int64_t>::max()));
  CS_ASSIGN_OR_RETURN(r.business_serial, f.text("business_serial", 0, 64));
  CS_ASSIGN_OR_RETURN(r.issuer_id, f.text("issuer_id", 0, 64));
  CS_ASSIGN_OR_RETURN(r.issuer_name, f.text("issuer_name", 1, 128));
  CS_ASSIGN_OR_RETURN(const Json* payer, f.object("payer"));
  CS_ASSIGN_OR_RETURN(FieldReader fp, FieldReader::open(*payer, f.path("payer")));
  CS_ASSIGN_OR_RETURN(r.payer.kind, named(fp, "kind", parse_payer_kind));
  CS_ASSIGN_OR_RETURN(r.payer.name, fp.text("name", 1, 64));
  CS_ASSIGN_OR_RETURN(r.payer.id_number, fp.text("id_number", 0, 64));
  CS_RETURN_IF_ERROR(fp.finish());
  CS_ASSIGN_OR_RETURN(r.drawer, f.text("drawer", 1, 32));
  CS_ASSIGN_OR_RETURN(r.reviewer, f.text("reviewer", 0, 32));
  CS_ASSIGN_OR_RETURN(r.remark, f.text("remark", 0, 256));
  CS_ASSIGN_OR_RETURN(const Json* items, f.array("items", kMaxReceiptItems));
  for (std::size_t i = 0; i < items->size(); ++i) {
    CS_ASSIGN_OR_RETURN(ReceiptItem item,
                        item_from_json((*items)[i], f.path("items") + "[" + std::to_string(i) + "]"));
    r.items.push_back(std::move(item));
  }
  CS_ASSIGN_OR_RETURN(r.amount_fen, decimal(f, "amount", kAmountDecimals, kMaxAmountFen));
  CS_ASSIGN_OR_RETURN(const Json* medical, f.object_or_null("medical"));
  if (medical != nullptr) {
    CS_ASSIGN_OR_RETURN(MedicalDetails m, medical_from_json(*medical, f.path("medical"), r.kind));
    r.medical = std::move(m);
  }
  CS_RETURN_IF_ERROR(f.finish());
  CS_RETURN_IF_ERROR(validate_receipt(r));
  return r;
}

Json receipt_to_json(const Receipt& r) {
  Json items = Json::array();
  for (const auto& item : r.items) {
    items.push_back({{"code", item.code},
                     {"name", item.name},
                     {"unit", item.unit},
                     {"quantity", fixed_decimal(item.quantity_hundredths, kQuantityDecimals)},
                     {"unit_price", fixed_decimal(item.unit_price_ten_thousandths, kUnitPriceDecimals)},
                     {"amount", yuan(item.amount_fen)},
                     {"insurance_class", insurance_class_name(item.insurance_class)}});
  }
  Json medical = nullptr;
  if (r.medical) {
    const MedicalDetails& m = *r.medical;
    medical = Json{{"patient_number", m.patient_number},
                   {"institution_type", m.institution_type},
                   {"insurance_type", m.insurance_type},
                   {"payments",
                    {{"fund", yuan(m.payments.fund_fen)},
                     {"account", yuan(m.payments.account_fen)},
                     {"other", yuan(m.payments.other_fen)},
                     {"cash", yuan(m.payments.cash_fen)}}}};
    if (r.kind == ReceiptKind::kInpatient) {
      medical["admission_date"] = m.admission_date.iso();
      medical["discharge_date"] = m.discharge_date.iso();
    } else {
      medical["visit_date"] = m.visit_date.iso();
    }
  }
  return Json{
      {"kind", receipt_kind_name(r.kind)},
      {"title", r.title},
      {"code", r.code},
      {"number", r.number},
      {"check_code", r.check_code},
      {"issued_at", r.issued_at},
      {"business_serial", r.business_serial},
      {"issuer_id", r.issuer_id},
      {"issuer_name", r.issuer_name},
      {"payer",
       {{"kind", payer_kind_name(r.payer.kind)}, {"name", r.payer.name}, {"id_number", r.payer.id_number}}},
      {"drawer", r.drawer},
      {"reviewer", r.reviewer},
      {"remark", r.remark},
      {"items", std::move(items)},
      {"amount", yuan(r.amount_fen)},
      {"medical", std::move(medical)}};
}

}  // namespace chainslip

#include "core/receipt/receipt.h"

#include <array>
#include <limits>

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

bool all_of_class(std::string_view s, bool (*pred)(char)) {
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper_alnum(char c) { return is_digit(c) || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_upper_alnum(c) || (c >= 'a' && c <= 'z'); }

Error invalid(const std::string& msg) { return make_error(ErrorCode::kInvalidArgument, msg); }

Status check_text(std::string_view field, const std::string& value, std::size_t max_len) {
  if (value.empty() || value.size() > max_len) {
    return invalid("receipt." + std::string(field) + ": length must be 1.." + std::to_string(max_len) +
                   " bytes");
  }
  if (!is_printable_utf8(value)) {
    return invalid("receipt." + std::string(field) + ": must be UTF-8 text without control characters");
  }
  return {};
}

}  // namespace

Result<ReceiptKind> parse_receipt_kind(std::string_view name) {
  if (auto kind = value_in(kKindNames, name)) return *kind;
  return invalid("unknown receipt kind \"" + std::string(name) +
                 "\" (expected outpatient, inpatient, non-tax, donation or fine)");
}

std::string_view receipt_kind_name(ReceiptKind kind) { return name_in(kKindNames, kind).value_or("unknown"); }

Status validate_receipt(const Receipt& r) {
  if (r.code.size() != 8 || !all_of_class(r.code, is_digit)) {
    return invalid("receipt.code: 票据代码 must be exactly 8 digits");
  }
  if (r.number.size() != 10 || !all_of_class(r.number, is_digit)) {
    return invalid("receipt.number: 票据号码 must be exactly 10 digits");
  }
  if (r.check_code.size() != 6 || !all_of_class(r.check_code, is_alnum)) {
    return invalid("receipt.check_code: 校验码 must be exactly 6 letters or digits");
  }
  if (r.issuer_id.size() != 18 || !all_of_class(r.issuer_id, is_upper_alnum)) {
    return invalid("receipt.issuer_id: must be an 18-character unified social credit code (0-9, A-Z)");
  }
  CS_RETURN_IF_ERROR(check_text("issuer_name", r.issuer_name, 128));
  CS_RETURN_IF_ERROR(check_text("payer", r.payer, 64));
  if (r.items.empty() || r.items.size() > kMaxReceiptItems) {
    return invalid("receipt.items: must hold 1.." + std::to_string(kMaxReceiptItems) + " items");
  }
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < r.items.size(); ++i) {
    const auto& item = r.items[i];
    const std::string where = "items[" + std::to_string(i) + "]";
    CS_RETURN_IF_ERROR(check_text(where + ".name", item.name, 128));
    if (item.quantity == 0) return invalid("receipt." + where + ".quantity: must be at least 1");
    if (item.unit_price_fen > kMaxAmountFen || item.quantity > kMaxAmountFen ||
        (item.unit_price_fen != 0 && item.quantity > kMaxAmountFen / item.unit_price_fen) ||
        item.quantity * item.unit_price_fen != item.amount_fen) {
      return invalid("receipt." + where + ".amount_fen: must equal quantity x unit_price_fen");
    }
    sum += item.amount_fen;  // each term <= kMaxAmountFen, at most 200 terms: no overflow
  }
  if (r.amount_fen > kMaxAmountFen) {
    return invalid("receipt.amount_fen: over the limit of " + std::to_string(kMaxAmountFen) + " fen");
  }
  if (sum != r.amount_fen) {
    return invalid("receipt.amount_fen: " + std::to_string(r.amount_fen) +
                   " fen does not equal the sum of the items (" + std::to_string(sum) + " fen)");
  }
  return {};
}

Bytes canonical_receipt_bytes(const Receipt& r) {
  CanonicalWriter w;
  w.text("chainslip.receipt.v1")
      .text(r.code)
      .text(r.number)
      .text(r.check_code)
      .text(receipt_kind_name(r.kind))
      .u64(r.issued_at)
      .text(r.issuer_id)
      .text(r.issuer_name)
      .text(r.payer)
      .u32(static_cast<std::uint32_t>(r.items.size()));
  for (const auto& item : r.items) {
    w.text(item.name).u64(item.quantity).u64(item.unit_price_fen).u64(item.amount_fen);
  }
  w.u64(r.amount_fen);
  return std::move(w).data();
}

Result<Receipt> receipt_from_json(const Json& value, const std::string& where) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, where));
  Receipt r;
  // Lengths here only bound the work; validate_receipt states the exact rules.
  CS_ASSIGN_OR_RETURN(r.code, f.text("code", 0, 64));
  CS_ASSIGN_OR_RETURN(r.number, f.text("number", 0, 64));
  CS_ASSIGN_OR_RETURN(r.check_code, f.text("check_code", 0, 64));
  CS_ASSIGN_OR_RETURN(std::string kind, f.text("kind", 1, 32));
  auto parsed_kind = parse_receipt_kind(kind);
  if (!parsed_kind.ok()) return make_error(ErrorCode::kInvalidArgument, f.path("kind") + ": " + parsed_kind.error().message);
  r.kind = *parsed_kind;
  CS_ASSIGN_OR_RETURN(r.issued_at, f.u64("issued_at", 0, std::numeric_limits<std::int64_t>::max()));
  CS_ASSIGN_OR_RETURN(r.issuer_id, f.text("issuer_id", 0, 64));
  CS_ASSIGN_OR_RETURN(r.issuer_name, f.text("issuer_name", 1, 128));
  CS_ASSIGN_OR_RETURN(r.payer, f.text("payer", 1, 64));
  CS_ASSIGN_OR_RETURN(const Json* items, f.array("items", kMaxReceiptItems));
  for (std::size_t i = 0; i < items->size(); ++i) {
    CS_ASSIGN_OR_RETURN(FieldReader fi,
                        FieldReader::open((*items)[i], f.path("items") + "[" + std::to_string(i) + "]"));
    ReceiptItem item;
    CS_ASSIGN_OR_RETURN(item.name, fi.text("name", 1, 128));
    CS_ASSIGN_OR_RETURN(item.quantity, fi.u64("quantity"));
    CS_ASSIGN_OR_RETURN(item.unit_price_fen, fi.u64("unit_price_fen"));
    CS_ASSIGN_OR_RETURN(item.amount_fen, fi.u64("amount_fen"));
    CS_RETURN_IF_ERROR(fi.finish());
    r.items.push_back(std::move(item));
  }
  CS_ASSIGN_OR_RETURN(r.amount_fen, f.u64("amount_fen"));
  CS_RETURN_IF_ERROR(f.finish());
  CS_RETURN_IF_ERROR(validate_receipt(r));
  return r;
}

Json receipt_to_json(const Receipt& r) {
  Json items = Json::array();
  for (const auto& item : r.items) {
    items.push_back({{"name", item.name},
                     {"quantity", item.quantity},
                     {"unit_price_fen", item.unit_price_fen},
                     {"amount_fen", item.amount_fen}});
  }
  return Json{{"code", r.code},
              {"number", r.number},
              {"check_code", r.check_code},
              {"kind", receipt_kind_name(r.kind)},
              {"issued_at", r.issued_at},
              {"issuer_id", r.issuer_id},
              {"issuer_name", r.issuer_name},
              {"payer", r.payer},
              {"items", std::move(items)},
              {"amount_fen", r.amount_fen}};
}

}  // namespace chainslip

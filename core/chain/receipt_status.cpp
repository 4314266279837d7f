#include "core/chain/receipt_status.h"

#include "core/util/name_table.h"

namespace chainslip {
namespace {

constexpr NameTable<ReceiptStatus, 4> kStatusNames{{
    {ReceiptStatus::kIssued, "issued"},
    {ReceiptStatus::kConverted, "converted"},
    {ReceiptStatus::kPosted, "posted"},
    {ReceiptStatus::kReversed, "reversed"},
}};

Result<ActivePaper> paper_from_json(const Json& value, const std::string& where) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, where));
  ActivePaper p;
  CS_ASSIGN_OR_RETURN(p.paper_code, f.text("paper_code", 8, 8));
  CS_ASSIGN_OR_RETURN(p.paper_number, f.text("paper_number", 10, 10));
  CS_ASSIGN_OR_RETURN(p.device_id, f.text("device_id", 1, 64));
  CS_ASSIGN_OR_RETURN(p.time, f.u64("time"));
  CS_RETURN_IF_ERROR(f.finish());
  return p;
}

Result<HistoryEntry> history_entry_from_json(const Json& value, const std::string& where) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, where));
  CS_ASSIGN_OR_RETURN(std::string type, f.text("type", 1, 16));
  auto parsed = parse_tx_type(type);
  if (!parsed.ok())
    return make_error(ErrorCode::kInvalidArgument, f.path("type") + ": " + parsed.error().message);
  HistoryEntry e{*parsed, {}, 0};
  CS_ASSIGN_OR_RETURN(e.tx_hash, f.digest("tx_hash"));
  CS_ASSIGN_OR_RETURN(e.height, f.u64("height"));
  CS_RETURN_IF_ERROR(f.finish());
  return e;
}

}  // namespace

std::string_view receipt_status_name(ReceiptStatus status) {
  return name_in(kStatusNames, status).value_or("issued");
}

Result<ReceiptStatus> parse_receipt_status(std::string_view name) {
  if (auto status = value_in(kStatusNames, name)) return *status;
  return make_error(ErrorCode::kInvalidArgument, "unknown receipt status \"" + std::string(name) + "\"");
}

Result<ReceiptStatusView> receipt_status_from_json(const Json& value, const std::string& where) {
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(value, where));
  ReceiptStatusView v;
  CS_ASSIGN_OR_RETURN(std::string status, f.text("status", 1, 16));
  auto parsed = parse_receipt_status(status);
  if (!parsed.ok())
    return make_error(ErrorCode::kInvalidArgument, f.path("status") + ": " + parsed.error().message);
  v.status = *parsed;
  CS_ASSIGN_OR_RETURN(const Json* paper, f.object_or_null("paper"));
  if (paper != nullptr) {
    CS_ASSIGN_OR_RETURN(ActivePaper p, paper_from_json(*paper, f.path("paper")));
    v.paper = std::move(p);
  }
  CS_ASSIGN_OR_RETURN(const Json* history, f.array("history", kMaxReceiptHistory));
  for (std::size_t i = 0; i < history->size(); ++i) {
    CS_ASSIGN_OR_RETURN(HistoryEntry e, history_entry_from_json((*history)[i], f.path("history") + "[" +
                                                                                   std::to_string(i) + "]"));
    v.history.push_back(e);
  }
  CS_RETURN_IF_ERROR(f.finish());
  return v;
}

Json receipt_status_to_json(const ReceiptStatusView& v) {
  Json history = Json::array();
  for (const auto& h : v.history) {
    history.push_back(
        Json{{"type", tx_type_name(h.type)}, {"tx_hash", to_hex(h.tx_hash)}, {"height", h.height}});
  }
  Json paper = nullptr;
  if (v.paper) {
    paper = Json{{"paper_code", v.paper->paper_code},
                 {"paper_number", v.paper->paper_number},
                 {"device_id", v.paper->device_id},
                 {"time", v.paper->time}};
  }
  return Json{{"status", receipt_status_name(v.status)}, {"paper", paper}, {"history", history}};
}

}  // namespace chainslip

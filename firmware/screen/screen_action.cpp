#include "firmware/screen/screen_action.h"

#include <string>

#include "core/chain/transaction.h"

namespace chainslip {
namespace {

std::string_view reason_text(ExchangeReason reason) {
  return reason == ExchangeReason::kRefund ? kConvertReasonRefund : kConvertReasonOther;
}

Result<ExchangeReason> read_reason(FieldReader& f) {
  CS_ASSIGN_OR_RETURN(std::string reason, f.text("reason", 1, 32));
  if (reason == kConvertReasonRefund) return ExchangeReason::kRefund;
  if (reason == kConvertReasonOther) return ExchangeReason::kOther;
  return make_error(ErrorCode::kInvalidArgument, "action.reason: \"" + reason + "\" is not one of \"refund\", \"other\"");
}

}  // namespace

Result<ScreenAction> parse_screen_action(std::string_view body) {
  CS_ASSIGN_OR_RETURN(Json doc, parse_strict_json(body));
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(doc, "action"));
  CS_ASSIGN_OR_RETURN(std::string name, f.text("action", 1, 32));
  ScreenAction action = CancelEvent{};
  if (name == "choose") {
    CS_ASSIGN_OR_RETURN(ExchangeReason reason, read_reason(f));
    action = ChooseEvent{reason};
  } else if (name == "confirm") {
    CS_ASSIGN_OR_RETURN(ExchangeReason reason, read_reason(f));
    action = ConfirmEvent{reason};
  } else if (name == "start_over") {
    action = StartOverEvent{};
  } else if (name == "call_staff") {
    action = StaffCallEvent{};
  } else if (name != "cancel") {
    return make_error(ErrorCode::kInvalidArgument,
                      "action.action: \"" + name +
                          "\" is not one of \"choose\", \"confirm\", \"cancel\", \"start_over\", \"call_staff\"");
  }
  CS_RETURN_IF_ERROR(f.finish());
  return action;
}

Json screen_action_json(const ScreenAction& action) {
  struct ToJson {
    Json operator()(const ChooseEvent& e) const { return {{"action", "choose"}, {"reason", reason_text(e.reason)}}; }
    Json operator()(const ConfirmEvent& e) const {
      return {{"action", "confirm"}, {"reason", reason_text(e.reason)}};
    }
    Json operator()(const CancelEvent&) const { return {{"action", "cancel"}}; }
    Json operator()(const StartOverEvent&) const { return {{"action", "start_over"}}; }
    Json operator()(const StaffCallEvent&) const { return {{"action", "call_staff"}}; }
  };
  return std::visit(ToJson{}, action);
}

}  // namespace chainslip

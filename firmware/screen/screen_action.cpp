#include "firmware/screen/screen_action.h"

#include <string>

namespace chainslip {

Result<Json> parse_screen_action(std::string_view body, bool sim_mode) {
  CS_ASSIGN_OR_RETURN(Json doc, parse_strict_json(body));
  CS_ASSIGN_OR_RETURN(FieldReader f, FieldReader::open(doc, "action"));
  CS_ASSIGN_OR_RETURN(std::string action, f.text("action", 1, 32));
  Json out{{"action", action}};
  if (action == "choose" || action == "confirm") {
    CS_ASSIGN_OR_RETURN(std::string reason, f.text("reason", 1, 32));
    if (reason != "refund" && reason != "other") {
      return make_error(ErrorCode::kInvalidArgument,
                        "action.reason: \"" + reason + "\" is not one of \"refund\", \"other\"");
    }
    out["reason"] = reason;
  } else if (action == "present") {
    if (!sim_mode) {
      return make_error(ErrorCode::kPermissionDenied,
                        "action \"present\" is accepted in simulator mode only (a real kiosk reads its scanner)");
    }
    CS_ASSIGN_OR_RETURN(std::string payload, f.text("payload", 1, kMaxPresentedPayloadBytes));
    out["payload"] = payload;
  } else if (action != "cancel" && action != "start_over" && action != "call_staff") {
    return make_error(ErrorCode::kInvalidArgument,
                      "action.action: \"" + action +
                          "\" is not one of \"choose\", \"confirm\", \"cancel\", \"start_over\", "
                          "\"call_staff\", \"present\"");
  }
  CS_RETURN_IF_ERROR(f.finish());
  return out;
}

}  // namespace chainslip

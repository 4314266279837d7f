#pragma once

#include <string_view>

#include "core/util/result.h"
#include "core/util/strict_json.h"
#include "firmware/kiosk/kiosk_events.h"

namespace chainslip {

// Parses the body of POST /actions (docs/SCREEN.md, "Actions"), strictly:
//   {"action":"choose","reason":"refund"|"other"}    (the purpose; the confirm step follows)
//   {"action":"confirm","reason":"refund"|"other"}   (the one-time exchange, on the confirm step)
//   {"action":"cancel"}
//   {"action":"call_staff"}
//   {"action":"start_over"}
// Any other shape, an extra field or a duplicate key is kInvalidArgument.
Result<ScreenAction> parse_screen_action(std::string_view body);

// The action in that wire form (the server's 202 answer echoes it).
Json screen_action_json(const ScreenAction& action);

}  // namespace chainslip

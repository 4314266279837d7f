#pragma once

#include <string>
#include <variant>

#include "core/exchange/exchange_runner.h"
#include "core/hal/paper_copy_content.h"
#include "firmware/kiosk/receipt_lookup.h"

namespace chainslip {

// What happens to the kiosk, whatever its source (scanner, screen, lookup,
// exchange runner, timers).
struct ScanEvent {
  std::string text;
};
// The patient picked what the paper copy is for; the confirm step follows.
struct ChooseEvent {
  ExchangeReason reason = ExchangeReason::kRefund;
};
// The patient confirmed the one-time exchange for `reason`.
struct ConfirmEvent {
  ExchangeReason reason = ExchangeReason::kRefund;
};
struct StaffCallEvent {};  // the patient asked for staff
struct CancelEvent {};
struct StartOverEvent {};
struct TimeoutEvent {};  // the current state's timer ran out
struct LookupDoneEvent {
  LookupAnswer answer;
};
struct ExchangeProgressEvent {
  ExchangeProgress progress;
};
struct ExchangeDoneEvent {
  ExchangeResult outcome;
};

// What a patient can do on the screen (docs/SCREEN.md, "Actions"); the
// screen server parses its wire form (firmware/screen/screen_action.h).
using ScreenAction = std::variant<ChooseEvent, ConfirmEvent, CancelEvent, StartOverEvent, StaffCallEvent>;

using KioskEvent = std::variant<ScanEvent, ChooseEvent, ConfirmEvent, CancelEvent, StartOverEvent, TimeoutEvent,
                                StaffCallEvent, LookupDoneEvent, ExchangeProgressEvent, ExchangeDoneEvent>;

}  // namespace chainslip

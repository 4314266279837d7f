#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/hal/paper_printer.h"
#include "core/receipt/payer_mask.h"
#include "core/util/strict_json.h"
#include "firmware/kiosk/kiosk_states.h"
#include "firmware/kiosk/screen_state.h"

namespace chainslip {

// The state's timer back to idle, as the screen counts it down.
struct KioskCountdown {
  std::chrono::milliseconds after{0};
  std::uint64_t arming = 0;  // changes at every arming
};

// Everything the screen shows, as the machine knows it.
struct KioskViewInput {
  KioskStateId state = KioskStateId::kIdle;
  const KioskSession* session = nullptr;
  std::optional<Notice> no_exchange;  // verified: why confirming is refused now; idle: why exchanges pause
  std::optional<KioskCountdown> countdown;
  PrinterState printer;
  std::optional<bool> node_reachable;  // nullopt: not known yet
  bool scanner_ok = false;
  PayerDisplay payer_display = PayerDisplay::kMasked;
  std::string hospital_name;  // the status bar (config [screen])
  std::string help_phone;
};

// The screen's view model (the web page renders exactly this):
// {"state", "title_zh", "title_en", "message_zh", "message_en", "receipt",
//  "actions", "confirm", "countdown", "progress", "devices", "kiosk"}; docs/SCREEN.md.
Json kiosk_view(const KioskViewInput& input);

// The screen the view shows (its "state").
ScreenState screen_state(const KioskViewInput& input);

// "2026-01-01 08:00": Unix seconds in China Standard Time (UTC+8).
std::string china_time_minutes(std::uint64_t unix_seconds);

}  // namespace chainslip

#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/hal/paper_printer.h"
#include "core/receipt/payer_mask.h"
#include "core/util/strict_json.h"
#include "firmware/kiosk/kiosk_states.h"

namespace chainslip {

// Everything the screen shows, as the machine knows it.
struct KioskViewInput {
  KioskStateId state = KioskStateId::kIdle;
  const KioskSession* session = nullptr;
  std::optional<Notice> no_exchange;  // why confirming is refused now
  PrinterState printer;
  std::optional<bool> node_reachable;  // nullopt: not known yet
  bool scanner_ok = false;
  PayerDisplay payer_display = PayerDisplay::kMasked;
  std::optional<std::vector<std::string>> sim_payloads;  // sim mode only
};

// The screen's view model (the web page renders exactly this):
// {"state", "title_zh", "title_en", "message_zh", "message_en", "receipt",
//  "actions", "progress", "devices", "sim"}; docs in kiosk_machine.h.
Json kiosk_view(const KioskViewInput& input);

// Every "state" the view model can name, each once: the kiosk's states, with
// an exchange at the printer shown as "printing" and a failed one as "error".
// The screen's voice prompts are keyed by these (docs/SCREEN.md).
std::vector<std::string_view> kiosk_view_states();

// "2026-01-01 08:00": Unix seconds in China Standard Time (UTC+8).
std::string china_time_minutes(std::uint64_t unix_seconds);

}  // namespace chainslip

#pragma once

#include <string_view>
#include <vector>

namespace chainslip {

// What the screen shows, one stable id per screen: the view's "state"
// (docs/SCREEN.md), which the page puts on its app element (data-state) and
// the voice prompts key on. Finer than KioskStateId: one kiosk state shows as
// several screens (verified as already_exchanged, exchanging as paper_out).
enum class ScreenState {
  kIdle,              // scan a receipt
  kIdlePaused,        // scan to verify; no paper copies now (node, printer, or paused)
  kLookingUp,
  kVerified,          // may be exchanged
  kAlreadyExchanged,  // verified, 已换开: no exchange offered
  kAlreadyPosted,     // verified, 已入账
  kAlreadyReversed,   // verified, 已冲红
  kConfirming,        // amount, purpose, 每张票据只能换开一次
  kRejected,          // not a valid receipt (or not one this kiosk reads)
  kNetworkDown,       // not found in the cache and the network is down: not the receipt's fault
  kExchanging,
  kPrinting,
  kPaperOut,          // the printer ran out of paper during the exchange; it resumes by itself
  kDone,
  kError,             // the exchange issued no paper copy, or its outcome is not known yet
};

// "idle", "idle_paused", "looking_up", "verified", "already_exchanged",
// "already_posted", "already_reversed", "confirming", "rejected",
// "network_down", "exchanging", "printing", "paper_out", "done", "error".
std::string_view screen_state_name(ScreenState state);

// Every screen's name, in ScreenState order: what the page may show, what a
// scenario may wait for, and what the voice prompts are keyed by.
std::vector<std::string_view> screen_state_names();

}  // namespace chainslip

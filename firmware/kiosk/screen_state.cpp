#include "firmware/kiosk/screen_state.h"

#include <array>
#include <utility>

namespace chainslip {
namespace {

using enum ScreenState;

constexpr std::array<std::pair<ScreenState, std::string_view>, 15> kNames{{
    {kIdle, "idle"},
    {kIdlePaused, "idle_paused"},
    {kLookingUp, "looking_up"},
    {kVerified, "verified"},
    {kAlreadyExchanged, "already_exchanged"},
    {kAlreadyPosted, "already_posted"},
    {kAlreadyReversed, "already_reversed"},
    {kConfirming, "confirming"},
    {kRejected, "rejected"},
    {kNetworkDown, "network_down"},
    {kExchanging, "exchanging"},
    {kPrinting, "printing"},
    {kPaperOut, "paper_out"},
    {kDone, "done"},
    {kError, "error"},
}};

}  // namespace

std::string_view screen_state_name(ScreenState state) {
  for (const auto& [s, name] : kNames) {
    if (s == state) return name;
  }
  return "error";
}

}  // namespace chainslip

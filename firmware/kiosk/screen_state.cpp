#include "firmware/kiosk/screen_state.h"

#include "core/util/name_table.h"

namespace chainslip {
namespace {

using enum ScreenState;

constexpr NameTable<ScreenState, 15> kNames{{
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

std::string_view screen_state_name(ScreenState state) { return name_in(kNames, state).value_or("error"); }

std::vector<std::string_view> screen_state_names() {
  std::vector<std::string_view> names;
  for (const auto& entry : kNames) names.push_back(entry.second);
  return names;
}

}  // namespace chainslip

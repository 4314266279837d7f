#include "firmware/service/kill_after_step.h"

#include <charconv>
#include <csignal>
#include <cstdlib>

#include "core/store/exchange_journal.h"

namespace chainslip {

Result<KillAfterStep> KillAfterStep::parse(std::string_view spec) {
  const std::size_t colon = spec.find(':');
  const std::string_view step = spec.substr(0, colon);
  auto invalid = [spec](const std::string& why) {
    return make_error(ErrorCode::kInvalidArgument, std::string(kEnvironmentVariable) + "=\"" + std::string(spec) +
                                                       "\": " + why + " (expected <step>[:<nth>], e.g. printing:2)");
  };
  if (!is_journal_step_name(step)) return invalid("\"" + std::string(step) + "\" is not a journal step");
  std::uint32_t nth = 1;
  if (colon != std::string_view::npos) {
    const std::string_view digits = spec.substr(colon + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), nth);
    if (ec != std::errc() || end != digits.data() + digits.size() || nth == 0) {
      return invalid("the count must be a whole number from 1");
    }
  }
  return KillAfterStep(std::string(step), nth);
}

Result<std::optional<KillAfterStep>> KillAfterStep::from_environment() {
  const char* value = std::getenv(kEnvironmentVariable);
  if (value == nullptr || *value == '\0') return std::optional<KillAfterStep>();
  CS_ASSIGN_OR_RETURN(KillAfterStep armed, parse(value));
  return std::optional<KillAfterStep>(std::move(armed));
}

bool KillAfterStep::count(std::string_view step) { return step == step_ && ++seen_ == nth_; }

void KillAfterStep::kill_if_due(std::string_view step) {
  if (count(step)) std::raise(SIGKILL);
}

}  // namespace chainslip

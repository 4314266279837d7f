#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace chainslip::cli {

struct VerifyArgs {
  std::string bundle_path;
  std::string anchor_path;  // empty: anchor.json beside the bundle, then in its parent
  // A JSON array of validator-set changes already verified (a kiosk's): the
  // bundle is held to them, so it cannot hide a rotation (PROTOCOL 5.1).
  std::string known_changes_path;
  bool json = false;
  std::optional<std::uint64_t> now_unix;  // verify as of this time instead of the clock
  std::optional<std::uint64_t> max_age_seconds;  // unset: headers never go stale; 0 means 0
  bool show_payer = false;
};

// Exit codes: 0 valid, 1 invalid (with the reason), 2 usage or unreadable input.
int run_verify(const VerifyArgs& args);

}  // namespace chainslip::cli

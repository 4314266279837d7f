#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/chain/transaction.h"
#include "core/util/strict_json.h"

namespace chainslip {

// What the chain has seen from one kiosk (GET /v1/devices/{device_id},
// docs/PROTOCOL.md section 9). Advisory, as a node says it (unsigned): a
// kiosk compares it with its own journal's counters and stops exchanging
// when its journal is behind; it never takes numbers from it.
struct DeviceActivity {
  std::string device_id;
  // The highest nonce of a Convert or Void from this device, included or
  // pending; nullopt when there is none.
  std::optional<std::uint64_t> last_nonce;
  // The paper copy of the included Convert with the highest nonce from this
  // device; nullopt when none is included.
  std::optional<PaperCopy> last_paper;
};

// {"device_id", "last_nonce": N or null, "last_paper": {"paper_code", "paper_number"} or null};
// strict: `device_id` 1-64 printable ASCII (0x21-0x7E), `paper_code` 8 and
// `paper_number` 10 ASCII digits.
Result<DeviceActivity> device_activity_from_json(const Json& value, const std::string& where);
Json device_activity_to_json(const DeviceActivity& activity);

}  // namespace chainslip

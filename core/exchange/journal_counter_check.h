#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/chain/device_activity.h"
#include "core/store/exchange_journal.h"

namespace chainslip {

// A journal whose counters are behind what the chain has already seen from
// this kiosk (journal.db replaced, or restored from an old backup): every
// conversion it signs would be refused as replayed, or print a paper number
// the chain already holds. At least one of the two is set.
struct JournalBehindChain {
  JournalCounters journal;
  std::optional<std::uint64_t> chain_last_nonce;  // set when >= journal.next_nonce
  std::optional<PaperCopy> chain_last_paper;      // set when its number >= journal.next_paper_number
};

// Compares the journal's next numbers with the node's view of this device.
// Only the chain's papers of `paper_code` (this kiosk's stock) count.
std::optional<JournalBehindChain> journal_behind_chain(const JournalCounters& journal,
                                                       std::string_view paper_code,
                                                       const DeviceActivity& chain);

// The operator's ERROR line: both numbers of each counter that is behind,
// the device, the journal's path, and what to do.
std::string journal_behind_chain_message(const JournalBehindChain& behind, const std::string& device_id,
                                         const std::string& journal_path);

}  // namespace chainslip

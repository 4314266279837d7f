#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/chain/receipt_status.h"
#include "core/store/exchange_journal.h"

namespace chainslip::simapp {

// One sample of what the process and the kiosk hold (soak_run.h takes them).
struct SoakSample {
  std::uint64_t at_ms = 0;  // simulated, since the kiosk started
  std::uint64_t rss_bytes = 0;
  std::uint64_t heap_bytes = 0;
  std::size_t open_fds = 0;
  std::size_t threads = 0;
  std::size_t loop_timers = 0;
  std::size_t loop_fd_watches = 0;
  std::uint64_t cache_db_bytes = 0;    // cache.db + its -wal
  std::uint64_t journal_db_bytes = 0;  // journal.db + its -wal
  std::uint64_t cached_receipts = 0;
  std::uint64_t chain_height = 0;
  // Taken with the kiosk idle and no patient in front of it: what a leak-free
  // kiosk returns to. Only such samples are compared.
  bool idle = false;
};

// A cut ticket's text layer, as the virtual printer's interpreter printed it.
struct TicketText {
  std::vector<std::string> serials;          // every "纸质票据: " line (a ticket holds one)
  std::vector<std::string> receipt_numbers;  // every "票据号码: " line
  bool void_slip = false;                    // a 作废 slip (docs/PRINTING.md), not a copy
};

// How much a sample after the warm-up may exceed it, and why (soak_run.cpp
// derives them; docs/SOAK.md explains the figures).
struct FlatLimits {
  std::uint64_t rss_growth_bytes = 0;
  std::uint64_t heap_growth_bytes = 0;
  bool judge_memory = true;  // false under ASan, whose quarantine holds freed memory
  std::string why;
};

// Everything the soak collected, to be judged after the day.
struct SoakEvidence {
  // Every paper of every exchange in the journal, by exchange then paper.
  std::vector<PaperRecord> papers;
  // What the chain says about every receipt the kiosk was shown, by "code-number".
  std::map<std::string, ReceiptStatusView> chain;
  std::vector<TicketText> tickets;
  bool uncut_tail = false;  // paper printed after the last cut, left on the roll
  // Receipts ("code-number") whose exchange the screen showed starting, once per start.
  std::vector<std::string> started;
  std::vector<std::string> done_serials;  // the screen showed these printed
  // Broken promises seen during the day, each a sentence: a lookup the kiosk
  // accepted while the node lied, a proof it accepted from a lying node.
  std::vector<std::string> lies_believed;
  std::vector<std::string> stuck_sessions;  // a patient kept past the session limit
  std::vector<SoakSample> samples;          // by time
  std::uint64_t warm_up_ms = 0;
  FlatLimits limits;
};

struct SoakVerdict {
  std::string name;
  std::uint64_t violations = 0;
  std::vector<std::string> examples;  // the first few
  bool passed() const { return violations == 0; }
};

// The invariants of docs/SOAK.md, in a fixed order: exchanges finished,
// journal entries lost, two active copies, accepted conversions without
// paper, chain and journal agreeing, paper, lies believed, sessions stuck,
// and the resources flat after the warm-up.
std::vector<SoakVerdict> check_soak_invariants(const SoakEvidence& evidence);

}  // namespace chainslip::simapp

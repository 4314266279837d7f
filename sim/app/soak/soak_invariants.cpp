#include "sim/app/soak/soak_invariants.h"

#include <algorithm>
#include <deque>
#include <iterator>
#include <set>

namespace chainslip::simapp {
namespace {

constexpr std::size_t kExamples = 5;

// The verdicts in the order added; a reference add() returns stays valid
// while later ones are added (a deque, not a vector).
class Verdicts {
 public:
  SoakVerdict& add(const std::string& name) {
    out_.push_back({name, 0, {}});
    return out_.back();
  }
  std::vector<SoakVerdict> take() {
    return {std::make_move_iterator(out_.begin()), std::make_move_iterator(out_.end())};
  }

 private:
  std::deque<SoakVerdict> out_;
};

// Counts a violation unless `ok`; returns `ok`.
bool check(SoakVerdict& v, bool ok, const std::string& what) {
  if (ok) return true;
  ++v.violations;
  if (v.examples.size() < kExamples) v.examples.push_back(what);
  return false;
}

std::string key_of(const PaperRecord& p) { return p.request.code + "-" + p.request.number; }
std::string serial_of(const PaperRecord& p) { return paper_serial_text(p.paper); }

// The journal read by exchange and by receipt.
struct Journal {
  std::map<std::int64_t, std::vector<const PaperRecord*>> by_exchange;
  std::map<std::string, std::set<std::int64_t>> exchanges_of;  // by receipt
  std::map<std::string, const PaperRecord*> by_convert;        // by convert tx hash (hex)
  std::map<std::string, const PaperRecord*> by_serial;

  explicit Journal(const std::vector<PaperRecord>& papers) {
    for (const PaperRecord& p : papers) {
      by_exchange[p.exchange_id].push_back(&p);
      exchanges_of[key_of(p)].insert(p.exchange_id);
      if (!p.convert_tx_hash.empty()) by_convert[to_hex(p.convert_tx_hash)] = &p;
      by_serial[serial_of(p)] = &p;
    }
  }
};

void check_journal(const SoakEvidence& e, const Journal& j, Verdicts& out) {
  SoakVerdict& open = out.add("exchanges_finished");
  for (const auto& [id, papers] : j.by_exchange) {
    const PaperRecord& last = *papers.back();
    check(open, last.exchange_state != ExchangeState::kOpen,
          "exchange " + std::to_string(id) + " (" + key_of(last) + ") is still open, its paper " +
              serial_of(last) + " " + std::string(paper_state_name(last.state)));
  }

  SoakVerdict& lost = out.add("journal_entries_lost");
  std::map<std::string, std::size_t> starts;
  for (const std::string& key : e.started) ++starts[key];
  for (const auto& [key, n] : starts) {
    const auto it = j.exchanges_of.find(key);
    const std::size_t recorded = it == j.exchanges_of.end() ? 0 : it->second.size();
    check(lost, recorded >= n,
          "the screen started " + std::to_string(n) + " exchange(s) of " + key + ", the journal has " +
              std::to_string(recorded));
  }
  for (const std::string& serial : e.done_serials) {
    const auto it = j.by_serial.find(serial);
    check(lost, it != j.by_serial.end() && it->second->state == PaperState::kPrinted,
          "the screen showed paper " + serial + " printed, the journal " +
              (it == j.by_serial.end() ? std::string("does not know it")
                                       : "has it " + std::string(paper_state_name(it->second->state))));
  }
}

void check_chain(const SoakEvidence& e, const Journal& j, Verdicts& out) {
  SoakVerdict& two = out.add("two_active_copies");
  SoakVerdict& unpapered = out.add("accepted_without_printed_or_voided_paper");
  SoakVerdict& mismatch = out.add("chain_journal_mismatch");
  std::set<std::string> chain_converts;
  for (const auto& [key, status] : e.chain) {
    std::size_t converts = 0;
    std::set<std::string> voids;
    for (const HistoryEntry& h : status.history) {
      if (h.type == TxType::kVoid) voids.insert(to_hex(h.tx_hash));
    }
    std::vector<const PaperRecord*> printed;
    for (const HistoryEntry& h : status.history) {
      if (h.type != TxType::kConvert) continue;
      ++converts;
      const std::string hash = to_hex(h.tx_hash);
      chain_converts.insert(hash);
      const auto it = j.by_convert.find(hash);
      if (!check(mismatch, it != j.by_convert.end(),
                 "convert " + hash + " of " + key + " is not in the journal")) {
        continue;
      }
      const PaperRecord& p = *it->second;
      check(unpapered, p.state == PaperState::kPrinted || p.state == PaperState::kVoided,
            "the accepted conversion of paper " + serial_of(p) + " (" + key + ") is " +
                std::string(paper_state_name(p.state)));
      if (p.state == PaperState::kVoided) {
        check(mismatch, !p.void_tx_hash.empty() && voids.contains(to_hex(p.void_tx_hash)),
              "paper " + serial_of(p) + " is voided in the journal, its void is not on chain");
      }
      if (p.state == PaperState::kPrinted) printed.push_back(&p);
    }
    const auto active = static_cast<long>(converts) - static_cast<long>(voids.size());
    check(two, active == 0 || active == 1,
          key + " has " + std::to_string(converts) + " converts and " + std::to_string(voids.size()) +
              " voids on chain");
    check(two, printed.size() <= 1, key + " has " + std::to_string(printed.size()) + " printed papers");
    check(mismatch, status.paper.has_value() == (active == 1),
          key + " has " + std::to_string(active) + " active copies, its active paper " +
              (status.paper ? "is set" : "is not"));
    if (printed.size() == 1) {
      check(mismatch, status.paper && status.paper->paper_number == printed[0]->paper.paper_number,
            key + "'s active paper on chain is " + (status.paper ? status.paper->paper_number : "none") +
                ", the journal printed " + serial_of(*printed[0]));
    }
  }
  for (const auto& [id, papers] : j.by_exchange) {
    for (const PaperRecord* p : papers) {
      check(mismatch, e.chain.contains(key_of(*p)), "the chain was not asked about " + key_of(*p));
      if (p->state == PaperState::kRefused || p->state == PaperState::kAbandoned) {
        check(mismatch, p->convert_tx_hash.empty() || !chain_converts.contains(to_hex(p->convert_tx_hash)),
              "paper " + serial_of(*p) + " is " + std::string(paper_state_name(p->state)) +
                  " but its convert is on chain");
      }
    }
  }
}

void check_paper(const SoakEvidence& e, const Journal& j, Verdicts& out) {
  SoakVerdict& paper = out.add("paper");
  std::map<std::string, std::vector<std::size_t>> tickets_of;  // serial -> tickets
  for (std::size_t t = 0; t < e.tickets.size(); ++t) {
    const TicketText& ticket = e.tickets[t];
    if (ticket.void_slip) {
      // A 作废 slip names a paper the chain holds void; it is no copy.
      for (const std::string& s : ticket.serials) {
        const auto it = j.by_serial.find(s);
        check(paper, it != j.by_serial.end() && it->second->state == PaperState::kVoided,
              "a void slip names serial " + s + ", which is not voided in the journal");
      }
      continue;
    }
    check(paper, ticket.serials.size() <= 1,
          "ticket " + std::to_string(t + 1) + " holds " + std::to_string(ticket.serials.size()) +
              " paper serials");
    for (const std::string& s : ticket.serials) tickets_of[s].push_back(t);
  }
  for (const auto& [id, papers] : j.by_exchange) {
    for (const PaperRecord* p : papers) {
      if (p->state != PaperState::kPrinted) continue;
      const auto it = tickets_of.find(serial_of(*p));
      const std::size_t n = it == tickets_of.end() ? 0 : it->second.size();
      if (!check(paper, n == 1,
                 "printed paper " + serial_of(*p) + " is on " + std::to_string(n) + " tickets")) {
        continue;
      }
      const TicketText& ticket = e.tickets[it->second.front()];
      check(paper, ticket.receipt_numbers.size() == 1 && ticket.receipt_numbers[0] == p->request.number,
            "the ticket of " + serial_of(*p) + " does not show receipt number " + p->request.number);
    }
  }
  for (const auto& [serial, tickets] : tickets_of) {
    const auto it = j.by_serial.find(serial);
    if (!check(paper, it != j.by_serial.end(),
               "a ticket shows serial " + serial + ", unknown to the journal")) {
      continue;
    }
    const PaperState s = it->second->state;
    check(paper, s == PaperState::kPrinted || s == PaperState::kVoided,
          "serial " + serial + " is on a ticket but " + std::string(paper_state_name(s)));
    check(paper, tickets.size() == 1,
          "serial " + serial + " is on " + std::to_string(tickets.size()) + " tickets");
  }
}

void check_listed(const std::vector<std::string>& items, const std::string& name, Verdicts& out) {
  SoakVerdict& v = out.add(name);
  for (const std::string& what : items) check(v, false, what);
}

std::string mib(std::int64_t bytes) {
  return std::to_string(static_cast<double>(bytes) / (1 << 20)) + " MiB";
}

void check_flat(const SoakEvidence& e, Verdicts& out) {
  const SoakSample* base = nullptr;
  const SoakSample* last = nullptr;
  for (const SoakSample& s : e.samples) {
    if (!s.idle) continue;
    if (!base && s.at_ms >= e.warm_up_ms) base = &s;
    last = &s;
  }
  SoakVerdict& fds = out.add("fds_flat");
  SoakVerdict& threads = out.add("threads_flat");
  SoakVerdict& loop = out.add("loop_timers_and_watches_flat");
  SoakVerdict& rss = out.add("rss_flat");
  SoakVerdict& heap = out.add("heap_flat");
  if (!base || last == base) {
    for (SoakVerdict* v : {&fds, &threads, &loop, &rss, &heap}) {
      check(*v, false, "no idle sample after the warm-up to compare with a later one");
    }
    return;
  }
  const std::string at = " at " + std::to_string(last->at_ms / 1000) + " s, ";
  const std::string then = " after the warm-up (" + std::to_string(base->at_ms / 1000) + " s)";
  check(fds, last->open_fds == base->open_fds,
        std::to_string(last->open_fds) + " open fds" + at + std::to_string(base->open_fds) + then);
  check(threads, last->threads == base->threads,
        std::to_string(last->threads) + " threads" + at + std::to_string(base->threads) + then);
  check(loop, last->loop_timers == base->loop_timers && last->loop_fd_watches == base->loop_fd_watches,
        std::to_string(last->loop_timers) + " timers and " + std::to_string(last->loop_fd_watches) +
            " watches" + at + std::to_string(base->loop_timers) + " and " +
            std::to_string(base->loop_fd_watches) + then);
  if (!e.limits.judge_memory) return;
  // Every idle sample after the warm-up, not only the last: growth that
  // came and went is within the limit too, or it is reported.
  for (const SoakSample& s : e.samples) {
    if (!s.idle || s.at_ms < base->at_ms) continue;
    const auto rss_growth =
        static_cast<std::int64_t>(s.rss_bytes) - static_cast<std::int64_t>(base->rss_bytes);
    const auto heap_growth =
        static_cast<std::int64_t>(s.heap_bytes) - static_cast<std::int64_t>(base->heap_bytes);
    const std::string when = " at " + std::to_string(s.at_ms / 1000) + " s";
    check(rss, rss_growth <= static_cast<std::int64_t>(e.limits.rss_growth_bytes),
          "RSS grew " + mib(rss_growth) + when + ", the limit is " +
              mib(static_cast<std::int64_t>(e.limits.rss_growth_bytes)));
    check(heap, heap_growth <= static_cast<std::int64_t>(e.limits.heap_growth_bytes),
          "the heap grew " + mib(heap_growth) + when + ", the limit is " +
              mib(static_cast<std::int64_t>(e.limits.heap_growth_bytes)));
  }
}

}  // namespace

std::vector<SoakVerdict> check_soak_invariants(const SoakEvidence& evidence) {
  const Journal journal(evidence.papers);
  Verdicts out;
  check_journal(evidence, journal, out);
  check_chain(evidence, journal, out);
  check_paper(evidence, journal, out);
  check_listed(evidence.lies_believed, "lies_believed", out);
  check_listed(evidence.stuck_sessions, "sessions_stuck", out);
  check_flat(evidence, out);
  return out.take();
}

}  // namespace chainslip::simapp

#include "sim/app/soak/soak_summary.h"

#include <cstdio>

#include "sim/app/kiosk/simulated_kiosk.h"

namespace chainslip::simapp {
namespace {

std::string counts(const std::map<std::string, std::uint64_t>& by) {
  std::uint64_t total = 0;
  std::string parts;
  for (const auto& [name, n] : by) {
    total += n;
    parts += (parts.empty() ? "" : ", ") + name + " " + std::to_string(n);
  }
  return std::to_string(total) + (parts.empty() ? "" : " (" + parts + ")");
}

double mib(std::uint64_t bytes) { return static_cast<double>(bytes) / (1 << 20); }

}  // namespace

std::string soak_summary_text(const SoakReport& r) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "soak: seed %llu, %d h (%.2f h simulated) in %.1f s wall\n",
                static_cast<unsigned long long>(r.seed), r.hours, static_cast<double>(r.simulated_ms) / 3.6e6,
                r.wall_seconds);
  out += line;
  out += "patients:  " + counts(r.patients) + "\n";
  out += "sessions:  " + counts(r.sessions) + "\n";
  out += "episodes:  " + counts(r.episodes) + "\n";
  if (!r.episodes_missed.empty()) {
    out += "  still waiting for their chance at the end: " + counts(r.episodes_missed) + "\n";
  }
  out += "exchanges: " + counts(r.exchanges) + "\n";
  out += "papers:    " + counts(r.papers) + "\n";
  out += "tickets:   " + std::to_string(r.tickets) + "\n";
  out += "chain:     ";
  for (const auto& [name, n] : r.chain) out += name + " " + std::to_string(n) + "  ";
  out += "\nkiosk:     ";
  for (const auto& [name, n] : r.kiosk) out += name + " " + std::to_string(n) + "  ";
  out += "\n\n";
  out += "  hour  local  RSS MiB  heap MiB  fds  threads  timers  watches  cache KiB  journal KiB  height\n";
  for (const SoakSample& s : r.samples) {
    const double hours = static_cast<double>(s.at_ms) / 3.6e6;
    // China Standard Time, UTC+8.
    const auto minutes_local =
        static_cast<int>((SimulatedKiosk::kKioskStartMs + s.at_ms) / 60'000 + 8 * 60) % (24 * 60);
    std::snprintf(
        line, sizeof line, "%6.2f  %02d:%02d  %7.1f  %8.1f  %3zu  %7zu  %6zu  %7zu  %9llu  %11llu  %6llu%s\n",
        hours, minutes_local / 60, minutes_local % 60, mib(s.rss_bytes), mib(s.heap_bytes), s.open_fds,
        s.threads, s.loop_timers, s.loop_fd_watches, static_cast<unsigned long long>(s.cache_db_bytes / 1024),
        static_cast<unsigned long long>(s.journal_db_bytes / 1024),
        static_cast<unsigned long long>(s.chain_height), s.idle ? "" : "  (not idle)");
    out += line;
  }
  if (r.limits.judge_memory) {
    std::snprintf(line, sizeof line,
                  "\nflat: RSS may grow %.1f MiB and the heap %.1f MiB after the warm-up: ",
                  mib(r.limits.rss_growth_bytes), mib(r.limits.heap_growth_bytes));
    out += line + r.limits.why + "\n";
  } else {
    out += "\nflat: memory not judged: " + r.limits.why + "\n";
  }
  out += "\n";
  for (const SoakVerdict& v : r.verdicts) {
    out += std::string(v.passed() ? "PASS " : "FAIL ") + v.name +
           (v.passed() ? "" : ": " + std::to_string(v.violations) + " violation(s)") + "\n";
    for (const std::string& e : v.examples) out += "       " + e + "\n";
  }
  if (!r.last_lines.empty()) {
    out += "\nthe log's last lines:\n";
    for (const std::string& l : r.last_lines) out += "  " + l + "\n";
  }
  out += r.passed() ? "soak: every invariant held\n" : "soak: FAILED\n";
  return out;
}

Json soak_report_json(const SoakReport& r) {
  Json samples = Json::array();
  for (const SoakSample& s : r.samples) {
    samples.push_back({{"at_ms", s.at_ms},
                       {"rss_bytes", s.rss_bytes},
                       {"heap_bytes", s.heap_bytes},
                       {"open_fds", s.open_fds},
                       {"threads", s.threads},
                       {"loop_timers", s.loop_timers},
                       {"loop_fd_watches", s.loop_fd_watches},
                       {"cache_db_bytes", s.cache_db_bytes},
                       {"journal_db_bytes", s.journal_db_bytes},
                       {"chain_height", s.chain_height},
                       {"idle", s.idle}});
  }
  Json verdicts = Json::object();
  for (const SoakVerdict& v : r.verdicts)
    verdicts[v.name] = {{"violations", v.violations}, {"examples", v.examples}};
  return {{"seed", r.seed},
          {"hours", r.hours},
          {"wall_seconds", r.wall_seconds},
          {"simulated_ms", r.simulated_ms},
          {"patients", r.patients},
          {"sessions", r.sessions},
          {"episodes", r.episodes},
          {"episodes_missed", r.episodes_missed},
          {"exchanges", r.exchanges},
          {"papers", r.papers},
          {"chain", r.chain},
          {"kiosk", r.kiosk},
          {"tickets", r.tickets},
          {"samples", samples},
          {"limits",
           {{"rss_growth_bytes", r.limits.rss_growth_bytes},
            {"heap_growth_bytes", r.limits.heap_growth_bytes},
            {"judge_memory", r.limits.judge_memory},
            {"why", r.limits.why}}},
          {"verdicts", verdicts},
          {"passed", r.passed()}};
}

}  // namespace chainslip::simapp

#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/node/lies.h"

namespace chainslip::simapp {

// What a patient at the kiosk does (docs/SOAK.md, "The day").
enum class PatientKind {
  kRefund,            // presents a receipt, confirms a paper copy for a refund
  kOtherCopy,         // the same, for another reason
  kLookUpOnly,        // presents a receipt, reads it, presses cancel
  kWalkAway,          // presents a receipt and leaves it on screen (the idle timeout)
  kCancel,            // starts to, then cancels instead of confirming
  kGarbage,           // holds up a QR code that is not a receipt's (a URL, a payment code)
  kNotOnChain,        // a receipt code the chain does not know (wrong number or check code)
  kAlreadyConverted,  // a receipt exchanged earlier today, presented again, and tries to confirm
  kPosted,            // a receipt the finance bureau posted (已入账) on chain, tries to confirm
  kReversed,          // a receipt its hospital reversed (已冲红) on chain, tries to confirm
};
inline constexpr std::size_t kPatientKinds = 10;
std::string_view patient_kind_name(PatientKind kind);

struct Patient {
  std::chrono::milliseconds arrives{0};  // since the kiosk started
  PatientKind kind = PatientKind::kRefund;
  std::string camera = "clean";        // a sim::frame_conditions() name
  std::chrono::milliseconds reads{0};  // how long the patient looks at the verified receipt
  std::uint64_t pick = 0;              // chooses the receipt or the garbage code
};

// A fault. Node outages and slowness start at a time; the rest are armed at
// a time and happen at the next chance: drops at the next patient's scan, a
// lie at exchange at the next confirmation, printer faults part-way through
// the next ticket (`after_bytes` into it).
enum class EpisodeKind {
  kNodeDown,       // connections refused for `lasts`
  kNodeSlow,       // answers `delay` late (under the 5 s request timeout) for `lasts`
  kNodeTimeouts,   // answers later than the request timeout for `lasts`
  kNodeDrops,      // the next `count` requests dropped
  kNodeLie,        // lies `lie` for `lasts`: lookups meanwhile must be refused
  kLieAtExchange,  // lies `lie` from the next confirmation on, for `lasts`: nothing may print
  kPaperOut,       // paper out mid-ticket, reloaded `lasts` later
  kPaperOutLong,   // paper out mid-ticket, reloaded only after the operator timeout
  kCoverOpen,      // cover opened mid-ticket, closed `lasts` later
  kUnplug,         // cable out mid-ticket, back `lasts` later
  kCutterError,    // the cutter jams on the next ticket, freed `lasts` later
  kPaperNearEnd,   // near-end sensor on, a fresh roll `lasts` later
};
inline constexpr std::size_t kEpisodeKinds = 12;
std::string_view episode_kind_name(EpisodeKind kind);
bool is_printer_episode(EpisodeKind kind);

struct Episode {
  EpisodeKind kind = EpisodeKind::kNodeDown;
  std::chrono::milliseconds at{0};  // starts or is armed
  std::chrono::milliseconds lasts{0};
  std::chrono::milliseconds delay{0};  // kNodeSlow, kNodeTimeouts
  std::size_t count = 0;               // kNodeDrops
  std::optional<sim::Lie> lie;         // kNodeLie, kLieAtExchange
  std::size_t after_bytes = 0;         // printer faults: into the ticket
};

// The hospital's receipts: `count` issued at `at` (sealed in the next block).
struct Issuance {
  std::chrono::milliseconds at{0};
  std::size_t count = 0;
};

struct SoakDay {
  std::chrono::milliseconds length{0};
  std::chrono::milliseconds warm_up{0};  // quiet start: no episode before it
  std::vector<Patient> patients;         // by arrival
  std::vector<Episode> episodes;         // by time; the run serializes those of one device
  std::vector<Issuance> issuances;       // by time
};

// The kiosk starts at 08:10 China time (SimulatedKiosk::kKioskStartMs):
// hour h of the soak is local hour (8 + h) % 24 for the rates.
inline constexpr int kFirstLocalHour = 8;

// A seeded day of `hours` hours (1..168): patients arrive as a Poisson
// process whose rate follows a hospital's day (busy 8-17 h, quiet at night;
// about 290 a day), with the mix of kinds in soak_day.cpp. Every episode
// kind happens at least once, its count a day (kEpisodesPerDay) scaled to
// `hours`, at times drawn after the warm-up with the patients' rate (faults
// that nobody meets teach nothing). The hospital issues receipts every 5
// minutes, three for every patient expected. The same seed and hours give
// the same day.
SoakDay plan_soak_day(std::uint64_t seed, int hours);

}  // namespace chainslip::simapp

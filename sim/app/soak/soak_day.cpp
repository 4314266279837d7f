#include "sim/app/soak/soak_day.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

namespace chainslip::simapp {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr milliseconds kHour = std::chrono::hours(1);
constexpr milliseconds kIssueEvery = minutes(5);
constexpr double kReceiptsPerPatient = 3.0;  // most of the hospital's patients never use the kiosk

// Patients an hour at the kiosk, by China local hour: the outpatient day.
constexpr std::array<double, 24> kPatientsPerHour = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 2, 10, 30, 36, 36, 28,
                                                     14,  20,  28,  26,  20,  12,  8, 6,  5,  3,  2,  1};
constexpr double kPeakRate = 36;

struct KindWeight {
  PatientKind kind;
  int weight;  // of 100
};
constexpr std::array<KindWeight, kPatientKinds> kMix = {{{PatientKind::kRefund, 50},
                                                         {PatientKind::kOtherCopy, 8},
                                                         {PatientKind::kLookUpOnly, 12},
                                                         {PatientKind::kWalkAway, 4},
                                                         {PatientKind::kCancel, 6},
                                                         {PatientKind::kGarbage, 5},
                                                         {PatientKind::kNotOnChain, 4},
                                                         {PatientKind::kAlreadyConverted, 5},
                                                         {PatientKind::kPosted, 3},
                                                         {PatientKind::kReversed, 3}}};

// The cameras patients' phones meet besides a clean view (sim/camera/frame_options.h names).
constexpr std::array<const char*, 8> kHardCameras = {"noisy",    "blurred", "rotated",  "perspective",
                                                     "inverted", "glare",   "occluded", "dim"};

// Each episode kind's count in 24 hours.
struct EpisodeRate {
  EpisodeKind kind;
  int per_day;
};
constexpr std::array<EpisodeRate, kEpisodeKinds> kEpisodesPerDay = {{{EpisodeKind::kNodeDown, 4},
                                                                     {EpisodeKind::kNodeSlow, 3},
                                                                     {EpisodeKind::kNodeTimeouts, 2},
                                                                     {EpisodeKind::kNodeDrops, 4},
                                                                     {EpisodeKind::kNodeLie, 6},
                                                                     {EpisodeKind::kLieAtExchange, 2},
                                                                     {EpisodeKind::kPaperOut, 4},
                                                                     {EpisodeKind::kPaperOutLong, 1},
                                                                     {EpisodeKind::kCoverOpen, 3},
                                                                     {EpisodeKind::kUnplug, 3},
                                                                     {EpisodeKind::kCutterError, 2},
                                                                     {EpisodeKind::kPaperNearEnd, 1}}};

constexpr std::array<sim::Lie, 6> kLies = {sim::Lie::kTamperedReceipt,  sim::Lie::kBadProof,
                                           sim::Lie::kTooFewSignatures, sim::Lie::kUnknownValidators,
                                           sim::Lie::kWrongChainId,     sim::Lie::kForkedHeader};
// A lie at exchange must falsify the conversion's inclusion: a tampered
// receipt leaves transaction answers honest.
constexpr std::array<sim::Lie, 5> kInclusionLies = {sim::Lie::kBadProof, sim::Lie::kTooFewSignatures,
                                                    sim::Lie::kUnknownValidators, sim::Lie::kWrongChainId,
                                                    sim::Lie::kForkedHeader};

// Draws from one seeded generator. The distributions are written out (not
// <random>'s, whose algorithms the standard leaves open) so a seed gives the
// same day with any library.
class Dice {
 public:
  explicit Dice(std::uint64_t seed) : engine_(seed) {}
  std::uint64_t bits() { return engine_(); }
  double unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }  // [0, 1)
  milliseconds between(milliseconds lo, milliseconds hi) {
    return lo + milliseconds(static_cast<milliseconds::rep>(unit() * static_cast<double>((hi - lo).count())));
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(unit() * static_cast<double>(n)); }
  milliseconds exponential(double per_hour) {
    return milliseconds(static_cast<milliseconds::rep>(-std::log1p(-unit()) / per_hour * 3'600'000.0));
  }

 private:
  std::mt19937_64 engine_;
};

double rate_at(milliseconds t) {
  const auto hour = static_cast<std::size_t>(t / kHour);
  return kPatientsPerHour[(static_cast<std::size_t>(kFirstLocalHour) + hour) % 24];
}

// The next time after `t` of the Poisson process with rate_at (thinning).
milliseconds next_arrival(Dice& dice, milliseconds t) {
  for (;;) {
    t += dice.exponential(kPeakRate);
    if (dice.unit() * kPeakRate < rate_at(t)) return t;
  }
}

PatientKind draw_kind(Dice& dice) {
  int roll = static_cast<int>(dice.below(100));
  for (const KindWeight& w : kMix) {
    if (roll < w.weight) return w.kind;
    roll -= w.weight;
  }
  return PatientKind::kRefund;
}

Episode draw_episode(Dice& dice, EpisodeKind kind, std::size_t nth) {
  Episode e;
  e.kind = kind;
  const auto mid_ticket = [&dice] { return 200 + dice.below(2300); };
  switch (kind) {
    case EpisodeKind::kNodeDown: e.lasts = dice.between(minutes(2), minutes(10)); break;
    case EpisodeKind::kNodeSlow:
      e.lasts = dice.between(minutes(5), minutes(15));
      e.delay = dice.between(milliseconds(1500), seconds(4));
      break;
    case EpisodeKind::kNodeTimeouts:
      e.lasts = dice.between(minutes(3), minutes(8));
      e.delay = dice.between(seconds(6), seconds(8));
      break;
    case EpisodeKind::kNodeDrops: e.count = 1 + dice.below(3); break;
    case EpisodeKind::kNodeLie:
      e.lasts = dice.between(minutes(2), minutes(5));
      e.lie = kLies[nth % kLies.size()];
      break;
    case EpisodeKind::kLieAtExchange:
      e.lasts = dice.between(minutes(1), minutes(3));
      e.lie = kInclusionLies[dice.below(kInclusionLies.size())];
      break;
    case EpisodeKind::kPaperOut:
      e.after_bytes = mid_ticket();
      e.lasts = dice.between(seconds(10), seconds(90));
      break;
    case EpisodeKind::kPaperOutLong:  // past the driver's 3-minute operator timeout
      e.after_bytes = mid_ticket();
      e.lasts = dice.between(minutes(4), minutes(6));
      break;
    case EpisodeKind::kCoverOpen:
      e.after_bytes = mid_ticket();
      e.lasts = dice.between(seconds(5), seconds(60));
      break;
    case EpisodeKind::kUnplug:
      e.after_bytes = mid_ticket();
      e.lasts = dice.between(seconds(5), seconds(120));
      break;
    case EpisodeKind::kCutterError:
      e.after_bytes = 100;
      e.lasts = dice.between(minutes(4), minutes(6));
      break;
    case EpisodeKind::kPaperNearEnd:
      e.after_bytes = 100;
      e.lasts = dice.between(minutes(30), minutes(90));
      break;
  }
  return e;
}

}  // namespace

std::string_view patient_kind_name(PatientKind kind) {
  switch (kind) {
    case PatientKind::kRefund: return "refund";
    case PatientKind::kOtherCopy: return "other_copy";
    case PatientKind::kLookUpOnly: return "look_up_only";
    case PatientKind::kWalkAway: return "walk_away";
    case PatientKind::kCancel: return "cancel";
    case PatientKind::kGarbage: return "garbage_code";
    case PatientKind::kNotOnChain: return "not_on_chain";
    case PatientKind::kAlreadyConverted: return "already_converted";
    case PatientKind::kPosted: return "posted";
    case PatientKind::kReversed: return "reversed";
  }
  return "?";
}

std::string_view episode_kind_name(EpisodeKind kind) {
  switch (kind) {
    case EpisodeKind::kNodeDown: return "node_down";
    case EpisodeKind::kNodeSlow: return "node_slow";
    case EpisodeKind::kNodeTimeouts: return "node_timeouts";
    case EpisodeKind::kNodeDrops: return "node_drops";
    case EpisodeKind::kNodeLie: return "node_lie";
    case EpisodeKind::kLieAtExchange: return "lie_at_exchange";
    case EpisodeKind::kPaperOut: return "paper_out";
    case EpisodeKind::kPaperOutLong: return "paper_out_unattended";
    case EpisodeKind::kCoverOpen: return "cover_open";
    case EpisodeKind::kUnplug: return "unplug";
    case EpisodeKind::kCutterError: return "cutter_error";
    case EpisodeKind::kPaperNearEnd: return "paper_near_end";
  }
  return "?";
}

bool is_printer_episode(EpisodeKind kind) {
  switch (kind) {
    case EpisodeKind::kPaperOut:
    case EpisodeKind::kPaperOutLong:
    case EpisodeKind::kCoverOpen:
    case EpisodeKind::kUnplug:
    case EpisodeKind::kCutterError:
    case EpisodeKind::kPaperNearEnd: return true;
    default: return false;
  }
}

SoakDay plan_soak_day(std::uint64_t seed, int hours) {
  hours = std::clamp(hours, 1, 168);
  SoakDay day;
  day.length = kHour * hours;
  day.warm_up = hours >= 2 ? kHour : minutes(15);
  Dice dice(seed);

  for (milliseconds t = next_arrival(dice, milliseconds{0}); t < day.length; t = next_arrival(dice, t)) {
    Patient p;
    p.arrives = t;
    p.kind = draw_kind(dice);
    p.camera = dice.unit() < 0.6 ? "clean" : kHardCameras[dice.below(kHardCameras.size())];
    p.reads = dice.between(seconds(3), seconds(20));
    p.pick = dice.bits();
    day.patients.push_back(std::move(p));
  }

  // Episodes after the warm-up and at least 20 minutes before the end, so
  // that each has run its course when the day's invariants are checked.
  const milliseconds last = std::max(day.warm_up + minutes(1), day.length - minutes(20));
  for (const EpisodeRate& r : kEpisodesPerDay) {
    const int count = std::max(1, static_cast<int>(std::lround(r.per_day * hours / 24.0)));
    for (int i = 0; i < count; ++i) {
      Episode e = draw_episode(dice, r.kind, static_cast<std::size_t>(i));
      do {
        e.at = next_arrival(dice, day.warm_up + dice.between(milliseconds{0}, last - day.warm_up));
      } while (e.at >= last);
      day.episodes.push_back(e);
    }
  }
  std::stable_sort(day.episodes.begin(), day.episodes.end(),
                   [](const Episode& a, const Episode& b) { return a.at < b.at; });

  double owed = 0;
  for (milliseconds t{0}; t < day.length; t += kIssueEvery) {
    owed += kReceiptsPerPatient * rate_at(t) * (static_cast<double>(kIssueEvery.count()) / 3'600'000.0);
    const auto n = static_cast<std::size_t>(owed);
    owed -= static_cast<double>(n);
    if (n > 0) day.issuances.push_back({t, n});
  }
  return day;
}

}  // namespace chainslip::simapp

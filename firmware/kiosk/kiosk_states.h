#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "firmware/kiosk/kiosk_events.h"

namespace chainslip {

enum class KioskStateId { kIdle, kLookingUp, kVerified, kConfirming, kRejected, kExchanging, kDone, kFailed };

std::string_view kiosk_state_name(KioskStateId id);

// The only transitions the kiosk makes; KioskMachine refuses (and logs) any
// other a state asks for.
bool kiosk_transition_allowed(KioskStateId from, KioskStateId to);

// Words for the patient, in both of the screen's languages.
struct Notice {
  std::string zh;
  std::string en;
  bool operator==(const Notice&) const = default;
};

// What the kiosk knows about the patient in front of it.
struct KioskSession {
  std::string scanned;                       // the code being looked up
  std::optional<VerifiedLookup> receipt;     // verified onwards
  std::optional<Rejection> rejection;        // rejected
  std::optional<ExchangeReason> reason;      // confirming onwards: what the copy is for
  bool staff_called = false;                 // the patient asked for staff (exchanging)
  std::optional<ExchangeProgress> progress;  // exchanging
  std::optional<ExchangeOutcome> outcome;    // done
  std::optional<ExchangeFailure> failure;    // failed, once the exchange ran
  std::optional<Notice> notice;              // a refusal or failure to explain, shown as the message
};

// What a state may ask of the machine that runs it.
class KioskContext {
 public:
  virtual ~KioskContext() = default;
  virtual KioskSession& session() = 0;
  // Looks up session().scanned; the answer arrives as a LookupDoneEvent.
  virtual void start_lookup() = 0;
  virtual void cancel_lookup() = 0;
  // Why the receipt in the session cannot be exchanged now (offline, printer
  // not ready), or nullopt.
  virtual std::optional<Notice> why_no_exchange() const = 0;
  // Starts the exchange of the session's receipt; progress and the outcome
  // arrive as events.
  virtual Status start_exchange(ExchangeReason reason) = 0;
  // Tells staff the patient needs help (the operator log's STAFF line).
  virtual void call_staff() = 0;
  // The state's one timer: a TimeoutEvent when it runs out.
  virtual void arm_idle_timeout() = 0;
  virtual void arm_result_timeout() = 0;
  virtual void cancel_timeout() = 0;
  virtual void log(const std::string& line) = 0;
};

// One kiosk state, ETL-style: entered, left, and asked about each event. A
// state never switches itself: handle() names the next state (or nullopt to
// stay) and KioskMachine makes the transition.
class KioskState {
 public:
  virtual ~KioskState() = default;
  virtual KioskStateId id() const = 0;
  virtual void on_enter(KioskContext&) {}
  virtual void on_exit(KioskContext&) {}
  virtual std::optional<KioskStateId> handle(KioskContext& kiosk, const KioskEvent& event) = 0;
};

class IdleState final : public KioskState {
 public:
  KioskStateId id() const override { return KioskStateId::kIdle; }
  void on_enter(KioskContext& kiosk) override;
  std::optional<KioskStateId> handle(KioskContext& kiosk, const KioskEvent& event) override;
};

class LookingUpState final : public KioskState {
 public:
  KioskStateId id() const override { return KioskStateId::kLookingUp; }
  void on_enter(KioskContext& kiosk) override;
  void on_exit(KioskContext& kiosk) override;
  std::optional<KioskStateId> handle(KioskContext& kiosk, const KioskEvent& event) override;
};

class VerifiedState final : public KioskState {
 public:
  KioskStateId id() const override { return KioskStateId::kVerified; }
  void on_enter(KioskContext& kiosk) override;
  std::optional<KioskStateId> handle(KioskContext& kiosk, const KioskEvent& event) override;
};

// The one-time exchange, asked for once more with the amount and purpose on
// screen; back goes to verified.
class ConfirmingState final : public KioskState {
 public:
  KioskStateId id() const override { return KioskStateId::kConfirming; }
  void on_enter(KioskContext& kiosk) override;
  std::optional<KioskStateId> handle(KioskContext& kiosk, const KioskEvent& event) override;
};

class RejectedState final : public KioskState {
 public:
  KioskStateId id() const override { return KioskStateId::kRejected; }
  void on_enter(KioskContext& kiosk) override;
  std::optional<KioskStateId> handle(KioskContext& kiosk, const KioskEvent& event) override;
};

class ExchangingState final : public KioskState {
 public:
  KioskStateId id() const override { return KioskStateId::kExchanging; }
  void on_enter(KioskContext& kiosk) override;
  std::optional<KioskStateId> handle(KioskContext& kiosk, const KioskEvent& event) override;
};

// done and failed: the outcome stays on screen a while, then idle.
class DoneState final : public KioskState {
 public:
  KioskStateId id() const override { return KioskStateId::kDone; }
  void on_enter(KioskContext& kiosk) override;
  std::optional<KioskStateId> handle(KioskContext& kiosk, const KioskEvent& event) override;
};

class FailedState final : public KioskState {
 public:
  KioskStateId id() const override { return KioskStateId::kFailed; }
  void on_enter(KioskContext& kiosk) override;
  std::optional<KioskStateId> handle(KioskContext& kiosk, const KioskEvent& event) override;
};

// The patient's words for an exchange that issued no paper copy: what the
// chain may hold, why, and what happens next; an outcome the kiosk cannot
// know is never told as "unchanged", and quotes the exchange's reference.
Notice exchange_failure_notice(const ExchangeFailure& failure);

}  // namespace chainslip

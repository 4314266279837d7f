#include "firmware/kiosk/kiosk_states.h"

#include <array>
#include <utility>

namespace chainslip {
namespace {

using enum KioskStateId;

constexpr std::array<std::pair<KioskStateId, std::string_view>, 8> kStateNames{{
    {kIdle, "idle"},
    {kLookingUp, "looking_up"},
    {kVerified, "verified"},
    {kConfirming, "confirming"},
    {kRejected, "rejected"},
    {kExchanging, "exchanging"},
    {kDone, "done"},
    {kFailed, "failed"},
}};

// Every transition the kiosk makes, in one table.
constexpr std::array<std::pair<KioskStateId, KioskStateId>, 19> kTransitions{{
    {kIdle, kLookingUp},         // a scan
    {kLookingUp, kVerified},     // the receipt verified
    {kLookingUp, kRejected},     // or did not
    {kLookingUp, kIdle},         // cancel, idle timeout
    {kVerified, kConfirming},    // the patient chose what the copy is for
    {kVerified, kLookingUp},     // another scan
    {kVerified, kIdle},          // cancel, start over, idle timeout
    {kConfirming, kExchanging},  // the patient confirmed and the exchange started
    {kConfirming, kFailed},      // it could not start
    {kConfirming, kVerified},    // back
    {kConfirming, kLookingUp},   // another scan
    {kConfirming, kIdle},        // start over, idle timeout
    {kRejected, kLookingUp},   // another scan
    {kRejected, kIdle},        // start over, shown long enough
    {kExchanging, kDone},      // printed
    {kExchanging, kFailed},    // refused by the chain, or given up
    {kDone, kLookingUp},       // the next receipt
    {kDone, kIdle},            // start over, shown long enough
    {kFailed, kIdle},          // start over, shown long enough
}};

// A new scan where the kiosk is not busy starts a new session.
std::optional<KioskStateId> new_session(KioskContext& kiosk, const ScanEvent& scan) {
  kiosk.session() = KioskSession{};
  kiosk.session().scanned = scan.text;
  return kLookingUp;
}

std::optional<KioskStateId> ignore_scan(KioskContext& kiosk, KioskStateId busy) {
  kiosk.log("kiosk: scan ignored while " + std::string(kiosk_state_name(busy)));
  return std::nullopt;
}

// rejected, done, failed: what the patient can do with an outcome on screen.
std::optional<KioskStateId> handle_outcome(KioskContext& kiosk, const KioskEvent& event,
                                           bool scan_starts_over) {
  if (std::holds_alternative<StartOverEvent>(event) || std::holds_alternative<CancelEvent>(event) ||
      std::holds_alternative<TimeoutEvent>(event)) {
    return kIdle;
  }
  if (const auto* scan = std::get_if<ScanEvent>(&event); scan && scan_starts_over)
    return new_session(kiosk, *scan);
  return std::nullopt;
}

}  // namespace

std::string_view kiosk_state_name(KioskStateId id) {
  for (const auto& [state, name] : kStateNames) {
    if (state == id) return name;
  }
  return "unknown";
}

bool kiosk_transition_allowed(KioskStateId from, KioskStateId to) {
  for (const auto& [f, t] : kTransitions) {
    if (f == from && t == to) return true;
  }
  return false;
}

void IdleState::on_enter(KioskContext& kiosk) {
  kiosk.cancel_timeout();
  kiosk.session() = KioskSession{};
}

std::optional<KioskStateId> IdleState::handle(KioskContext& kiosk, const KioskEvent& event) {
  if (const auto* scan = std::get_if<ScanEvent>(&event)) return new_session(kiosk, *scan);
  return std::nullopt;
}

void LookingUpState::on_enter(KioskContext& kiosk) {
  kiosk.arm_idle_timeout();
  kiosk.start_lookup();
}

void LookingUpState::on_exit(KioskContext& kiosk) { kiosk.cancel_lookup(); }

std::optional<KioskStateId> LookingUpState::handle(KioskContext& kiosk, const KioskEvent& event) {
  if (const auto* done = std::get_if<LookupDoneEvent>(&event)) {
    if (const auto* verified = std::get_if<VerifiedLookup>(&done->answer)) {
      kiosk.session().receipt = *verified;
      return kVerified;
    }
    kiosk.session().rejection = std::get<Rejection>(done->answer);
    return kRejected;
  }
  if (std::holds_alternative<CancelEvent>(event) || std::holds_alternative<TimeoutEvent>(event)) return kIdle;
  if (std::holds_alternative<ScanEvent>(event)) return ignore_scan(kiosk, id());
  return std::nullopt;
}

void VerifiedState::on_enter(KioskContext& kiosk) { kiosk.arm_idle_timeout(); }

std::optional<KioskStateId> VerifiedState::handle(KioskContext& kiosk, const KioskEvent& event) {
  if (const auto* choose = std::get_if<ChooseEvent>(&event)) {
    kiosk.arm_idle_timeout();  // the patient is here
    if (std::optional<Notice> refused = kiosk.why_no_exchange()) {
      kiosk.log("kiosk: confirm refused: " + refused->en);
      kiosk.session().notice = std::move(refused);
      return std::nullopt;
    }
    kiosk.session().reason = choose->reason;
    return kConfirming;
  }
  if (std::holds_alternative<ConfirmEvent>(event)) {
    kiosk.log("kiosk: confirm ignored: nothing chosen yet");
    return std::nullopt;
  }
  if (const auto* scan = std::get_if<ScanEvent>(&event)) return new_session(kiosk, *scan);
  if (std::holds_alternative<CancelEvent>(event) || std::holds_alternative<StartOverEvent>(event) ||
      std::holds_alternative<TimeoutEvent>(event)) {
    return kIdle;
  }
  return std::nullopt;
}

void ConfirmingState::on_enter(KioskContext& kiosk) { kiosk.arm_idle_timeout(); }

std::optional<KioskStateId> ConfirmingState::handle(KioskContext& kiosk, const KioskEvent& event) {
  if (const auto* confirm = std::get_if<ConfirmEvent>(&event)) {
    if (confirm->reason != kiosk.session().reason) {
      kiosk.log("kiosk: confirm ignored: it is not for the purpose on screen");
      return std::nullopt;
    }
    // Refused now too: the node or the printer may have gone since the choice.
    if (std::optional<Notice> refused = kiosk.why_no_exchange()) {
      kiosk.log("kiosk: confirm refused: " + refused->en);
      kiosk.session().notice = std::move(refused);
      kiosk.session().reason.reset();
      return kVerified;
    }
    const Status started = kiosk.start_exchange(confirm->reason);
    if (!started.ok()) {
      kiosk.log("kiosk: exchange did not start (" + std::string(error_code_name(started.code())) + ": " +
                started.error().message + ")");
      kiosk.session().notice = exchange_failure_notice(exchange_not_started(started.error()));
      return kFailed;
    }
    return kExchanging;
  }
  if (std::holds_alternative<CancelEvent>(event)) {  // 返回: back to the receipt
    kiosk.session().reason.reset();
    return kVerified;
  }
  if (const auto* scan = std::get_if<ScanEvent>(&event)) return new_session(kiosk, *scan);
  if (std::holds_alternative<StartOverEvent>(event) || std::holds_alternative<TimeoutEvent>(event)) return kIdle;
  return std::nullopt;
}

void RejectedState::on_enter(KioskContext& kiosk) { kiosk.arm_result_timeout(); }

std::optional<KioskStateId> RejectedState::handle(KioskContext& kiosk, const KioskEvent& event) {
  return handle_outcome(kiosk, event, true);
}

// No timeout and no cancel: an exchange under way always runs to its end
// (the runner journals every step; walking away cannot leave it half done).
void ExchangingState::on_enter(KioskContext& kiosk) { kiosk.cancel_timeout(); }

std::optional<KioskStateId> ExchangingState::handle(KioskContext& kiosk, const KioskEvent& event) {
  if (const auto* progress = std::get_if<ExchangeProgressEvent>(&event)) {
    kiosk.session().progress = progress->progress;
    return std::nullopt;
  }
  if (const auto* done = std::get_if<ExchangeDoneEvent>(&event)) {
    if (done->outcome.ok()) {
      kiosk.session().outcome = *done->outcome;
      return kDone;
    }
    const ExchangeFailure& failure = done->outcome.failure();
    kiosk.log("kiosk: exchange failed outcome=" + std::string(exchange_failure_kind_name(failure.kind)) +
              " cause=" + std::string(exchange_failure_cause_name(failure.cause)) + " exchange=" +
              std::to_string(failure.exchange_id) + " (" + std::string(error_code_name(failure.error.code)) + ": " +
              failure.error.message + ")");
    kiosk.session().notice = exchange_failure_notice(failure);
    kiosk.session().failure = failure;
    return kFailed;
  }
  if (std::holds_alternative<StaffCallEvent>(event) && !kiosk.session().staff_called) {
    kiosk.session().staff_called = true;
    kiosk.call_staff();
    return std::nullopt;
  }
  if (std::holds_alternative<ScanEvent>(event)) return ignore_scan(kiosk, id());
  if (std::holds_alternative<CancelEvent>(event)) kiosk.log("kiosk: cancel ignored while exchanging");
  return std::nullopt;
}

void DoneState::on_enter(KioskContext& kiosk) { kiosk.arm_result_timeout(); }

std::optional<KioskStateId> DoneState::handle(KioskContext& kiosk, const KioskEvent& event) {
  return handle_outcome(kiosk, event, true);
}

void FailedState::on_enter(KioskContext& kiosk) { kiosk.arm_result_timeout(); }

// A scan does not replace a failure on screen: the patient reads it, or the
// operator does, before the kiosk takes the next receipt.
std::optional<KioskStateId> FailedState::handle(KioskContext& kiosk, const KioskEvent& event) {
  if (std::holds_alternative<ScanEvent>(event)) return ignore_scan(kiosk, id());
  return handle_outcome(kiosk, event, false);
}

namespace {

// Why, in the patient's words, for a failure that is not the chain's verdict.
Notice cause_words(ExchangeFailureCause cause) {
  switch (cause) {
    case ExchangeFailureCause::kNode: return {"网络中断", "the network failed"};
    case ExchangeFailureCause::kNodeProof:
      return {"票据平台的答复未能通过核验", "the platform's answer could not be verified"};
    case ExchangeFailureCause::kPrinter: return {"打印机故障", "the printer failed"};
    case ExchangeFailureCause::kDiskFull: return {"本机存储空间已满", "this kiosk's storage is full"};
    case ExchangeFailureCause::kLocalDatabase: return {"本机记录出错", "this kiosk could not keep its records"};
    case ExchangeFailureCause::kChain: return {"票据平台拒绝办理", "the platform refused it"};
    case ExchangeFailureCause::kKiosk: break;
  }
  return {"本机暂时无法办理", "this kiosk cannot do it right now"};
}

Notice refusal_words(TxRefusal refusal) {
  switch (refusal) {
    case TxRefusal::kAlreadyConverted:
      return {"这张票据已经换开过纸质票据，不能重复换开。如有疑问请到人工窗口咨询。",
              "A paper copy of this receipt has already been issued; it cannot be issued twice. Please ask at "
              "the service desk if in doubt."};
    case TxRefusal::kReceiptPosted:
      return {"这张票据已入账报销，不能换开纸质票据。",
              "This receipt has already been claimed (posted), so no paper copy can be issued."};
    case TxRefusal::kReceiptReversed:
      return {"这张票据已冲红作废，不能换开纸质票据。",
              "This receipt has been reversed (cancelled), so no paper copy can be issued."};
    case TxRefusal::kReplayed:
      return {"本机的换开记录与票据平台不一致，本机暂停换开。您的票据状态未改变，请到人工窗口办理。",
              "This kiosk's records disagree with the platform's, so it has stopped issuing paper copies. "
              "Your receipt is unchanged. Please ask at the service desk."};
    default: break;
  }
  return {"票据平台拒绝了这次换开，您的票据状态未改变。请到人工窗口办理。",
          "The platform refused this paper copy. Your receipt is unchanged. Please ask at the service desk."};
}

}  // namespace

Notice exchange_failure_notice(const ExchangeFailure& failure) {
  const Notice why = cause_words(failure.cause);
  const std::string reference = std::to_string(failure.exchange_id);
  switch (failure.kind) {
    case ExchangeFailureKind::kRefused: return refusal_words(failure.refusal.value_or(TxRefusal::kMalformed));
    case ExchangeFailureKind::kNotSent:
      if (failure.cause == ExchangeFailureCause::kNode) {
        return {"网络暂不可用，纸质票据未能换开，票据状态未改变。请稍后再试。",
                "The network is unavailable. No paper copy was issued and your receipt is unchanged. Please "
                "try again later."};
      }
      return {why.zh + "，纸质票据未能换开，票据状态未改变。请到人工窗口办理。",
              "No paper copy was issued because " + why.en +
                  ". Your receipt is unchanged. Please ask at the service desk."};
    case ExchangeFailureKind::kVoided:
      return {why.zh + "，这次换开已作废，没有出具有效的纸质票据；如打印出了不完整的票据，那张无效。请到人工窗口办理，参考号 " +
                  reference + "。",
              "No valid paper copy was issued because " + why.en +
                  "; this attempt was voided, and any partly printed paper is void. Please ask at the service "
                  "desk, reference " +
                  reference + "."};
    case ExchangeFailureKind::kUnknown: break;
  }
  return {"换开结果暂时无法确认（" + why.zh + "）。请不要重复办理：本机恢复后会自动完成，纸质票据如已生效会从本机出纸口打出。请联系工作人员，参考号 " +
              reference + "。",
          "The result of this exchange cannot be confirmed yet (" + why.en +
              "). Please do not try again: this kiosk finishes it by itself once it recovers, and a valid paper "
              "copy would come out of this kiosk. Please ask staff, reference " +
              reference + "."};
}

}  // namespace chainslip

#pragma once

#include <array>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/event/event_loop.h"
#include "core/event/pollable_watch.h"
#include "core/exchange/exchange_runner.h"
#include "core/hal/code_scanner.h"
#include "core/hal/paper_printer.h"
#include "core/receipt/payer_mask.h"
#include "core/util/alive_token.h"
#include "core/util/strict_json.h"
#include "firmware/config/kiosk_config.h"
#include "firmware/kiosk/kiosk_states.h"
#include "firmware/kiosk/receipt_lookup.h"
#include "firmware/kiosk/scanner_pump.h"

namespace chainslip {

struct KioskMachineOptions {
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};    // a session left alone
  std::chrono::milliseconds result_display{std::chrono::seconds(15)};  // rejected, done, failed on screen
  std::chrono::milliseconds device_refresh{std::chrono::seconds(1)};   // printer state re-read
  std::chrono::milliseconds node_probe{std::chrono::seconds(30)};      // is the node reachable
  PayerDisplay payer_display = PayerDisplay::kMasked;
  std::string hospital_name;              // the status bar's name and help phone (config [screen])
  std::string help_phone;

  // The idle timeout, payer display and status bar of a config.
  static KioskMachineOptions from_config(const KioskConfig& config);
};

// The kiosk's session state machine (states: kiosk_states.h):
//   idle -> looking_up -> verified | rejected
//   verified -(choose refund/other)-> confirming -(confirm)-> exchanging -> done | failed
//   confirming -(cancel: back)-> verified
//   cancel or the idle timeout -> idle; rejected/done/failed stay on screen
//   for result_display, then idle; a scan while looking_up or exchanging is
//   ignored (logged). A receipt verified from the cache while the node is
//   unreachable is shown, but confirming is refused: no conversion offline.
//
// Events: the CodeScanner (serviced through a PollableWatch), the screen
// (handle_action), the lookup and the exchange runner, timers. Events are
// handled one at a time, to completion: one raised while another is being
// handled waits its turn.
//
// After every change the machine publishes the screen's view model
// (kiosk_view.h; docs/SCREEN.md, "View model": its "state" is a ScreenState)
// and writes operator log lines ("kiosk: state=verified code=... number=... from_cache=false").
class KioskMachine final : private KioskContext {
 public:
  using Publisher = std::function<void(const Json& view)>;
  using Log = std::function<void(const std::string& line)>;

  // Opens the scanner (a scanner that does not open is logged and shown as
  // not ok; the kiosk still runs) and enters idle. Everything passed must
  // outlive the machine.
  static Result<std::unique_ptr<KioskMachine>> create(EventLoop& loop, CodeScanner& scanner,
                                                      ReceiptLookup& lookup, ExchangeRunner& runner,
                                                      const PaperPrinter& printer,
                                                      KioskMachineOptions options, Publisher on_view,
                                                      Log on_log);
  ~KioskMachine() override;
  KioskMachine(const KioskMachine&) = delete;
  KioskMachine& operator=(const KioskMachine&) = delete;

  // What the patient did on the screen.
  void handle_action(const ScreenAction& action);

  // From now on no exchange is offered, with `why` told to the patient
  // (receipts are still verified; an exchange under way runs to its end).
  // For the service's own reasons: a journal behind the chain, a stop under
  // way; nothing here lifts it.
  void pause_exchanges(Notice why);

  // Told each event before the machine handles it (lookup answers, exchange
  // outcomes, ...), for the service's metrics.
  using EventObserver = std::function<void(const KioskEvent& event)>;
  void set_event_observer(EventObserver observer) { observer_ = std::move(observer); }

  KioskStateId state() const { return current_->id(); }
  const Json& view() const { return view_; }

 private:
  KioskMachine(EventLoop& loop, CodeScanner& scanner, ReceiptLookup& lookup, ExchangeRunner& runner,
               const PaperPrinter& printer, KioskMachineOptions options, Publisher on_view, Log on_log);

  // KioskContext
  KioskSession& session() override { return session_; }
  void start_lookup() override;
  void cancel_lookup() override;
  std::optional<Notice> why_no_exchange() const override;
  Status start_exchange(ExchangeReason reason) override;
  void call_staff() override;
  void arm_idle_timeout() override { arm_timeout(options_.idle_timeout); }
  void arm_result_timeout() override { arm_timeout(options_.result_display); }
  void cancel_timeout() override;
  void arm_timeout(std::chrono::milliseconds after);
  // Why no paper copy can be made now, whatever the receipt: for idle.
  std::optional<Notice> why_paused() const;
  void log(const std::string& line) override { log_(line); }

  void dispatch(KioskEvent event);
  void handle_one(const KioskEvent& event);
  void go(KioskStateId next);
  KioskState& state_object(KioskStateId id);
  void note_node(const LookupAnswer& answer);
  void probe_node();
  void publish();
  void log_state();

  CodeScanner& scanner_;
  ReceiptLookup& lookup_;
  ExchangeRunner& runner_;
  const PaperPrinter& printer_;
  KioskMachineOptions options_;
  Publisher publish_;
  Log log_;
  EventObserver observer_;

  IdleState idle_;
  LookingUpState looking_up_;
  VerifiedState verified_;
  ConfirmingState confirming_;
  RejectedState rejected_;
  ExchangingState exchanging_;
  DoneState done_;
  FailedState failed_;
  KioskState* current_ = &idle_;

  KioskSession session_;
  // The state's timer as the screen counts it down: how long, and a number
  // that changes at every arming (the page restarts its count on a new one).
  std::optional<std::chrono::milliseconds> countdown_;
  std::uint64_t countdown_arming_ = 0;
  std::optional<bool> node_reachable_;
  std::optional<Notice> exchanges_paused_;  // pause_exchanges()
  bool scanner_ok_ = false;
  std::deque<KioskEvent> pending_;
  bool dispatching_ = false;
  Json view_;
  // Answers of the exchange runner for a machine already gone are dropped.
  AliveToken alive_;

  Timer timeout_;
  Timer device_refresh_;
  Timer node_probe_;
  std::unique_ptr<ScannerPump> pump_;
  std::unique_ptr<PollableWatch> scanner_watch_;
};

}  // namespace chainslip

#include "firmware/kiosk/kiosk_machine.h"

#include <utility>

#include "core/util/bytes.h"
#include "firmware/kiosk/kiosk_view.h"
#include "firmware/kiosk/receipt_status_text.h"

namespace chainslip {
KioskMachineOptions KioskMachineOptions::from_config(const KioskConfig& config) {
  KioskMachineOptions options;
  options.idle_timeout = std::chrono::seconds(config.kiosk.idle_timeout_s);
  options.payer_display = config.kiosk.mask_payer ? PayerDisplay::kMasked : PayerDisplay::kFull;
  options.hospital_name = config.screen.hospital_name;
  options.help_phone = config.screen.help_phone;
  return options;
}

Result<std::unique_ptr<KioskMachine>> KioskMachine::create(EventLoop& loop, CodeScanner& scanner,
                                                           ReceiptLookup& lookup, ExchangeRunner& runner,
                                                           const PaperPrinter& printer,
                                                           KioskMachineOptions options, Publisher on_view,
                                                           Log on_log) {
  std::unique_ptr<KioskMachine> m(new KioskMachine(loop, scanner, lookup, runner, printer, std::move(options),
                                                   std::move(on_view), std::move(on_log)));
  if (Status opened = scanner.open(); !opened.ok()) {
    m->log_("kiosk: scanner " + scanner.describe() + " did not open (" +
            std::string(error_code_name(opened.code())) + ": " + opened.error().message + ")");
  } else {
    KioskMachine* self = m.get();
    m->pump_ = std::make_unique<ScannerPump>(
        scanner,
        [self](std::string code) {
          self->scanner_ok_ = true;
          self->dispatch(ScanEvent{std::move(code)});
        },
        [self](const Error& error) {
          self->scanner_ok_ = false;
          self->log_("kiosk: scanner read failed (" + std::string(error_code_name(error.code)) + ": " +
                     error.message + ")");
          self->publish();
        });
    CS_ASSIGN_OR_RETURN(m->scanner_watch_, PollableWatch::create(loop, *m->pump_, [self](const Error& error) {
                          self->log_("kiosk: scanner fd not watched: " + error.message);
                        }));
    m->scanner_ok_ = true;
  }
  m->device_refresh_.arm_periodic(m->options_.device_refresh);
  m->node_probe_.arm_periodic(m->options_.node_probe);
  m->probe_node();
  m->idle_.on_enter(*m);
  m->log_state();
  m->publish();
  return m;
}

KioskMachine::KioskMachine(EventLoop& loop, CodeScanner& scanner, ReceiptLookup& lookup,
                           ExchangeRunner& runner, const PaperPrinter& printer, KioskMachineOptions options,
                           Publisher on_view, Log on_log)
    : scanner_(scanner),
      lookup_(lookup),
      runner_(runner),
      printer_(printer),
      options_(std::move(options)),
      publish_(std::move(on_view)),
      log_(std::move(on_log)),
      timeout_(loop.create_timer([this] { dispatch(TimeoutEvent{}); })),
      device_refresh_(loop.create_timer([this] { publish(); })),
      node_probe_(loop.create_timer([this] { probe_node(); })) {}

KioskMachine::~KioskMachine() {
  alive_.end();
  lookup_.cancel();
  scanner_watch_.reset();
  if (pump_) scanner_.close();
}

void KioskMachine::handle_action(const ScreenAction& action) {
  dispatch(std::visit([](const auto& event) -> KioskEvent { return event; }, action));
}

void KioskMachine::dispatch(KioskEvent event) {
  pending_.push_back(std::move(event));
  if (dispatching_) return;  // run to completion: the outer dispatch handles it next
  dispatching_ = true;
  while (!pending_.empty()) {
    KioskEvent next = std::move(pending_.front());
    pending_.pop_front();
    handle_one(next);
  }
  dispatching_ = false;
  publish();
}

void KioskMachine::handle_one(const KioskEvent& event) {
  if (observer_) observer_(event);
  if (const auto* done = std::get_if<LookupDoneEvent>(&event)) note_node(done->answer);
  if (const auto* done = std::get_if<ExchangeDoneEvent>(&event); done && !done->outcome.ok()) {
    if (done->outcome.failure().cause == ExchangeFailureCause::kNode) node_reachable_ = false;
  }
  if (const std::optional<KioskStateId> next = current_->handle(*this, event)) go(*next);
}

void KioskMachine::go(KioskStateId next) {
  const KioskStateId from = current_->id();
  if (!kiosk_transition_allowed(from, next)) {
    log_("kiosk: BUG: transition " + std::string(kiosk_state_name(from)) + " -> " +
         std::string(kiosk_state_name(next)) + " refused");
    return;
  }
  current_->on_exit(*this);
  current_ = &state_object(next);
  current_->on_enter(*this);
  log_state();
}

KioskState& KioskMachine::state_object(KioskStateId id) {
  switch (id) {
    case KioskStateId::kIdle:
      return idle_;
    case KioskStateId::kLookingUp:
      return looking_up_;
    case KioskStateId::kVerified:
      return verified_;
    case KioskStateId::kConfirming:
      return confirming_;
    case KioskStateId::kRejected:
      return rejected_;
    case KioskStateId::kExchanging:
      return exchanging_;
    case KioskStateId::kDone:
      return done_;
    case KioskStateId::kFailed:
      return failed_;
  }
  return idle_;
}

void KioskMachine::start_lookup() {
  lookup_.lookup(session_.scanned, [this, alive = alive_.watch()](LookupAnswer answer) {
    if (!alive.alive()) return;
    // Moved in by assignment: GCC 12 reports a false maybe-uninitialized
    // for a variant moved through aggregate initialization here.
    LookupDoneEvent done;
    done.answer = std::move(answer);
    dispatch(std::move(done));
  });
}

void KioskMachine::cancel_lookup() { lookup_.cancel(); }

void KioskMachine::note_node(const LookupAnswer& answer) {
  if (const auto* verified = std::get_if<VerifiedLookup>(&answer)) {
    node_reachable_ = verified->node_reachable;
  } else if (std::get<Rejection>(answer).kind == RejectionKind::kNodeUnavailable) {
    node_reachable_ = false;
  } else if (std::get<Rejection>(answer).kind != RejectionKind::kNotAReceiptCode) {
    node_reachable_ = true;  // the node answered, whatever it said
  }
}

void KioskMachine::probe_node() {
  // A probe answer is dropped by a lookup's cancel(); the next probe comes soon.
  lookup_.probe_node([this, alive = alive_.watch()](bool reachable) {
    if (!alive.alive()) return;
    node_reachable_ = reachable;
    publish();
  });
}

void KioskMachine::pause_exchanges(Notice why) {
  exchanges_paused_ = std::move(why);
  publish();
}

void KioskMachine::arm_timeout(std::chrono::milliseconds after) {
  timeout_.arm(after);
  countdown_ = after;
  ++countdown_arming_;
}

void KioskMachine::cancel_timeout() {
  timeout_.cancel();
  countdown_.reset();
}

void KioskMachine::call_staff() {
  std::string line = "kiosk: STAFF called by the patient at the screen";
  if (!printer_.state().ready) line += ", printer " + std::string(printer_condition_name(printer_.state().condition_code));
  if (session_.receipt) line += ", receipt " + session_.receipt->receipt.code + "-" + session_.receipt->receipt.number;
  log_(line);
}

std::optional<Notice> KioskMachine::why_paused() const {
  if (exchanges_paused_) return exchanges_paused_;
  if (node_reachable_ == false) {
    return Notice{"网络暂不可用，暂停换开纸质票据。您仍可扫描二维码查验票据。",
                  "The network is unavailable, so paper copies are paused. You can still scan a receipt to "
                  "check it."};
  }
  if (!printer_.state().ready) {
    return Notice{"打印机暂不可用，暂停换开纸质票据。您仍可扫描二维码查验票据。",
                  "The printer is not available, so paper copies are paused. You can still scan a receipt to "
                  "check it."};
  }
  return std::nullopt;
}

std::optional<Notice> KioskMachine::why_no_exchange() const {
  if (session_.receipt && session_.receipt->chain_status) {
    if (auto closed = closed_receipt_notice(session_.receipt->chain_status->status)) return closed;
  }
  if (exchanges_paused_) return exchanges_paused_;
  if (node_reachable_ == false) {
    return Notice{"网络暂不可用：票据核验无误，但离线时不能换开纸质票据。请稍后再试或到人工窗口办理。",
                  "The network is unavailable: the receipt is genuine, but paper copies cannot be issued "
                  "offline. Please try again later or ask at the service desk."};
  }
  if (const PrinterState printer = printer_.state(); !printer.ready) {
    return Notice{"打印机暂不可用，现在不能换开纸质票据。请到人工窗口办理。",
                  "The printer is not available, so no paper copy can be issued now. Please ask at the "
                  "service desk."};
  }
  return std::nullopt;
}

Status KioskMachine::start_exchange(ExchangeReason reason) {
  const VerifiedLookup& receipt = *session_.receipt;
  ExchangeSubject subject{receipt.receipt, receipt.receipt_hash};
  const AliveToken::Watch alive = alive_.watch();
  return runner_.start(
      subject, reason,
      [this, alive](ExchangeResult outcome) {
        if (!alive.alive()) return;
        dispatch(ExchangeDoneEvent{std::move(outcome)});
      },
      [this, alive](const ExchangeProgress& progress) {
        if (!alive.alive()) return;
        dispatch(ExchangeProgressEvent{progress});
      });
}

void KioskMachine::publish() {
  KioskViewInput in;
  in.state = current_->id();
  in.session = &session_;
  if (in.state == KioskStateId::kVerified) in.no_exchange = why_no_exchange();
  if (in.state == KioskStateId::kIdle) in.no_exchange = why_paused();
  if (countdown_ && in.state != KioskStateId::kLookingUp) {
    in.countdown = KioskCountdown{*countdown_, countdown_arming_};
  }
  in.printer = printer_.state();
  in.node_reachable = node_reachable_;
  in.scanner_ok = scanner_ok_;
  in.payer_display = options_.payer_display;
  in.hospital_name = options_.hospital_name;
  in.help_phone = options_.help_phone;
  Json view = kiosk_view(in);
  if (view == view_) return;
  view_ = std::move(view);
  if (publish_) publish_(view_);
}

void KioskMachine::log_state() {
  std::string line = "kiosk: state=" + std::string(kiosk_state_name(current_->id()));
  if (session_.receipt) {
    line += " code=" + session_.receipt->receipt.code + " number=" + session_.receipt->receipt.number +
            " from_cache=" + (session_.receipt->from_cache ? "true" : "false");
  }
  if (current_->id() == KioskStateId::kRejected && session_.rejection) {
    log_(line + " reason=" + session_.rejection->code);
    log_(session_.rejection->log_line);
    return;
  }
  if (current_->id() == KioskStateId::kDone && session_.outcome) {
    line += " paper=" + session_.outcome->paper_serial +
            " block=" + std::to_string(session_.outcome->block_height);
  }
  log_(line);
}

}  // namespace chainslip

#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/engine/chainslip_engine.h"
#include "core/chain/trust_anchor.h"
#include "core/event/event_loop.h"
#include "core/event/pollable_watch.h"
#include "core/util/alive_token.h"
#include "core/event/timer.h"
#include "core/exchange/device_identity.h"
#include "core/exchange/exchange_runner.h"
#include "core/hal/code_scanner.h"
#include "core/hal/node_client.h"
#include "core/hal/paper_printer.h"
#include "core/store/exchange_journal.h"
#include "core/store/receipt_store.h"
#include "firmware/config/kiosk_config.h"
#include "firmware/kiosk/kiosk_machine.h"
#include "firmware/kiosk/receipt_lookup.h"
#include "firmware/screen/kiosk_screen_server.h"
#include "firmware/service/journal_sink.h"
#include "firmware/service/metrics/kiosk_metrics.h"

namespace chainslip {

// The HAL roles a kiosk service runs on, borrowed: the real hardware
// (KioskHardware, kiosk_hardware.h) in chainslipd, simulated devices in the
// simulator's scenario runs.
struct KioskHalRoles {
  NodeClient& node;
  PaperPrinter& printer;
  CodeScanner& scanner;
};

struct KioskServiceLogs {
  std::function<void(const std::string&)> info;
  std::function<void(const std::string&)> warning;
  std::function<void(const std::string&)> error;  // what stops the kiosk's work until an operator acts
  // One record per exchange that ended and per rejected code, with the fields
  // operators filter on (journald); `problem` for an exchange that printed
  // nothing. Optional.
  std::function<void(bool problem, const std::string& line, const LogFields& fields)> outcome{};
};

// The kiosk service assembled: the receipt cache and the exchange journal in
// kiosk.data_dir (created 0700), the receipt lookup, the exactly-once
// exchange runner with the kiosk's device key, the kiosk state machine, and
// the kiosk screen on screen.listen — all on one event loop, which also
// services the node client and the printer (their wants are re-read before
// every wait, since requests start from other callbacks).
//
// At start it runs boot recovery (ExchangeRunner::recover) of every
// unfinished exchange in the journal; the screen works meanwhile, and an
// exchange confirmed before recovery ends is refused as busy. An exchange
// can also be left unfinished while the service runs (its conversion's
// inclusion not proven: the node lied, or was down past the inclusion
// timeout; the conversion may be on chain all the same): every minute that
// the kiosk is idle with such an exchange in the journal, the same recovery
// finishes it, as a restart would. Retention: receipts verified more than
// kiosk.retention_days ago are deleted after boot recovery and then every
// hour.
//
// Counters: after boot recovery the service asks the node what the chain has
// seen from this device (GET /v1/devices/{device_id}) and compares it with
// the journal's next nonce and paper number. A journal behind the chain
// (journal.db replaced or restored from an old backup) pauses exchanges for
// good (receipts are still verified) and logs an ERROR for the operator. A
// node that cannot answer is asked again every counter_check_retry until it
// does; the first failure is logged once, as a warning.
class KioskService {
 public:
  struct Options {
    KioskConfig config;
    TrustAnchor anchor;
    DeviceIdentity identity;
    KioskServiceLogs logs;
    // Told once boot recovery is over: how many exchanges it finished, or why it failed.
    std::function<void(const Result<std::size_t>&)> on_recovered;
    // Installed on the exchange journal (a test hook: the crash test's failpoint).
    ExchangeJournal::StepObserver journal_step_observer;
    // When set: told each exchange outcome and rejection, and every
    // metrics_interval the printer's state, the cache's size and the uptime.
    KioskMetrics* metrics = nullptr;
    std::chrono::milliseconds metrics_interval{std::chrono::seconds(1)};
  };

  // Fails (nothing left running) when the data directory, cache or journal
  // cannot be opened, the screen cannot listen, or a device's fd cannot be
  // watched. The wall time (transactions, journal, cache, retention) is the
  // loop clock's.
  static Result<std::unique_ptr<KioskService>> start(EventLoop& loop, KioskHalRoles devices,
                                                     Options options);
  ~KioskService();
  KioskService(const KioskService&) = delete;
  KioskService& operator=(const KioskService&) = delete;

  // Stopping (SIGTERM): no new exchange is confirmed; `drained` runs once no
  // exchange or recovery is under way, at once if none is. The caller bounds
  // the wait: what is still open then is finished by the next start's
  // recovery.
  void drain(std::function<void()> drained);
  bool busy() const { return recovering_ || runner_->busy(); }

  KioskMachine& machine() { return *machine_; }
  int screen_port() const { return screen_->port(); }
  bool recovering() const { return recovering_; }

 private:
  KioskService(EventLoop& loop, KioskHalRoles devices, Options options);
  Status open_stores();
  Status hold_cached_changes();
  Status start_runner();
  Status start_screen();
  void recover(bool at_boot);
  void finish_unfinished();
  void check_counters();
  void counters_answered(const Result<DeviceActivity>& chain);
  void prune_expired();
  void observe_sessions();
  void on_session_event(const KioskEvent& event);
  void sample_metrics();
  Result<Receipt> find_cached_receipt(const std::string& code, const std::string& number);

  EventLoop& loop_;
  KioskHalRoles devices_;
  Options options_;
  std::optional<ReceiptStore> store_;
  std::optional<ExchangeJournal> journal_;
  // chainslip's engine: the exchange's status transactions are chainslip's
  // (the lookup only sees a ChainEngine).
  std::unique_ptr<ChainslipEngine> engine_;
  std::unique_ptr<ExchangeRunner> runner_;
  std::unique_ptr<ReceiptLookup> lookup_;
  std::unique_ptr<KioskScreenServer> screen_;
  std::unique_ptr<KioskMachine> machine_;
  std::unique_ptr<PollableWatch> node_watch_;
  std::unique_ptr<PollableWatch> printer_watch_;
  Timer retention_;
  Timer unfinished_check_;
  Timer drain_check_;
  std::function<void()> drained_;
  Timer counter_check_;
  Timer metrics_sample_;
  std::chrono::milliseconds started_at_{};
  bool recovering_ = false;
  bool counters_checked_ = false;
  bool counter_check_failed_ = false;  // logged once
  // Screen actions are posted from the server's threads: those that arrive
  // for a service already gone are dropped.
  AliveToken alive_;
};

}  // namespace chainslip

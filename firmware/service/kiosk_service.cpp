#include "firmware/service/kiosk_service.h"

#include <chrono>
#include <utility>
#include <variant>

#include "core/bundle/bundle_verifier.h"
#include "core/exchange/journal_counter_check.h"
#include "core/util/file_io.h"
#include "firmware/kiosk/kiosk_events.h"
#include "firmware/kiosk/screen_state.h"

namespace chainslip {
namespace {

constexpr std::chrono::hours kRetentionInterval{1};
constexpr std::chrono::minutes kUnfinishedCheckInterval{1};
constexpr std::chrono::milliseconds kDrainCheckInterval{100};

const Notice kRestartingNotice{"本机正在重启，暂停换开纸质票据，请稍候再试。",
                               "This kiosk is restarting, so paper copies are paused. Please try again in a moment."};
constexpr std::chrono::seconds kCounterCheckRetry{30};

const Notice kJournalBehindNotice{
    "本机暂停换开纸质票据，请到人工窗口办理。票据核验不受影响。",
    "This kiosk cannot issue paper copies at the moment. Please ask at the service desk. Receipts can still "
    "be checked here."};

}  // namespace

Result<std::unique_ptr<KioskService>> KioskService::start(EventLoop& loop, KioskHalRoles devices,
                                                          Options options) {
  std::unique_ptr<KioskService> service(new KioskService(loop, devices, std::move(options)));
  CS_RETURN_IF_ERROR(service->open_stores());
  CS_RETURN_IF_ERROR(service->start_runner());
  CS_RETURN_IF_ERROR(service->start_screen());
  service->observe_sessions();
  service->recover(true);
  service->unfinished_check_.arm_periodic(kUnfinishedCheckInterval);
  return service;
}

KioskService::KioskService(EventLoop& loop, KioskHalRoles devices, Options options)
    : loop_(loop),
      devices_(devices),
      options_(std::move(options)),
      retention_(loop.create_timer([this] { prune_expired(); })),
      unfinished_check_(loop.create_timer([this] { finish_unfinished(); })),
      drain_check_(loop.create_timer([this] {
        if (busy() || !drained_) return;
        drain_check_.cancel();
        std::exchange(drained_, nullptr)();
      })),

      counter_check_(loop.create_timer([this] { check_counters(); })),
      metrics_sample_(loop.create_timer([this] { sample_metrics(); })),
      started_at_(loop.clock().now()) {}

KioskService::~KioskService() {
  alive_.end();
  loop_.set_before_wait({});
  if (screen_) screen_->stop();  // no action arrives from here on
  machine_.reset();
}

Status KioskService::open_stores() {
  const std::string& dir = options_.config.kiosk.data_dir;
  CS_RETURN_IF_ERROR(make_directories(dir, 0700));
  CS_ASSIGN_OR_RETURN(ReceiptStore store, ReceiptStore::open(dir + "/cache.db"));
  store_.emplace(std::move(store));
  CS_ASSIGN_OR_RETURN(ExchangeJournal journal,
                      ExchangeJournal::open(dir + "/journal.db", options_.config.kiosk.paper_code));
  journal_.emplace(std::move(journal));
  if (options_.journal_step_observer) journal_->set_step_observer(options_.journal_step_observer);
  return {};
}

// The validator-set changes verified in earlier runs: without them a node
// could show a retired set's header as current (PROTOCOL 5.1).
Status KioskService::hold_cached_changes() {
  auto cached = store_->validator_set_changes(options_.anchor.chain_id, options_.anchor.suite);
  if (!cached.ok()) return cached.error();
  for (const ValidatorSetChange& change : *cached) {
    if (Status s = engine_->light_client().accept(change); !s.ok()) {
      options_.logs.warning("service: the cached validator-set change at height " +
                            std::to_string(change.activation_height) + " does not follow the trust anchor (" +
                            std::string(error_code_name(s.code())) + ": " + s.error().message +
                            "); it and later cached changes are ignored");
      break;
    }
  }
  if (!cached->empty()) {
    options_.logs.info("service: " + std::to_string(engine_->held_changes()) +
                       " validator-set change(s) held from the cache");
  }
  return {};
}

Status KioskService::start_runner() {
  const KioskConfig& config = options_.config;
  if (options_.identity.certificate.device_id != config.kiosk.id) {
    options_.logs.warning("service: kiosk.id " + config.kiosk.id + " differs from the device certificate's " +
                          options_.identity.certificate.device_id +
                          "; the chain knows the kiosk by the latter");
  }
  engine_ = std::make_unique<ChainslipEngine>(options_.anchor);
  CS_RETURN_IF_ERROR(hold_cached_changes());
  ExchangeRunnerOptions runner;
  runner.chain_id = options_.anchor.chain_id;
  runner.kiosk_id = config.kiosk.id;
  runner.inclusion_timeout = std::chrono::seconds(config.chain.inclusion_timeout_s);
  runner.inclusion_poll_interval = std::chrono::milliseconds(config.chain.inclusion_poll_ms);
  runner.find_receipt = [this](const std::string& code, const std::string& number) {
    return find_cached_receipt(code, number);
  };
  runner.log = options_.logs.info;
  CS_ASSIGN_OR_RETURN(runner_, ExchangeRunner::create(loop_, *journal_, devices_.node, devices_.printer,
                                                      engine_->light_client(), options_.identity, std::move(runner)));
  lookup_ = std::make_unique<ReceiptLookup>(devices_.node, *store_, *engine_, config.receipt_code_platforms(),
                                            loop_.clock(), options_.logs.info);

  auto device_error = [warning = options_.logs.warning](const char* which) {
    return [warning, which](const Error& e) { warning(std::string("service: ") + which + ": " + e.message); };
  };
  CS_ASSIGN_OR_RETURN(node_watch_, PollableWatch::create(loop_, devices_.node, device_error("node client")));
  CS_ASSIGN_OR_RETURN(printer_watch_,
                      PollableWatch::create(loop_, devices_.printer, device_error("printer")));
  loop_.set_before_wait([this] {
    for (PollableWatch* watch : {node_watch_.get(), printer_watch_.get()}) {
      if (Status s = watch->refresh(); !s.ok()) options_.logs.warning("service: " + s.error().message);
    }
  });
  return {};
}

Status KioskService::start_screen() {
  const KioskConfig& config = options_.config;
  KioskMachineOptions machine = KioskMachineOptions::from_config(config);
  KioskScreenServer::Options screen;
  screen.listen = config.screen.listen;
  screen.assets_dir = config.screen.assets;
  if (config.screen.voice) {
    screen.voice.dir = config.screen.voice_dir;
    for (std::string_view name : screen_state_names()) screen.voice.prompts.emplace_back(name);
    screen.voice.volume_percent = config.screen.voice_volume;
  }
  CS_ASSIGN_OR_RETURN(screen_, KioskScreenServer::start(screen));
  CS_ASSIGN_OR_RETURN(machine_,
                      KioskMachine::create(
                          loop_, devices_.scanner, *lookup_, *runner_, devices_.printer, std::move(machine),
                          [this](const Json& view) { screen_->publish(view); }, options_.logs.info));
  const AliveToken::Watch alive = alive_.watch();
  screen_->set_action_handler([this, alive](const ScreenAction& action) {
    loop_.post([this, alive, action] {
      if (!alive.alive()) return;
      machine_->handle_action(action);
    });
  });
  options_.logs.info("service: screen on http://" +
                     config.screen.listen.substr(0, config.screen.listen.rfind(':')) + ":" +
                     std::to_string(screen_->port()) + "/");
  return {};
}

// Exchange outcomes and rejections, typed as the machine sees them, for the
// metrics and the operators' structured records.
void KioskService::observe_sessions() {
  machine_->set_event_observer([this](const KioskEvent& event) { on_session_event(event); });
  if (!options_.metrics) return;
  sample_metrics();
  metrics_sample_.arm_periodic(options_.metrics_interval);
}

void KioskService::on_session_event(const KioskEvent& event) {
  const auto& outcome_log = options_.logs.outcome;
  if (const auto* done = std::get_if<ExchangeDoneEvent>(&event)) {
    if (options_.metrics) options_.metrics->exchange_finished(done->outcome);
    if (!outcome_log) return;
    if (done->outcome.ok()) {
      const ExchangeOutcome& o = done->outcome.value();
      outcome_log(false, "exchange " + std::to_string(o.exchange_id) + ": printed paper " + o.paper_serial,
                  {.exchange_id = o.exchange_id, .paper_serial = o.paper_serial, .reason = "printed"});
      return;
    }
    const ExchangeFailure& f = done->outcome.failure();
    const std::string kind(exchange_failure_kind_name(f.kind));
    LogFields fields{.exchange_id = std::nullopt, .paper_serial = f.paper_serial, .reason = kind};
    if (f.exchange_id != 0) fields.exchange_id = f.exchange_id;
    outcome_log(true,
                "exchange " + std::to_string(f.exchange_id) + ": " + kind + " (" +
                    std::string(exchange_failure_cause_name(f.cause)) + "): " + f.error.message,
                fields);
    return;
  }
  if (const auto* looked_up = std::get_if<LookupDoneEvent>(&event)) {
    const auto* rejection = std::get_if<Rejection>(&looked_up->answer);
    if (!rejection) return;
    if (options_.metrics) options_.metrics->receipt_rejected(*rejection);
    if (outcome_log) outcome_log(false, "receipt rejected: " + rejection->code, {.reason = rejection->code});
  }
}

void KioskService::sample_metrics() {
  KioskMetrics& metrics = *options_.metrics;
  metrics.printer(devices_.printer.state());
  if (Result<std::uint64_t> cached = store_->count(); cached.ok()) metrics.cache_receipts(*cached);
  metrics.sampled(loop_.clock().now(), started_at_);
}

void KioskService::recover(bool at_boot) {
  recovering_ = true;
  const AliveToken::Watch alive = alive_.watch();
  runner_->recover([this, alive, at_boot](Result<std::size_t> finished) {
    if (!alive.alive()) return;
    recovering_ = false;
    const std::string what = at_boot ? "boot recovery" : "recovery";
    if (finished.ok()) {
      options_.logs.info("service: " + what + " finished " + std::to_string(finished.value()) +
                         " unfinished exchange(s)");
    } else {
      options_.logs.warning("service: " + what + ": " + finished.error().message);
    }
    if (!at_boot) return;
    check_counters();
    prune_expired();
    if (options_.on_recovered) options_.on_recovered(finished);
  });
}

void KioskService::drain(std::function<void()> drained) {
  machine_->pause_exchanges(kRestartingNotice);
  unfinished_check_.cancel();
  if (!busy()) return drained();
  options_.logs.info("service: stopping once the exchange under way ends");
  drained_ = std::move(drained);
  drain_check_.arm_periodic(kDrainCheckInterval);
}

// Only while nobody is at the kiosk: an exchange confirmed during recovery
// would be refused as busy.
void KioskService::finish_unfinished() {
  if (recovering_ || runner_->busy() || machine_->state() != KioskStateId::kIdle) return;
  Result<std::vector<PaperRecord>> unfinished = journal_->unfinished();
  if (!unfinished.ok()) {
    options_.logs.warning("service: reading the journal: " + unfinished.error().message);
    return;
  }
  if (unfinished->empty()) return;
  options_.logs.info("service: " + std::to_string(unfinished->size()) +
                     " exchange(s) left unfinished; finishing them as boot recovery would");
  recover(false);
}

void KioskService::check_counters() {
  if (counters_checked_) return;
  const AliveToken::Watch alive = alive_.watch();
  devices_.node.get_device_activity(options_.identity.certificate.device_id,
                                    [this, alive](Result<DeviceActivity> chain) {
                                      if (!alive.alive()) return;
                                      counters_answered(chain);
                                    });
}

void KioskService::counters_answered(const Result<DeviceActivity>& chain) {
  const std::string& device_id = options_.identity.certificate.device_id;
  if (!chain.ok()) {
    if (!counter_check_failed_) {
      options_.logs.warning("service: cannot compare the journal's counters with the chain for device " +
                            device_id + " yet (" + std::string(error_code_name(chain.code())) + ": " +
                            chain.error().message + "); asking the node again every " +
                            std::to_string(kCounterCheckRetry.count()) + " s");
      counter_check_failed_ = true;
    }
    counter_check_.arm(kCounterCheckRetry);
    return;
  }
  Result<JournalCounters> journal = journal_->peek_counters();
  if (!journal.ok()) {
    options_.logs.warning("service: reading the journal's counters: " + journal.error().message);
    counter_check_.arm(kCounterCheckRetry);
    return;
  }
  counters_checked_ = true;
  const std::optional<JournalBehindChain> behind =
      journal_behind_chain(*journal, journal_->paper_code(), *chain);
  if (!behind) {
    options_.logs.info("service: the journal's counters agree with the chain for device " + device_id +
                       " (next nonce " + std::to_string(journal->next_nonce) + ", next paper number " +
                       std::to_string(journal->next_paper_number) + ")");
    return;
  }
  machine_->pause_exchanges(kJournalBehindNotice);
  options_.logs.error("service: " + journal_behind_chain_message(*behind, device_id, journal_->path()));
}

void KioskService::prune_expired() {
  const std::uint64_t now_s = to_unix_seconds(loop_.clock().wall_time());
  const std::uint64_t keep_s = std::uint64_t{options_.config.kiosk.retention_days} * 86'400;
  if (now_s > keep_s) {
    Result<std::uint64_t> pruned = store_->prune_verified_before(now_s - keep_s);
    if (!pruned.ok()) {
      options_.logs.warning("service: retention: " + pruned.error().message);
    } else if (pruned.value() > 0) {
      options_.logs.info("service: retention: dropped " + std::to_string(pruned.value()) +
                         " cached receipt(s) older than " +
                         std::to_string(options_.config.kiosk.retention_days) + " days");
    }
  }
  retention_.arm(kRetentionInterval);
}

Result<Receipt> KioskService::find_cached_receipt(const std::string& code, const std::string& number) {
  CS_ASSIGN_OR_RETURN(std::optional<ReceiptBundle> bundle, store_->get(code, number));
  if (!bundle) {
    return make_error(ErrorCode::kNotFound,
                      "receipt " + code + "-" + number + " is not in the kiosk's cache");
  }
  HeaderCheckOptions checks;
  checks.now_ms = to_unix_ms(loop_.clock().wall_time());
  const IssuedReceipt issued(std::move(*bundle));
  Result<VerifiedReceipt> verified = engine_->verify(issued, checks);
  if (!verified.ok()) return verified.error();
  return issued.receipt();
}

}  // namespace chainslip

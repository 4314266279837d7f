// chainslipd: the kiosk service (docs/CONFIG.md). Reads the config, the
// trust anchor and the kiosk's device identity, opens the devices the config
// names, and runs the kiosk on one event loop until SIGTERM or SIGINT.
// Exit 0 after a clean stop, 2 when it cannot start (the reason is logged).

#include <CLI/CLI.hpp>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <functional>
#include <iostream>
#include <optional>

#include "core/chain/trust_anchor.h"
#include "core/engine/chain_engine.h"
#include "core/event/event_loop.h"
#include "core/exchange/device_identity.h"
#include "core/hal/clock.h"
#include "core/store/data_dir_lock.h"
#include "core/util/file_io.h"
#include "core/util/strict_json.h"
#include "firmware/config/kiosk_config.h"
#include "firmware/service/kiosk_service.h"
#include "firmware/service/kiosk_startup.h"
#include "firmware/service/metrics/kiosk_metrics.h"
#include "firmware/service/metrics/metrics_server.h"
#include "firmware/service/service_log.h"
#include "firmware/service/systemd_notifier.h"
#include "firmware/service/timed_node_client.h"
#ifdef CHAINSLIP_FAILPOINTS  // chainslipd-failpoints only (firmware/CMakeLists.txt)
#include "firmware/service/kill_after_step.h"
#endif

namespace chainslip {
namespace {

// GET /healthz fails once the service's periodic sample (every second) is this old.
constexpr std::chrono::milliseconds kHealthySampleAge{5000};

Result<TrustAnchor> load_trust_anchor(const std::string& path) {
  CS_ASSIGN_OR_RETURN(std::string text, read_file(path, kMaxJsonBytes));
  Result<Json> doc = parse_strict_json(text);
  if (!doc.ok()) return make_error(doc.code(), "trust anchor " + path + ": " + doc.error().message);
  Result<TrustAnchor> anchor = trust_anchor_from_json(*doc);
  if (anchor.ok()) return anchor;
  // An anchor another engine verifies (`chainslip verify` reads it) is not
  // one the kiosk's exchange can run on yet: say so, not "unknown field".
  if (auto engine = chain_engine_from_anchor(*doc); engine.ok() && (*engine)->kind() != ChainEngineKind::kChainslip) {
    return make_error(ErrorCode::kUnimplemented,
                      "trust anchor " + path + " is for a " + std::string(chain_engine_name((*engine)->kind())) +
                          " chain; chainslipd runs on chainslip's chain only so far (chainslip verify checks that "
                          "chain's receipts)");
  }
  return make_error(anchor.code(), "trust anchor " + path + ": " + anchor.error().message);
}

int serve(const KioskConfig& config, ServiceLog& log) {
  auto fail = [&log](const std::string& what, const Error& e) {
    log.write(LogLevel::kError, "chainslipd: cannot start: " + what + ": " + e.message);
    return 2;
  };
  // First, before any device is opened: a second daemon leaves the first alone.
  Result<DataDirLock> data_dir_lock = DataDirLock::acquire(config.kiosk.data_dir);
  if (!data_dir_lock.ok()) return fail("kiosk.data_dir", data_dir_lock.error());
  Result<TrustAnchor> anchor = load_trust_anchor(config.chain.anchor);
  if (!anchor.ok()) return fail("chain.anchor", anchor.error());
  Result<DeviceIdentity> identity = load_device_identity(config.device.identity);
  if (!identity.ok()) return fail("device.identity", identity.error());
  ExchangeJournal::StepObserver journal_step_observer;
#ifdef CHAINSLIP_FAILPOINTS
  Result<std::optional<KillAfterStep>> kill_switch = KillAfterStep::from_environment();
  if (!kill_switch.ok()) return fail("test hook", kill_switch.error());
  if (*kill_switch) {
    log.write(LogLevel::kWarning, std::string("chainslipd: test hook armed: SIGKILL after journal step ") +
                                      (*kill_switch)->step() + " #" + std::to_string((*kill_switch)->nth()));
    journal_step_observer = [armed = std::move(**kill_switch)](std::string_view step) mutable {
      armed.kill_if_due(step);
    };
  }
#endif

  SteadyClock clock;
  Result<std::unique_ptr<EventLoop>> loop = EventLoop::create(clock);
  if (!loop.ok()) return fail("event loop", loop.error());
  // The first SIGTERM or SIGINT stops once the exchange under way ends (at
  // most kiosk.stop_drain_s); a second one stops at once. Installed before
  // any thread starts (the screen server's): they inherit the blocked mask.
  std::function<void()> stop = [&loop] { (*loop)->exit(); };
  bool stopping = false;
  for (int signo : {SIGTERM, SIGINT}) {
    Status handled = (*loop)->on_signal(signo, [&](int s) {
      const std::string name = s == SIGTERM ? "SIGTERM" : "SIGINT";
      if (stopping) {
        log.write(LogLevel::kWarning, "chainslipd: " + name + " again, stopping now");
        return (*loop)->exit();
      }
      stopping = true;
      log.write(LogLevel::kInfo, "chainslipd: " + name + ", stopping");
      stop();
    });
    if (!handled.ok()) return fail("signals", handled.error());
  }

  // The config's values, checked as --check-config checks them; the devices built, not yet opened.
  Result<KioskHardware> devices = prepare_kiosk(config, anchor->suite, clock, log.at(LogLevel::kWarning));
  if (!devices.ok()) return fail("config", devices.error());
  // A printer that cannot print (unreachable, offline, out of paper) is a warning.
  devices->printer_engine->set_condition_listener([&log](const escpos::PrinterCondition& c, const std::string& line) {
    log.write(c.connected && c.online ? LogLevel::kInfo : LogLevel::kWarning, line);
  });
  log.write(LogLevel::kInfo, "chainslipd: chain " + anchor->chain_id + ", nodes " +
                                 config.chain.nodes.front() +
                                 (config.chain.nodes.size() > 1 ? " (+failover)" : "") + ", printer " +
                                 config.printer.address + " (" + config.printer.profile + "), scanner " +
                                 devices->scanner->describe() + ", kiosk " + identity->certificate.device_id);

  // Health and metrics for hospital IT: node requests timed at the seam, the
  // rest told by the service on its loop.
  KioskMetrics metrics;
  TimedNodeClient timed_node(*devices->node, clock, [&metrics](std::chrono::milliseconds took, bool ok) {
    metrics.node_request(took, ok);
  });

  Result<std::unique_ptr<SystemdNotifier>> systemd = SystemdNotifier::create(**loop);
  if (!systemd.ok()) return fail("systemd", systemd.error());
  KioskService::Options options{
      .config = config,
      .anchor = *anchor,
      .identity = *identity,
      .logs = {log.at(LogLevel::kInfo), log.at(LogLevel::kWarning), log.at(LogLevel::kError),
               [&log](bool problem, const std::string& line, const LogFields& fields) {
                 log.write(problem ? LogLevel::kWarning : LogLevel::kInfo, line, fields);
               }},
      .on_recovered = [&systemd](const Result<std::size_t>& finished) {
        (*systemd)->status(finished.ok() ? "serving" : "serving; boot recovery failed");
      },
      .journal_step_observer = std::move(journal_step_observer),
      .metrics = &metrics};
  Result<std::unique_ptr<KioskService>> service = KioskService::start(
      **loop, KioskHalRoles{timed_node, *devices->printer, *devices->scanner}, std::move(options));
  if (!service.ok()) return fail("kiosk service", service.error());
  Result<std::unique_ptr<MetricsServer>> metrics_server = MetricsServer::start(
      {.listen = config.metrics.listen,
       .health = [&metrics, &clock]() -> Status {
         const std::optional<std::chrono::milliseconds> last = metrics.last_sample();
         if (last && clock.now() - *last <= kHealthySampleAge) return {};
         return make_error(ErrorCode::kUnavailable,
                           "the service's event loop has not run for over " +
                               std::to_string(kHealthySampleAge.count() / 1000) + " s");
       },
       .metrics = [&metrics] { return metrics.render(); }});
  if (!metrics_server.ok()) return fail("metrics.listen", metrics_server.error());
  log.write(LogLevel::kInfo, "chainslipd: metrics on http://" +
                                 config.metrics.listen.substr(0, config.metrics.listen.rfind(':')) + ":" +
                                 std::to_string((*metrics_server)->port()) + "/metrics");
  (*systemd)->ready("recovering unfinished exchanges");
  log.write(LogLevel::kInfo, "chainslipd: ready");
  Timer drain_deadline = (*loop)->create_timer([&log, &loop] {
    log.write(LogLevel::kWarning,
              "chainslipd: the exchange under way did not end within kiosk.stop_drain_s; stopping with it open, "
              "the next start's recovery finishes it");
    (*loop)->exit();
  });
  stop = [&] {
    (*systemd)->stopping();
    drain_deadline.arm(std::chrono::seconds(config.kiosk.stop_drain_s));
    (*service)->drain([&loop] { (*loop)->exit(); });
  };

  Status ran = (*loop)->run();
  if (!stopping) (*systemd)->stopping();
  service->reset();
  if (!ran.ok()) {
    log.write(LogLevel::kError, "chainslipd: event loop failed: " + ran.error().message);
    return 1;
  }
  log.write(LogLevel::kInfo, "chainslipd: stopped");
  return 0;
}

}  // namespace
}  // namespace chainslip

int main(int argc, char** argv) {
  CLI::App app{"chainslipd: the chainslip kiosk service (docs/CONFIG.md)"};
  std::string config_path = "/etc/chainslip/chainslip.toml";
  bool check_only = false;
  app.add_option("--config", config_path, "The config file")->capture_default_str();
  app.add_flag("--check-config", check_only, "Check the config file and exit (0: valid)");
  CLI11_PARSE(app, argc, argv);

  using namespace chainslip;
  Result<KioskConfig> config = load_kiosk_config(config_path);
  if (!config.ok()) {
    std::cerr << "chainslipd: " << config.error().message << "\n";
    return 2;
  }
  if (check_only) {
    SteadyClock clock;
    Result<KioskHardware> checked = prepare_kiosk(*config, kDefaultSuite, clock, [](const std::string&) {});
    if (!checked.ok()) {
      std::cerr << "chainslipd: " << config_path << ": " << checked.error().message << "\n";
      return 2;
    }
    std::cout << config_path << ": ok\n";
    return 0;
  }
  Result<LogLevel> level = parse_log_level(config->log.level);
  ServiceLog log = ServiceLog::to_stderr(level.ok() ? level.value() : LogLevel::kInfo);
  return serve(*config, log);
}

#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/exchange/exchange_runner.h"
#include "core/hal/paper_printer.h"
#include "firmware/kiosk/rejection.h"
#include "firmware/service/metrics/metrics_registry.h"

namespace chainslip {

// What hospital IT watches across its kiosks, as Prometheus metrics
// (docs/CONFIG.md, "Health and metrics"):
//   chainslip_exchanges_total{outcome}                  printed | not_sent | refused | voided | unknown
//   chainslip_verification_failures_total{reason}       RejectionKind names (rejection.h)
//   chainslip_printer_ready, chainslip_printer_paper_low   0 or 1
//   chainslip_printer_state{state}                      1 for the printer's condition code, 0 for the others
//   seen chainslip_node_request_duration_seconds{result}     histogram, result ok | error
//   chainslip_cache_receipts                            receipts in cache.db
//   chainslip_uptime_seconds                            since the service started
// Recorded on the event loop, rendered by the metrics server's threads.
class KioskMetrics {
 public:
  KioskMetrics();

  void exchange_finished(const ExchangeResult& result);
  void receipt_rejected(const Rejection& rejection);
  void node_request(std::chrono::milliseconds took, bool ok);
  void printer(const PrinterState& state);
  void cache_receipts(std::uint64_t count);
  // The service's periodic sample ran at `now` (loop clock); sets the uptime.
  void sampled(std::chrono::milliseconds now, std::chrono::milliseconds started_at);
  // When the last sample ran (nullopt before the first): the event loop is
  // alive if it is recent. Safe from any thread.
  std::optional<std::chrono::milliseconds> last_sample() const;

  std::string render() const { return registry_.render(); }

 private:
  MetricsRegistry registry_;
  std::optional<PrinterConditionCode> printer_state_;  // the condition last set to 1
  std::atomic<std::int64_t> last_sample_ms_{-1};
};

}  // namespace chainslip

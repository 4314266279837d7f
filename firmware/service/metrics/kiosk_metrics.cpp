#include "firmware/service/metrics/kiosk_metrics.h"

#include <string>

namespace chainslip {
namespace {

constexpr const char* kExchanges = "chainslip_exchanges_total";
constexpr const char* kFailures = "chainslip_verification_failures_total";
constexpr const char* kPrinterReady = "chainslip_printer_ready";
constexpr const char* kPaperLow = "chainslip_printer_paper_low";
constexpr const char* kPrinterState = "chainslip_printer_state";
constexpr const char* kNodeLatency = "chainslip_node_request_duration_seconds";
constexpr const char* kCache = "chainslip_cache_receipts";
constexpr const char* kUptime = "chainslip_uptime_seconds";

}  // namespace

KioskMetrics::KioskMetrics() {
  using Type = MetricsRegistry::Type;
  registry_.declare(kExchanges, Type::kCounter, "Exchanges for a paper copy that ended, by outcome.");
  for (const char* outcome : {"printed", "not_sent", "refused", "voided", "unknown"}) {
    registry_.touch(kExchanges, {{"outcome", outcome}});
  }
  registry_.declare(kFailures, Type::kCounter, "Scanned codes not shown as a valid receipt, by reason.");
  for (RejectionKind kind :
       {RejectionKind::kNotAReceiptCode, RejectionKind::kUnknownPlatform, RejectionKind::kMalformedCode,
        RejectionKind::kReceiptNotFound, RejectionKind::kVerificationFailed, RejectionKind::kNodeUnavailable,
        RejectionKind::kQrMismatch}) {
    registry_.touch(kFailures, {{"reason", std::string(rejection_kind_name(kind))}});
  }
  registry_.declare(kPrinterReady, Type::kGauge, "1 when the printer would start a job now.");
  registry_.declare(kPaperLow, Type::kGauge, "1 when the printer's paper near-end sensor is on.");
  registry_.declare(kPrinterState, Type::kGauge, "1 for the printer's current condition code.");
  registry_.declare(kNodeLatency, Type::kHistogram, "Chain node requests, from sending to the answer.",
                    {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
  registry_.declare(kCache, Type::kGauge, "Verified receipts in the kiosk's cache.");
  registry_.declare(kUptime, Type::kGauge, "Seconds since the service started.");
}

void KioskMetrics::exchange_finished(const ExchangeResult& result) {
  const std::string outcome =
      result.ok() ? "printed" : std::string(exchange_failure_kind_name(result.failure().kind));
  registry_.add(kExchanges, {{"outcome", outcome}});
}

void KioskMetrics::receipt_rejected(const Rejection& rejection) {
  registry_.add(kFailures, {{"reason", std::string(rejection_kind_name(rejection.kind))}});
}

void KioskMetrics::node_request(std::chrono::milliseconds took, bool ok) {
  registry_.observe(kNodeLatency, {{"result", ok ? "ok" : "error"}},
                    static_cast<double>(took.count()) / 1000.0);
}

void KioskMetrics::printer(const PrinterState& state) {
  registry_.set(kPrinterReady, {}, state.ready ? 1 : 0);
  registry_.set(kPaperLow, {}, state.paper_low ? 1 : 0);
  if (state.condition_code != printer_state_) {
    if (printer_state_) registry_.set(kPrinterState, {{"state", std::string(printer_condition_name(*printer_state_))}}, 0);
    printer_state_ = state.condition_code;
  }
  registry_.set(kPrinterState, {{"state", std::string(printer_condition_name(state.condition_code))}}, 1);
}

void KioskMetrics::cache_receipts(std::uint64_t count) {
  registry_.set(kCache, {}, static_cast<double>(count));
}

void KioskMetrics::sampled(std::chrono::milliseconds now, std::chrono::milliseconds started_at) {
  registry_.set(kUptime, {}, static_cast<double>((now - started_at).count()) / 1000.0);
  last_sample_ms_ = now.count();
}

std::optional<std::chrono::milliseconds> KioskMetrics::last_sample() const {
  const std::int64_t at = last_sample_ms_;
  if (at < 0) return std::nullopt;
  return std::chrono::milliseconds(at);
}

}  // namespace chainslip

// Health and metrics: the Prometheus text the registry writes, read back
// strictly; the kiosk's metrics changing with events; the node seam timing
// requests; the endpoint serving both.
#include <gtest/gtest.h>
#include <httplib.h>

#include <cmath>

#include "firmware/service/metrics/kiosk_metrics.h"
#include "firmware/service/metrics/metrics_registry.h"
#include "firmware/service/metrics/metrics_server.h"
#include "tests/support/prometheus_text.h"

namespace chainslip {
namespace {

using namespace std::chrono_literals;
using test::parse_exposition;

TEST(MetricsRegistryTest, WritesTheExpositionFormatExactly) {
  MetricsRegistry r;
  r.declare("jobs_total", MetricsRegistry::Type::kCounter, "Jobs, by \"kind\".\nSecond line \\ end.");
  r.declare("temp", MetricsRegistry::Type::kGauge, "A gauge.");
  r.declare("latency_seconds", MetricsRegistry::Type::kHistogram, "A histogram.", {0.1, 1});
  r.add("jobs_total", {{"kind", "a\"b\\c\nd"}}, 2);
  r.set("temp", {}, 0.25);
  for (double v : {0.05, 0.1, 0.5, 3.0}) r.observe("latency_seconds", {{"result", "ok"}}, v);
  EXPECT_EQ(r.render(),
            "# HELP jobs_total Jobs, by \"kind\".\\nSecond line \\\\ end.\n"
            "# TYPE jobs_total counter\n"
            "jobs_total{kind=\"a\\\"b\\\\c\\nd\"} 2\n"
            "# HELP temp A gauge.\n"
            "# TYPE temp gauge\n"
            "temp 0.25\n"
            "# HELP latency_seconds A histogram.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{result=\"ok\",le=\"0.1\"} 2\n"
            "latency_seconds_bucket{result=\"ok\",le=\"1\"} 3\n"
            "latency_seconds_bucket{result=\"ok\",le=\"+Inf\"} 4\n"
            "latency_seconds_sum{result=\"ok\"} 3.65\n"
            "latency_seconds_count{result=\"ok\"} 4\n");
}

TEST(MetricsRegistryTest, UndeclaredNamesAndWrongKindsAreIgnored) {
  MetricsRegistry r;
  r.declare("g", MetricsRegistry::Type::kGauge, "g");
  r.add("nosuch", {}, 1);
  r.observe("g", {}, 1);  // not a histogram: no buckets to count in
  EXPECT_EQ(r.render(), "# HELP g g\n# TYPE g gauge\ng 0\n");
}

TEST(KioskMetricsTest, EveryFamilyIsThereAtStartAndValidText) {
  KioskMetrics m;
  const auto e = parse_exposition(m.render());
  for (const char* family :
       {"chainslip_exchanges_total", "chainslip_verification_failures_total", "chainslip_printer_ready",
        "chainslip_printer_paper_low", "chainslip_printer_state", "chainslip_node_request_duration_seconds",
        "chainslip_cache_receipts", "chainslip_uptime_seconds"}) {
    EXPECT_EQ(e.types.count(family), 1u) << family;
  }
  EXPECT_EQ(e.at("chainslip_exchanges_total{outcome=\"printed\"}"), 0);
  EXPECT_EQ(e.at("chainslip_verification_failures_total{reason=\"verification_failed\"}"), 0);
}

TEST(KioskMetricsTest, ValuesChangeWithEvents) {
  KioskMetrics m;
  m.exchange_finished(ExchangeOutcome{});
  m.exchange_finished(ExchangeOutcome{});
  ExchangeFailure refused;
  refused.kind = ExchangeFailureKind::kRefused;
  m.exchange_finished(refused);
  Rejection forged;
  forged.kind = RejectionKind::kVerificationFailed;
  m.receipt_rejected(forged);
  m.node_request(30ms, true);
  m.node_request(4000ms, false);
  m.printer({.ready = false, .condition_code = PrinterConditionCode::kPaperOut, .condition_text = "", .paper_low = true});
  m.cache_receipts(17);
  m.sampled(90'000ms, 30'000ms);
  auto e = parse_exposition(m.render());
  EXPECT_EQ(e.at("chainslip_exchanges_total{outcome=\"printed\"}"), 2);
  EXPECT_EQ(e.at("chainslip_exchanges_total{outcome=\"refused\"}"), 1);
  EXPECT_EQ(e.at("chainslip_exchanges_total{outcome=\"voided\"}"), 0);
  EXPECT_EQ(e.at("chainslip_verification_failures_total{reason=\"verification_failed\"}"), 1);
  EXPECT_EQ(e.at("chainslip_verification_failures_total{reason=\"receipt_not_found\"}"), 0);
  EXPECT_EQ(e.at("chainslip_node_request_duration_seconds_bucket{result=\"ok\",le=\"0.05\"}"), 1);
  EXPECT_EQ(e.at("chainslip_node_request_duration_seconds_bucket{result=\"ok\",le=\"0.025\"}"), 0);
  EXPECT_EQ(e.at("chainslip_node_request_duration_seconds_count{result=\"error\"}"), 1);
  EXPECT_EQ(e.at("chainslip_node_request_duration_seconds_bucket{result=\"error\",le=\"2.5\"}"), 0);
  EXPECT_EQ(e.at("chainslip_node_request_duration_seconds_bucket{result=\"error\",le=\"5\"}"), 1);
  EXPECT_DOUBLE_EQ(e.at("chainslip_node_request_duration_seconds_sum{result=\"error\"}"), 4);
  EXPECT_EQ(e.at("chainslip_printer_ready"), 0);
  EXPECT_EQ(e.at("chainslip_printer_paper_low"), 1);
  EXPECT_EQ(e.at("chainslip_printer_state{state=\"paper_out\"}"), 1);
  EXPECT_EQ(e.at("chainslip_cache_receipts"), 17);
  EXPECT_EQ(e.at("chainslip_uptime_seconds"), 60);
  ASSERT_TRUE(m.last_sample().has_value());
  EXPECT_EQ(*m.last_sample(), 90'000ms);

  // The printer recovers: the old state goes to 0, the new one is 1.
  m.printer({.ready = true, .condition_code = PrinterConditionCode::kOk, .condition_text = ""});
  e = parse_exposition(m.render());
  EXPECT_EQ(e.at("chainslip_printer_state{state=\"paper_out\"}"), 0);
  EXPECT_EQ(e.at("chainslip_printer_state{state=\"ok\"}"), 1);
  EXPECT_EQ(e.at("chainslip_printer_ready"), 1);
  EXPECT_EQ(e.at("chainslip_printer_paper_low"), 0);
}

TEST(MetricsServerTest, ServesHealthAndMetrics) {
  bool healthy = true;
  auto server =
      MetricsServer::start({.listen = "127.0.0.1:0",
                            .health = [&healthy]() -> Status {
                              if (healthy) return {};
                              return make_error(ErrorCode::kUnavailable, "loop stalled");
                            },
                            .metrics = [] { return std::string("# HELP x x\n# TYPE x gauge\nx 1\n"); }});
  ASSERT_TRUE(server.ok()) << server.error().message;
  httplib::Client client("127.0.0.1", (*server)->port());
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok\n");
  healthy = false;
  health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 503);
  EXPECT_EQ(health->body, "loop stalled\n");
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(parse_exposition(metrics->body).at("x"), 1);
  auto other = client.Get("/view");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 404);
}

TEST(MetricsServerTest, ABadListenAddressNamesTheMetricsEndpoint) {
  auto server = MetricsServer::start({.listen = "127.0.0.1:99999",
                                      .health = [] { return Status{}; },
                                      .metrics = [] { return std::string(); }});
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(server.error().message.find("metrics listen address"), std::string::npos)
      << server.error().message;
}

}  // namespace
}  // namespace chainslip

#pragma once

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace chainslip {

// Metric families and their samples, written out in the Prometheus text
// exposition format (version 0.0.4): per family `# HELP` and `# TYPE`, then
// its samples; a histogram's cumulative `_bucket{le="..."}` series ending at
// `le="+Inf"`, then `_sum` and `_count`. Label values and help texts are
// escaped as the format says. Thread-safe: the event loop records, the
// metrics server's threads render.
class MetricsRegistry {
 public:
  enum class Type { kCounter, kGauge, kHistogram };
  using Labels = std::vector<std::pair<std::string, std::string>>;

  // Families are rendered in the order declared. `buckets`: a histogram's
  // upper bounds, ascending (+Inf is added). A name declared twice keeps the
  // first declaration.
  void declare(const std::string& name, Type type, const std::string& help, std::vector<double> buckets = {});
  // A series shown at 0 before its first event (a counter per known label
  // value, so rate() sees the first increase).
  void touch(const std::string& name, const Labels& labels);
  void add(const std::string& name, const Labels& labels, double by = 1);     // counter
  void set(const std::string& name, const Labels& labels, double value);      // gauge
  void observe(const std::string& name, const Labels& labels, double value);  // histogram

  std::string render() const;

 private:
  struct Series {
    double value = 0;                   // counter, gauge; a histogram's sum
    std::vector<std::uint64_t> counts;  // a histogram's, per bucket (not cumulative), then +Inf
  };
  struct Family {
    Type type;
    std::string help;
    std::vector<double> buckets;
    std::map<Labels, Series> series;
  };
  Series* series(const std::string& name, const Labels& labels);  // null for an undeclared name

  mutable std::mutex mutex_;
  std::vector<std::string> order_;
  std::map<std::string, Family> families_;
};

}  // namespace chainslip

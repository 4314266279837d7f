#include "firmware/service/metrics/metrics_registry.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace chainslip {
namespace {

// Go's strconv formatting as Prometheus reads it: the shortest text that
// reads back exactly; +Inf, -Inf, NaN.
std::string number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string escaped(const std::string& text, bool quote) {
  std::string out;
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (quote && c == '"')
      out += "\\\"";
    else
      out += c;
  }
  return out;
}

std::string label_text(const MetricsRegistry::Labels& labels, const std::string& le = "") {
  if (labels.empty() && le.empty()) return "";
  std::string out = "{";
  bool first = true;
  for (const auto& [key, value] : labels) {
    if (!first) out += ",";
    out += key + "=\"" + escaped(value, true) + "\"";
    first = false;
  }
  if (!le.empty()) out += std::string(first ? "" : ",") + "le=\"" + le + "\"";
  return out + "}";
}

std::string_view type_name(MetricsRegistry::Type type) {
  switch (type) {
    case MetricsRegistry::Type::kCounter: return "counter";
    case MetricsRegistry::Type::kGauge: return "gauge";
    case MetricsRegistry::Type::kHistogram: return "histogram";
  }
  return "untyped";
}

}  // namespace

void MetricsRegistry::declare(const std::string& name, Type type, const std::string& help,
                              std::vector<double> buckets) {
  std::lock_guard lock(mutex_);
  if (families_.count(name)) return;
  order_.push_back(name);
  families_[name] = Family{type, help, std::move(buckets), {}};
}

MetricsRegistry::Series* MetricsRegistry::series(const std::string& name, const Labels& labels) {
  auto family = families_.find(name);
  if (family == families_.end()) return nullptr;
  auto [it, added] = family->second.series.try_emplace(labels);
  if (added && family->second.type == Type::kHistogram)
    it->second.counts.assign(family->second.buckets.size() + 1, 0);
  return &it->second;
}

void MetricsRegistry::touch(const std::string& name, const Labels& labels) {
  std::lock_guard lock(mutex_);
  series(name, labels);
}

void MetricsRegistry::add(const std::string& name, const Labels& labels, double by) {
  std::lock_guard lock(mutex_);
  if (Series* s = series(name, labels)) s->value += by;
}

void MetricsRegistry::set(const std::string& name, const Labels& labels, double value) {
  std::lock_guard lock(mutex_);
  if (Series* s = series(name, labels)) s->value = value;
}

void MetricsRegistry::observe(const std::string& name, const Labels& labels, double value) {
  std::lock_guard lock(mutex_);
  Series* s = series(name, labels);
  if (!s || s->counts.empty()) return;
  const std::vector<double>& bounds = families_[name].buckets;
  const auto bucket =
      static_cast<std::size_t>(std::lower_bound(bounds.begin(), bounds.end(), value) - bounds.begin());
  ++s->counts[bucket];
  s->value += value;
}

std::string MetricsRegistry::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const std::string& name : order_) {
    const Family& f = families_.at(name);
    out += "# HELP " + name + " " + escaped(f.help, false) + "\n";
    out += "# TYPE " + name + " " + std::string(type_name(f.type)) + "\n";
    for (const auto& [labels, s] : f.series) {
      if (f.type != Type::kHistogram) {
        out += name + label_text(labels) + " " + number(s.value) + "\n";
        continue;
      }
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < s.counts.size(); ++i) {
        cumulative += s.counts[i];
        const std::string le = i < f.buckets.size() ? number(f.buckets[i]) : "+Inf";
        out += name + "_bucket" + label_text(labels, le) + " " + std::to_string(cumulative) + "\n";
      }
      out += name + "_sum" + label_text(labels) + " " + number(s.value) + "\n";
      out += name + "_count" + label_text(labels) + " " + std::to_string(cumulative) + "\n";
    }
  }
  return out;
}

}  // namespace chainslip

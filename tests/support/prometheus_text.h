#pragma once

// A strict reader of the Prometheus text exposition format (0.0.4), for
// tests: every sample must belong to a family announced by # HELP and # TYPE
// just before it, a histogram's buckets must be cumulative and end with
// le="+Inf" equal to _count. Samples are keyed by their series text as
// written: name{labels}.
#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <sstream>
#include <string>

namespace chainslip::test {

struct Exposition {
  std::map<std::string, std::string> types;  // family -> counter | gauge | histogram
  std::map<std::string, double> samples;     // "name{k=\"v\"}" -> value
  double at(const std::string& series) const {
    auto it = samples.find(series);
    EXPECT_NE(it, samples.end()) << "no series " << series;
    return it == samples.end() ? -1 : it->second;
  }
};

inline double parse_value(const std::string& text) {
  if (text == "+Inf") return std::numeric_limits<double>::infinity();
  if (text == "-Inf") return -std::numeric_limits<double>::infinity();
  std::size_t used = 0;
  const double v = std::stod(text, &used);
  EXPECT_EQ(used, text.size()) << "value " << text;
  return v;
}

// Fails the calling test (and returns what it read) on any line out of place.
inline Exposition parse_exposition(const std::string& text) {
  Exposition out;
  std::istringstream in(text);
  std::string line, family, help_for;
  double last_bucket = 0;
  bool seen_inf = false;
  double inf_count = 0;
  EXPECT_TRUE(text.empty() || text.back() == '\n') << "the exposition ends with a newline";
  while (std::getline(in, line)) {
    if (line.rfind("# HELP ", 0) == 0) {
      help_for = line.substr(7, line.find(' ', 7) - 7);
      continue;
    }
    if (line.rfind("# TYPE ", 0) == 0) {
      std::istringstream words(line.substr(7));
      std::string type;
      words >> family >> type;
      EXPECT_EQ(family, help_for) << "# TYPE without its # HELP: " << line;
      EXPECT_TRUE(type == "counter" || type == "gauge" || type == "histogram") << line;
      EXPECT_EQ(out.types.count(family), 0u) << "family announced twice: " << family;
      out.types[family] = type;
      last_bucket = 0;
      continue;
    }
    EXPECT_FALSE(line.empty() || line[0] == '#') << "unexpected line: " << line;
    const auto space = line.rfind(' ');
    EXPECT_NE(space, std::string::npos) << line;
    const std::string series = line.substr(0, space);
    const double value = parse_value(line.substr(space + 1));
    const std::string name = series.substr(0, series.find('{'));
    if (out.types[family] == "histogram") {
      EXPECT_TRUE(name == family + "_bucket" || name == family + "_sum" || name == family + "_count") << line;
      if (name == family + "_bucket") {
        EXPECT_GE(value, last_bucket) << "buckets are cumulative: " << line;
        last_bucket = value;
        if (series.find("le=\"+Inf\"") != std::string::npos) {
          seen_inf = true;
          inf_count = value;
          last_bucket = 0;
        }
      }
      if (name == family + "_count") {
        EXPECT_TRUE(seen_inf) << "+Inf bucket before _count: " << line;
        EXPECT_EQ(value, inf_count) << line;
        seen_inf = false;
      }
    } else {
      EXPECT_EQ(name, family) << "sample outside its family: " << line;
    }
    EXPECT_EQ(out.samples.count(series), 0u) << "series twice: " << series;
    out.samples[series] = value;
  }
  return out;
}

}  // namespace chainslip::test

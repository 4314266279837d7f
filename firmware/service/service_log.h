#pragma once

#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace chainslip {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

// "debug" | "info" | "warning" | "error" (the config's log.level).
Result<LogLevel> parse_log_level(std::string_view name);

// The service's operator log on stderr, one line per event. Under systemd
// (JOURNAL_STREAM set) each line starts with its syslog priority ("<6>") so
// journald files it at the right level and adds the time itself; elsewhere
// it starts with the UTC time and the level. Lines below the minimum level
// are dropped. Thread-safe: the screen server's threads log too.
class ServiceLog {
 public:
  ServiceLog(LogLevel minimum, std::FILE* out, bool journald);
  // journald from the environment.
  static ServiceLog to_stderr(LogLevel minimum);

  void write(LogLevel level, std::string_view line);
  // A writer at one level, for the components' std::function<void(const std::string&)> logs.
  std::function<void(const std::string&)> at(LogLevel level);

 private:
  LogLevel minimum_;
  std::FILE* out_;
  bool journald_;
  std::mutex mutex_;
};

}  // namespace chainslip

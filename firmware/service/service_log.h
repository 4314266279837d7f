#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/util/result.h"
#include "firmware/service/journal_sink.h"

namespace chainslip {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

// "debug" | "info" | "warning" | "error" (the config's log.level).
Result<LogLevel> parse_log_level(std::string_view name);

// The service's operator log, one entry per event. Under systemd
// (JOURNAL_STREAM set) entries go to the journal through `journal`
// (sd_journal_send) with their priority and LogFields, so operators can
// filter on EXCHANGE_ID, PAPER_SERIAL and REASON; if the journal cannot be
// reached, or without a sink, a line on `out` starts with its syslog
// priority ("<6>") so journald files it at the right level and adds the time
// itself. Elsewhere a line on `out` starts with the UTC time and the level.
// Lines below the minimum level are dropped. Thread-safe: the screen
// server's threads log too.
class ServiceLog {
 public:
  ServiceLog(LogLevel minimum, std::FILE* out, bool journald, std::unique_ptr<JournalSink> journal = nullptr);
  // journald (and the sd_journal sink) from the environment.
  static ServiceLog to_stderr(LogLevel minimum);

  void write(LogLevel level, std::string_view line, const LogFields& fields = {});
  // A writer at one level, for the components' std::function<void(const std::string&)> logs.
  std::function<void(const std::string&)> at(LogLevel level);

 private:
  LogLevel minimum_;
  std::FILE* out_;
  bool journald_;
  std::unique_ptr<JournalSink> journal_;
  std::mutex mutex_;
};

}  // namespace chainslip

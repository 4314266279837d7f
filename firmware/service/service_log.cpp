#include "firmware/service/service_log.h"

#include <chrono>
#include <cstdlib>
#include <ctime>

namespace chainslip {
namespace {

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarning: return "warning";
    case LogLevel::kError: return "error";
  }
  return "?";
}

// syslog(3) priorities: LOG_DEBUG 7, LOG_INFO 6, LOG_WARNING 4, LOG_ERR 3.
int syslog_priority(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return 7;
    case LogLevel::kInfo: return 6;
    case LogLevel::kWarning: return 4;
    case LogLevel::kError: return 3;
  }
  return 6;
}

}  // namespace

Result<LogLevel> parse_log_level(std::string_view name) {
  if (name == "debug") return LogLevel::kDebug;
  if (name == "info") return LogLevel::kInfo;
  if (name == "warning") return LogLevel::kWarning;
  if (name == "error") return LogLevel::kError;
  return make_error(ErrorCode::kInvalidArgument,
                    "log level \"" + std::string(name) + "\" is not one of debug, info, warning, error");
}

ServiceLog::ServiceLog(LogLevel minimum, std::FILE* out, bool journald, std::unique_ptr<JournalSink> journal)
    : minimum_(minimum), out_(out), journald_(journald), journal_(std::move(journal)) {}

ServiceLog ServiceLog::to_stderr(LogLevel minimum) {
  const bool journald = std::getenv("JOURNAL_STREAM") != nullptr;
  return ServiceLog(minimum, stderr, journald, journald ? std::make_unique<SdJournalSink>() : nullptr);
}

void ServiceLog::write(LogLevel level, std::string_view line, const LogFields& fields) {
  if (level < minimum_) return;
  if (journal_) {
    std::lock_guard lock(mutex_);
    if (journal_->send(syslog_priority(level), line, fields).ok()) return;
  }
  std::string text;
  if (journald_) {
    text = "<" + std::to_string(syslog_priority(level)) + ">";
  } else {
    const auto now = std::chrono::system_clock::now();
    const std::time_t secs = std::chrono::system_clock::to_time_t(now);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm utc{};
    gmtime_r(&secs, &utc);
    char stamp[96];
    std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
    text = stamp;
    text += level_name(level);
    text += ' ';
  }
  // One line per event: a newline inside (a peer's message) would forge a second one.
  for (char c : line) text += (c == '\n' || c == '\r') ? ' ' : c;
  text += '\n';
  std::lock_guard lock(mutex_);
  std::fputs(text.c_str(), out_);
  std::fflush(out_);
}

std::function<void(const std::string&)> ServiceLog::at(LogLevel level) {
  return [this, level](const std::string& line) { write(level, line); };
}

}  // namespace chainslip

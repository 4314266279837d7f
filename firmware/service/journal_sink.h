#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace chainslip {

// Fields an operator filters on in journalctl (journalctl -u chainslipd
// EXCHANGE_ID=12, REASON=voided); empty ones are not sent.
struct LogFields {
  std::optional<std::int64_t> exchange_id{};  // EXCHANGE_ID: the journal's exchange reference
  std::string paper_serial{};                 // PAPER_SERIAL: 33010199-0000000001
  std::string reason{};                       // REASON: a stable name (an outcome, a rejection kind)
};

// Where the service's log entries go under systemd.
class JournalSink {
 public:
  virtual ~JournalSink() = default;
  // One entry: MESSAGE, PRIORITY (syslog, 3..7) and the fields. An error when
  // journald could not be reached: the caller logs the line elsewhere.
  virtual Status send(int priority, std::string_view message, const LogFields& fields) = 0;
};

// systemd's own client: sd_journal_sendv to the journal socket.
class SdJournalSink final : public JournalSink {
 public:
  Status send(int priority, std::string_view message, const LogFields& fields) override;
};

}  // namespace chainslip

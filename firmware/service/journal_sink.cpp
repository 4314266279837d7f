#include "firmware/service/journal_sink.h"

#include <sys/uio.h>
#include <systemd/sd-journal.h>

#include <cstring>
#include <vector>

namespace chainslip {

Status SdJournalSink::send(int priority, std::string_view message, const LogFields& fields) {
  std::vector<std::string> entries;
  entries.push_back("MESSAGE=" + std::string(message));
  entries.push_back("PRIORITY=" + std::to_string(priority));
  entries.push_back("SYSLOG_IDENTIFIER=chainslipd");
  if (fields.exchange_id) entries.push_back("EXCHANGE_ID=" + std::to_string(*fields.exchange_id));
  if (!fields.paper_serial.empty()) entries.push_back("PAPER_SERIAL=" + fields.paper_serial);
  if (!fields.reason.empty()) entries.push_back("REASON=" + fields.reason);
  std::vector<iovec> iov;
  for (std::string& e : entries) iov.push_back({e.data(), e.size()});
  const int r = sd_journal_sendv(iov.data(), static_cast<int>(iov.size()));
  if (r < 0)
    return make_error(ErrorCode::kUnavailable, std::string("sd_journal_sendv: ") + std::strerror(-r));
  return {};
}

}  // namespace chainslip

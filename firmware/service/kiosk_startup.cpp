#include "firmware/service/kiosk_startup.h"

#include <utility>

#include "firmware/screen/listen_address.h"

namespace chainslip {
namespace {

Status check_listen(const std::string& key, const std::string& listen, bool allow_remote,
                    std::string_view what) {
  Result<ListenAddress> address = parse_listen_address(listen, allow_remote, what);
  if (!address.ok()) return make_error(address.code(), key + ": " + address.error().message);
  return {};
}

}  // namespace

Result<KioskHardware> prepare_kiosk(const KioskConfig& config, Suite chain_suite, const Clock& clock,
                                   std::function<void(const std::string&)> log) {
  if (config.kiosk.data_dir.empty()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "kiosk.data_dir: empty; name the directory for cache.db and journal.db, e.g. "
                      "\"/var/lib/chainslip\"");
  }
  CS_RETURN_IF_ERROR(check_listen("screen.listen", config.screen.listen, false, "screen listen address"));
  CS_RETURN_IF_ERROR(check_listen("metrics.listen", config.metrics.listen, true, "metrics listen address"));
  return make_kiosk_hardware(config, chain_suite, clock, std::move(log));
}

}  // namespace chainslip

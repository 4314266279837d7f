#include "firmware/screen/request_origin.h"

namespace chainslip {
namespace {

std::string_view without_default_port(std::string_view authority) {
  constexpr std::string_view kDefaultPort = ":80";
  if (authority.size() > kDefaultPort.size() && authority.ends_with(kDefaultPort)) {
    authority.remove_suffix(kDefaultPort.size());
  }
  return authority;
}

}  // namespace

bool is_same_origin(std::string_view origin, std::string_view host) {
  constexpr std::string_view kScheme = "http://";
  if (!origin.starts_with(kScheme) || host.empty()) return false;
  origin.remove_prefix(kScheme.size());
  return without_default_port(origin) == without_default_port(host);
}

}  // namespace chainslip

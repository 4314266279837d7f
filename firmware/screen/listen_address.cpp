#include "firmware/screen/listen_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>

namespace chainslip {
namespace {

bool is_loopback_literal(const std::string& host) {
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

bool is_ip_literal(const std::string& host) {
  in_addr v4{};
  in6_addr v6{};
  return inet_pton(AF_INET, host.c_str(), &v4) == 1 || inet_pton(AF_INET6, host.c_str(), &v6) == 1;
}

// Splits "host:port" / "[v6]:port" / "host" (port empty) without checking either part.
void split_host_port(std::string_view text, std::string_view& host, std::string_view& port) {
  port = {};
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) {
      host = text;
      return;
    }
    host = text.substr(1, close - 1);
    if (close + 1 < text.size() && text[close + 1] == ':') port = text.substr(close + 2);
    else if (close + 1 < text.size()) host = text;  // junk after ']': left for the caller to refuse
    return;
  }
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || text.find(':') != colon) {  // an IPv6 address needs its brackets
    host = text;
    return;
  }
  host = text.substr(0, colon);
  port = text.substr(colon + 1);
}

}  // namespace

Result<ListenAddress> parse_listen_address(std::string_view text, bool allow_remote, std::string_view what) {
  const std::string shown = std::string(what) + " \"" + std::string(text) + "\"";
  std::string_view host_part, port_part;
  split_host_port(text, host_part, port_part);
  int port = -1;
  const char* end = port_part.data() + port_part.size();
  if (port_part.empty() || port_part.size() > 5 || std::from_chars(port_part.data(), end, port).ptr != end ||
      port < 0 || port > 65535) {
    return make_error(ErrorCode::kInvalidArgument,
                      shown + ": expected HOST:PORT with a port 0..65535, e.g. \"127.0.0.1:8080\"");
  }
  ListenAddress out;
  out.host = host_part == "localhost" ? "127.0.0.1" : std::string(host_part);
  out.port = port;
  if (!is_ip_literal(out.host)) {
    return make_error(ErrorCode::kInvalidArgument,
                      shown + ": the host must be an IP address (\"127.0.0.1\", \"[::1]\") or \"localhost\"");
  }
  out.loopback = is_loopback_literal(out.host);
  if (!out.loopback && !allow_remote) {
    return make_error(ErrorCode::kPermissionDenied,
                      shown + " is not a loopback address: the kiosk screen shows receipt data and takes the "
                              "patient's actions, so only the kiosk's own browser may reach it. Use "
                              "127.0.0.1:PORT, or allow remote access explicitly (not for a kiosk in service)");
  }
  return out;
}

bool is_loopback_host_header(std::string_view host) {
  std::string_view name, port;
  split_host_port(host, name, port);
  if (name == "localhost") return true;
  return is_loopback_literal(std::string(name));
}

}  // namespace chainslip

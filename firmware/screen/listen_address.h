#pragma once

#include <string>
#include <string_view>

#include "core/util/result.h"

namespace chainslip {

// Where the kiosk screen listens: a literal address ("127.0.0.1", "::1";
// "localhost" means 127.0.0.1) and a port (0: an ephemeral one, for tests).
struct ListenAddress {
  std::string host;  // as the socket API takes it: "127.0.0.1", "::1"
  int port = 0;
  bool loopback = false;
};

// Parses "HOST:PORT" or "[V6]:PORT" (screen.listen, metrics.listen). A
// non-loopback address is refused unless allow_remote: the screen shows
// receipt data and takes the patient's actions, so only the kiosk's own
// browser may reach it (the metrics endpoint allows one set on purpose).
// `what` begins its error messages.
Result<ListenAddress> parse_listen_address(std::string_view text, bool allow_remote,
                                           std::string_view what = "screen listen address");

// True when an HTTP Host header names this machine's loopback interface
// ("127.0.0.1:8080", "localhost", "[::1]:8080"). Refusing other names stops
// DNS-rebinding pages in the kiosk's browser from reading the screen.
bool is_loopback_host_header(std::string_view host);

}  // namespace chainslip

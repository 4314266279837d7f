#pragma once

#include <string_view>

namespace chainslip {

// True when a request's Origin header names the site its Host header does:
// "http://" + host, a port of 80 written or not (an origin leaves it out).
// The kiosk screen refuses a POST whose Origin is another site (403, docs/
// SCREEN.md): a page from elsewhere in the kiosk's browser, or a sandboxed
// one ("null"). Browsers send Origin on every POST, so a POST without one is a
// same-machine tool (curl, a test), which could send any Origin it liked; the
// caller lets it through.
bool is_same_origin(std::string_view origin, std::string_view host);

}  // namespace chainslip

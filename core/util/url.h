#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"

namespace chainslip {

// An absolute URL as libcurl's URL API (curl_url) reads it, for parsers that
// must match URLs exactly (receipt codes, docs/PROTOCOL.md 6). Nothing here
// guesses: the scheme must be written, the path is kept as written.
struct UrlParts {
  std::string scheme;  // lowercase (curl lowercases it)
  // As curl reports it: case kept; IPv4 in any form curl accepts ("0x7f.1",
  // "2130706433") normalised to dotted decimal; IPv6 in brackets.
  std::string host;
  std::optional<std::uint16_t> port;  // only when written ("host:443"); "host:" is none
  std::string path;                   // as written: no dot-segment removal, not decoded
  std::optional<std::string> query;   // as written (still percent-encoded), without '?'
  std::string authority;              // the text between "//" and the path, as written
  bool has_userinfo = false;          // "user@", "user:pass@", even an empty "@"
  bool has_fragment = false;          // a '#', even with nothing after it
};

// Reads `text` with curl_url_set(CURLUPART_URL) and CURLU_PATH_AS_IS only: no
// guessed or default scheme, no scheme curl does not support, no spaces or
// control bytes. Also requires what curl forgives: "scheme://" then a
// non-empty authority ("https:/host" and "https:///host" are refused).
// kInvalidArgument with curl's reason otherwise.
Result<UrlParts> parse_url(std::string_view text);

// True for a host that is an IP address (a bracketed IPv6 literal, or only
// digits and dots), not a DNS name.
bool is_ip_literal(std::string_view host);

struct QueryParam {
  std::string name;
  std::string value;

  bool operator==(const QueryParam&) const = default;
};

// Splits a query as written on '&', each part at its first '=', and
// percent-decodes name and value with curl_easy_unescape. '+' stays '+'
// (this is not form encoding). kInvalidArgument for an empty part, a part
// without '=', or a '%' not followed by two hex digits.
Result<std::vector<QueryParam>> parse_query(std::string_view query);

// curl_easy_unescape of `text`, invalid escapes kept as written.
std::string percent_decode(std::string_view text);

// scheme://host[:port]path?n1=v1&n2=v2 built with curl_url; every name and
// value percent-encoded with curl_easy_escape (all but A-Z a-z 0-9 - . _ ~).
// port 0 writes none. kInvalidArgument when curl refuses a part.
Result<std::string> build_url(const std::string& scheme, const std::string& host, std::uint16_t port,
                              const std::string& path, const std::vector<QueryParam>& query);

}  // namespace chainslip

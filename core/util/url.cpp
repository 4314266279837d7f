#include "core/util/url.h"

#include <curl/curl.h>

#include <charconv>

#include "core/util/c_handle.h"

namespace chainslip {
namespace {

using CurlUrl = CHandle<CURLU, curl_url_cleanup>;
using CurlText = CHandle<char, curl_free>;

Error invalid(std::string message) { return make_error(ErrorCode::kInvalidArgument, std::move(message)); }

// One part of `url`, or nullopt when curl says it is absent.
std::optional<std::string> get_part(CURLU* url, CURLUPart part) {
  char* raw = nullptr;
  if (curl_url_get(url, part, &raw, 0) != CURLUE_OK || raw == nullptr) return std::nullopt;
  CurlText owned(raw);
  return std::string(owned.get());
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool valid_escapes(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') continue;
    if (i + 2 >= text.size()) return false;
    if (!is_hex(text[i + 1]) || !is_hex(text[i + 2])) return false;
    i += 2;
  }
  return true;
}

std::string escape(const std::string& text) {
  if (text.empty()) return text;  // a length of 0 would mean "up to the NUL"
  CurlText out(curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size())));
  return out ? std::string(out.get()) : std::string();
}

}  // namespace

Result<UrlParts> parse_url(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) return invalid("a NUL byte");
  CurlUrl url(curl_url());
  if (!url) return make_error(ErrorCode::kInternal, "curl_url: out of memory");
  const std::string owned(text);
  // No CURLU_GUESS_SCHEME, CURLU_DEFAULT_SCHEME or CURLU_NON_SUPPORT_SCHEME:
  // the scheme must be written and be one curl knows.
  if (const CURLUcode rc = curl_url_set(url.get(), CURLUPART_URL, owned.c_str(), CURLU_PATH_AS_IS);
      rc != CURLUE_OK) {
    return invalid(std::string("not a URL: ") + curl_url_strerror(rc));
  }
  UrlParts parts;
  parts.scheme = get_part(url.get(), CURLUPART_SCHEME).value_or("");
  parts.host = get_part(url.get(), CURLUPART_HOST).value_or("");
  parts.path = get_part(url.get(), CURLUPART_PATH).value_or("");
  parts.query = get_part(url.get(), CURLUPART_QUERY);
  parts.has_userinfo =
      get_part(url.get(), CURLUPART_USER).has_value() || get_part(url.get(), CURLUPART_PASSWORD).has_value();
  // curl drops an empty fragment ("…#"); the '#' is still there.
  parts.has_fragment = get_part(url.get(), CURLUPART_FRAGMENT).has_value() || text.find('#') != text.npos;
  if (auto port = get_part(url.get(), CURLUPART_PORT)) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port->data(), port->data() + port->size(), value);
    if (ec != std::errc() || end != port->data() + port->size() || value > 65535) {
      return invalid("not a URL: bad port " + *port);
    }
    parts.port = static_cast<std::uint16_t>(value);
  }
  // curl reads "https:/host" and "https:///host" as https://host.
  const std::size_t colon = text.find(':');
  if (colon == text.npos || text.substr(colon, 3) != "://" || colon + 3 >= text.size() ||
      text[colon + 3] == '/') {
    return invalid("not a URL: no scheme://authority");
  }
  const std::string_view rest = text.substr(colon + 3);
  parts.authority = std::string(rest.substr(0, rest.find_first_of("/?#")));
  return parts;
}

bool is_ip_literal(std::string_view host) {
  if (!host.empty() && host.front() == '[') return true;
  if (host.empty()) return false;
  for (char c : host) {
    if (c != '.' && (c < '0' || c > '9')) return false;
  }
  return true;
}

std::string percent_decode(std::string_view text) {
  // curl_easy_unescape reads a length of 0 as "up to the NUL".
  if (text.empty()) return std::string();
  int length = 0;
  CurlText out(curl_easy_unescape(nullptr, text.data(), static_cast<int>(text.size()), &length));
  if (!out) return std::string();
  return std::string(out.get(), static_cast<std::size_t>(length));
}

Result<std::vector<QueryParam>> parse_query(std::string_view query) {
  std::vector<QueryParam> params;
  std::size_t start = 0;
  while (true) {
    const std::size_t amp = query.find('&', start);
    const std::string_view part = query.substr(start, amp == query.npos ? query.npos : amp - start);
    if (part.empty()) return invalid("an empty query parameter");
    const std::size_t eq = part.find('=');
    if (eq == part.npos) return invalid("a query parameter without '='");
    if (!valid_escapes(part)) return invalid("a '%' not followed by two hex digits");
    params.push_back({percent_decode(part.substr(0, eq)), percent_decode(part.substr(eq + 1))});
    if (amp == query.npos) break;
    start = amp + 1;
  }
  return params;
}

Result<std::string> build_url(const std::string& scheme, const std::string& host, std::uint16_t port,
                              const std::string& path, const std::vector<QueryParam>& query) {
  CurlUrl url(curl_url());
  if (!url) return make_error(ErrorCode::kInternal, "curl_url: out of memory");
  std::string query_text;
  for (const auto& param : query) {
    if (!query_text.empty()) query_text += '&';
    query_text += escape(param.name) + "=" + escape(param.value);
  }
  const std::string port_text = std::to_string(port);
  struct Part {
    CURLUPart part;
    const char* text;
  };
  const Part parts[] = {{CURLUPART_SCHEME, scheme.c_str()},
                        {CURLUPART_HOST, host.c_str()},
                        {CURLUPART_PORT, port == 0 ? nullptr : port_text.c_str()},
                        {CURLUPART_PATH, path.c_str()},
                        {CURLUPART_QUERY, query.empty() ? nullptr : query_text.c_str()}};
  for (const auto& [part, text] : parts) {
    if (text == nullptr) continue;
    if (const CURLUcode rc = curl_url_set(url.get(), part, text, 0); rc != CURLUE_OK) {
      return invalid(std::string("cannot build the URL: ") + curl_url_strerror(rc));
    }
  }
  auto whole = get_part(url.get(), CURLUPART_URL);
  if (!whole) return invalid("cannot build the URL");
  return *whole;
}

}  // namespace chainslip

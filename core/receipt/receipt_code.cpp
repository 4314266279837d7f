// parse_receipt_code: a scanned text to the receipt it names, by the rules
// of docs/PROTOCOL.md 6.3. The URL itself is read by libcurl (core/util/url.h).
#include "core/receipt/receipt_code.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "core/receipt/money.h"
#include "core/util/url.h"

namespace chainslip {
namespace {

// The largest amount a receipt may carry: kMaxAmountFen of core/receipt/receipt.h
// (10^12 fen, 100 亿元), repeated so receipt codes do not depend on the model.
constexpr std::uint64_t kMaxCodeAmountFen = 1'000'000'000'000;

constexpr std::size_t kCodeDigits = 8;
constexpr std::size_t kNumberDigits = 10;
constexpr std::size_t kCheckCodeChars = 6;

struct FormParam {
  std::string_view name;
  bool platform;  // the platform's own: kept in platform_fields, not interpreted
};

constexpr std::array<FormParam, 4> kShortParams{{{"t", true}, {"a", true}, {"d", false}, {"s", true}}};
constexpr std::array<FormParam, 5> kDisplayPageParams{{{"invoice_code", false},
                                                       {"invoice_number", false},
                                                       {"check_code", false},
                                                       {"app_id", true},
                                                       {"security", true}}};

ReceiptCodeError refuse(ReceiptCodeRefusal refusal, std::string message) {
  return {refusal, std::move(message)};
}
ReceiptCodeError malformed(std::string message) {
  return refuse(ReceiptCodeRefusal::kMalformed, std::move(message));
}

// `text` for a message: printable ASCII as is, other bytes as \xNN, cut short.
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size() && i < 40; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out + (text.size() > 40 ? "...\"" : "\"");
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::uint16_t default_port(std::string_view scheme) { return scheme == "https" ? 443 : 80; }

bool matches(const UrlParts& url, const ReceiptCodePlatform& platform) {
  if (!equal_ignoring_case(url.scheme, platform.scheme)) return false;
  if (is_ip_literal(url.host) || !equal_ignoring_case(url.host, platform.host)) return false;
  const std::uint16_t want = platform.port != 0 ? platform.port : default_port(url.scheme);
  if (url.port.value_or(default_port(url.scheme)) != want) return false;
  return url.path == platform.path;
}

// Whether an unmatched URL's query is in a receipt form's shape: a `d` of
// five '_'-separated parts, or an invoice_code or invoice_number parameter.
bool looks_like_receipt_code(const std::optional<std::string>& query) {
  if (!query) return false;
  std::string_view rest = *query;
  while (true) {
    const std::size_t amp = rest.find('&');
    const std::string_view part = rest.substr(0, amp);
    const std::size_t eq = part.find('=');
    const std::string name = percent_decode(part.substr(0, eq));
    const std::string value = eq == part.npos ? std::string() : percent_decode(part.substr(eq + 1));
    if (name == "d" && std::count(value.begin(), value.end(), '_') == 4) return true;
    if (name == "invoice_code" || name == "invoice_number") return true;
    if (amp == rest.npos) return false;
    rest = rest.substr(amp + 1);
  }
}

bool all_digits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<ReceiptCodeError> check_digits(std::string_view value, std::size_t count,
                                             std::string_view what) {
  if (value.size() != count || !all_digits(value)) {
    return malformed(std::string(what) + ": " + std::to_string(count) + " digits, not " + quoted(value));
  }
  return std::nullopt;
}

std::optional<ReceiptCodeError> check_check_code(std::string_view value, std::string_view what) {
  bool ok = value.size() == kCheckCodeChars;
  for (char c : value) ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'));
  if (!ok) return malformed(std::string(what) + ": 6 of [0-9a-z], not " + quoted(value));
  return std::nullopt;
}

std::optional<ReceiptCodeError> check_platform_value(std::string_view name, std::string_view value) {
  bool ok = !value.empty() && value.size() <= kMaxPlatformFieldBytes;
  for (char c : value) ok = ok && c >= 0x21 && c <= 0x7e;
  if (!ok) {
    return malformed(std::string(name) + ": 1 to " + std::to_string(kMaxPlatformFieldBytes) +
                     " printable ASCII bytes, not " + quoted(value));
  }
  return std::nullopt;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == text.npos ? text.npos : end - start));
    if (end == text.npos) return parts;
    start = end + 1;
  }
}

// d = CODE_NUMBER_CHECK_AMOUNT_DATE, split after decoding.
std::optional<ReceiptCodeError> read_short_d(std::string_view d, ReceiptCode& code) {
  const auto parts = split(d, '_');
  if (parts.size() != 5) {
    return malformed("d: code_number_checkcode_amount_date (5 parts separated by '_'), not " + quoted(d));
  }
  if (auto e = check_digits(parts[0], kCodeDigits, "d's code")) return e;
  if (auto e = check_digits(parts[1], kNumberDigits, "d's number")) return e;
  if (auto e = check_check_code(parts[2], "d's check code")) return e;
  auto amount = parse_fixed_decimal(parts[3], kAmountDecimals, kMaxCodeAmountFen, "d's amount");
  if (!amount.ok()) return malformed(amount.error().message);
  auto date = parse_compact_date(parts[4], "d's issue date");
  if (!date.ok()) return malformed(date.error().message);
  code.code = std::string(parts[0]);
  code.number = std::string(parts[1]);
  code.check_code = std::string(parts[2]);
  code.amount_fen = *amount;
  code.issue_date = *date;
  return std::nullopt;
}

template <std::size_t N>
ReceiptCodeResult read_form(ReceiptCodeForm form, const std::array<FormParam, N>& spec,
                            const std::vector<QueryParam>& params) {
  std::array<std::optional<std::string>, N> values;
  for (const auto& param : params) {
    std::size_t i = 0;
    while (i < N && spec[i].name != param.name) ++i;
    if (i == N) return malformed("unknown parameter " + quoted(param.name));
    if (values[i]) return malformed("parameter " + quoted(param.name) + " given twice");
    values[i] = param.value;
  }
  ReceiptCode code;
  code.form = form;
  for (std::size_t i = 0; i < N; ++i) {
    if (!values[i]) return malformed("missing parameter \"" + std::string(spec[i].name) + "\"");
    const std::string& value = *values[i];
    const std::string_view name = spec[i].name;
    std::optional<ReceiptCodeError> error;
    if (spec[i].platform) {
      error = check_platform_value(name, value);
      code.platform_fields.emplace_back(name, value);
    } else if (name == "d") {
      error = read_short_d(value, code);
    } else if (name == "invoice_code") {
      error = check_digits(value, kCodeDigits, name);
      code.code = value;
    } else if (name == "invoice_number") {
      error = check_digits(value, kNumberDigits, name);
      code.number = value;
    } else {  // check_code
      error = check_check_code(value, name);
      code.check_code = value;
    }
    if (error) return *error;
  }
  return code;
}

}  // namespace

ReceiptCodeResult parse_receipt_code(std::string_view text,
                                     const std::vector<ReceiptCodePlatform>& platforms) {
  if (text.size() > kMaxReceiptCodeBytes) {
    return refuse(ReceiptCodeRefusal::kNotAReceiptCode,
                  "longer than " + std::to_string(kMaxReceiptCodeBytes) + " bytes");
  }
  auto url = parse_url(text);
  if (!url.ok()) return refuse(ReceiptCodeRefusal::kNotAReceiptCode, url.error().message);
  if (url->scheme != "https" && url->scheme != "http") {
    return refuse(ReceiptCodeRefusal::kNotAReceiptCode, "not an http or https URL");
  }
  const ReceiptCodePlatform* platform = nullptr;
  for (const auto& candidate : platforms) {
    if (matches(*url, candidate)) {
      platform = &candidate;
      break;
    }
  }
  if (platform == nullptr) {
    if (!looks_like_receipt_code(url->query)) {
      return refuse(ReceiptCodeRefusal::kNotAReceiptCode, "a URL of no receipt form");
    }
    return refuse(ReceiptCodeRefusal::kUnknownPlatform,
                  "a receipt code of a platform this kiosk does not know: " +
                      quoted(url->scheme + "://" + url->authority + url->path));
  }
  if (url->has_userinfo) return malformed("user info (\"user@\") before the host");
  if (url->authority.find('%') != std::string::npos) return malformed("a percent-encoded host or port");
  if (url->has_fragment) return malformed("a fragment (\"#\")");
  if (!url->query) return malformed("no query");
  auto params = parse_query(*url->query);
  if (!params.ok()) return malformed("query: " + params.error().message);
  if (platform->form == ReceiptCodeForm::kShort) return read_form(platform->form, kShortParams, *params);
  return read_form(platform->form, kDisplayPageParams, *params);
}

}  // namespace chainslip

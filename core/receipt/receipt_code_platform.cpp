// The receipt-code forms' and refusals' names, and the platform allow-list:
// its default and what an entry may be (docs/PROTOCOL.md 6.2).
#include <string>

#include "core/receipt/receipt_code.h"
#include "core/util/name_table.h"
#include "core/util/url.h"

namespace chainslip {
namespace {

constexpr NameTable<ReceiptCodeForm, 2> kFormNames{{
    {ReceiptCodeForm::kShort, "short"},
    {ReceiptCodeForm::kDisplayPage, "display-page"},
}};

constexpr NameTable<ReceiptCodeRefusal, 3> kRefusalNames{{
    {ReceiptCodeRefusal::kNotAReceiptCode, "not_a_receipt_code"},
    {ReceiptCodeRefusal::kUnknownPlatform, "unknown_platform"},
    {ReceiptCodeRefusal::kMalformed, "malformed"},
}};

constexpr const char* kNationalHost = "www.chinaebill.cn";
constexpr const char* kShortPath = "/eips-wxapp-service/d";
constexpr const char* kDisplayPagePath = "/eips-wxapp-service/H5FinanceDisplay/showInvoice";

Error invalid(std::string message) { return make_error(ErrorCode::kInvalidArgument, std::move(message)); }

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool is_path_char(char c) {
  return is_lower_alnum(c) || (c >= 'A' && c <= 'Z') || c == '-' || c == '.' || c == '_' || c == '~' ||
         c == '/';
}

Status check_host(std::string_view host) {
  if (host.empty() || host.size() > 253) return invalid("platform host: 1 to 253 bytes");
  if (is_ip_literal(host)) return invalid("platform host: a DNS name, not an IP address");
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = host.find('.', start);
    const std::string_view label = host.substr(start, dot == host.npos ? host.npos : dot - start);
    if (label.empty() || label.size() > 63) return invalid("platform host: a label of 1 to 63 bytes");
    if (label.front() == '-' || label.back() == '-')
      return invalid("platform host: a label starts or ends with '-'");
    for (char c : label) {
      if (!is_lower_alnum(c) && c != '-')
        return invalid("platform host: lowercase letters, digits, '-' and '.'");
    }
    if (dot == host.npos) return {};
    start = dot + 1;
  }
}

Status check_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return invalid("platform path: must start with '/'");
  for (char c : path) {
    if (!is_path_char(c)) return invalid("platform path: only A-Z a-z 0-9 - . _ ~ /");
  }
  std::size_t start = 1;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::string_view segment = path.substr(start, slash == path.npos ? path.npos : slash - start);
    if (segment == "." || segment == "..") return invalid("platform path: a '.' or '..' segment");
    if (slash == path.npos) break;
    start = slash + 1;
  }
  return {};
}

}  // namespace

std::string_view receipt_code_form_name(ReceiptCodeForm form) {
  return name_in(kFormNames, form).value_or("?");
}

Result<ReceiptCodeForm> parse_receipt_code_form(std::string_view name) {
  if (auto form = value_in(kFormNames, name)) return *form;
  return invalid("receipt code form: \"short\" or \"display-page\", not \"" + std::string(name) + "\"");
}

std::string_view receipt_code_refusal_name(ReceiptCodeRefusal refusal) {
  return name_in(kRefusalNames, refusal).value_or("?");
}

std::vector<ReceiptCodePlatform> default_receipt_code_platforms() {
  std::vector<ReceiptCodePlatform> platforms;
  for (const char* scheme : {"https", "http"}) {
    platforms.push_back({scheme, kNationalHost, 0, kShortPath, ReceiptCodeForm::kShort});
    platforms.push_back({scheme, kNationalHost, 0, kDisplayPagePath, ReceiptCodeForm::kDisplayPage});
  }
  return platforms;
}

Status check_receipt_code_platform(const ReceiptCodePlatform& platform) {
  if (platform.scheme != "https" && platform.scheme != "http") {
    return invalid("platform scheme: \"https\" or \"http\", not \"" + platform.scheme + "\"");
  }
  CS_RETURN_IF_ERROR(check_host(platform.host));
  return check_path(platform.path);
}

Result<ReceiptCodePlatform> parse_receipt_code_platform(std::string_view entry) {
  const std::size_t space = entry.find(' ');
  if (space == std::string_view::npos) {
    return invalid("receipt code platform \"" + std::string(entry.substr(0, 80)) +
                   "\": write the form, a space and the URL, e.g. \"short "
                   "https://www.chinaebill.cn/eips-wxapp-service/d\"");
  }
  CS_ASSIGN_OR_RETURN(ReceiptCodeForm form, parse_receipt_code_form(entry.substr(0, space)));
  const std::string_view url = entry.substr(space + 1);
  auto parts = parse_url(url);
  if (!parts.ok())
    return invalid("receipt code platform URL \"" + std::string(url.substr(0, 80)) +
                   "\": " + parts.error().message);
  if (parts->has_userinfo || parts->has_fragment || parts->query) {
    return invalid("receipt code platform URL \"" + std::string(url.substr(0, 80)) +
                   "\": scheme, host, port and path only (no user, query or fragment)");
  }
  ReceiptCodePlatform p;
  p.scheme = parts->scheme;
  p.host = parts->host;
  p.port = parts->port.value_or(0);
  p.path = parts->path;
  p.form = form;
  CS_RETURN_IF_ERROR(check_receipt_code_platform(p));
  return p;
}

std::string receipt_code_platform_text(const ReceiptCodePlatform& p) {
  return std::string(receipt_code_form_name(p.form)) + " " + p.scheme + "://" + p.host +
         (p.port != 0 ? ":" + std::to_string(p.port) : "") + p.path;
}

}  // namespace chainslip

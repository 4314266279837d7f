#include "drivers/transport/printer_address.h"

#include <algorithm>
#include <charconv>

namespace chainslip {
namespace {

constexpr std::size_t kMaxText = 4096 + 3;  // "lp:" and a PATH_MAX path
constexpr std::size_t kMaxQuoted = 80;
constexpr std::size_t kMaxSerial = 126;  // a USB string descriptor's limit
constexpr std::string_view kForms =
    "expected usb, usb:VVVV:PPPP[:SERIAL] (hex ids as lsusb prints them), tcp:HOST[:PORT] "
    "or lp:/dev/usb/lpN";

// The input as an operator would recognise it, bounded and printable.
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text.substr(0, kMaxQuoted)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  if (text.size() > kMaxQuoted) out += "...";
  return out + "\"";
}

Error bad(std::string_view text, std::string_view why) {
  return make_error(ErrorCode::kInvalidArgument,
                    "printer address " + quoted(text) + ": " + std::string(why) + "; " + std::string(kForms));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::optional<std::uint16_t> parse_hex4(std::string_view s) {
  if (s.size() != 4) return std::nullopt;
  std::uint16_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value, 16);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

Result<PrinterAddress> parse_usb(std::string_view text, std::string_view rest) {
  if (rest.empty()) return PrinterAddress(UsbPrinterAddress{});
  const std::size_t colon = rest.find(':');
  if (colon == std::string_view::npos)
    return bad(text, "a vendor id needs a product id after it (usb:VVVV:PPPP)");
  const std::string_view vendor = rest.substr(0, colon);
  rest.remove_prefix(colon + 1);
  const std::size_t colon2 = rest.find(':');
  const std::string_view product = rest.substr(0, colon2);
  const auto vid = parse_hex4(vendor);
  const auto pid = parse_hex4(product);
  if (!vid) return bad(text, "vendor id " + quoted(vendor) + " is not 4 hex digits");
  if (!pid) return bad(text, "product id " + quoted(product) + " is not 4 hex digits");
  UsbPrinterAddress address{UsbPrinterAddress::Id{*vid, *pid}, {}};
  if (colon2 == std::string_view::npos) return PrinterAddress(address);
  const std::string_view serial = rest.substr(colon2 + 1);
  if (serial.empty()) return bad(text, "the serial number after the last ':' is empty");
  if (serial.size() > kMaxSerial) return bad(text, "the serial number is longer than USB allows (126)");
  address.serial = serial;
  return PrinterAddress(address);
}

// Dotted-quad IPv4 with no leading zeros (inet_aton would read 010 as octal).
bool is_ipv4(std::string_view s) {
  int parts = 0;
  while (true) {
    const std::size_t dot = s.find('.');
    const std::string_view part = s.substr(0, dot);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return false;
    int value = 0;
    for (char c : part) value = value * 10 + (c - '0');
    if (value > 255) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    s.remove_prefix(dot + 1);
  }
  return parts == 4;
}

// RFC 1123 host name: dot-separated labels of letters, digits and '-'.
bool is_host_name(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  while (true) {
    const std::size_t dot = s.find('.');
    const std::string_view label = s.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    const bool valid = std::all_of(label.begin(), label.end(), [](char c) {
      return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
    });
    if (!valid) return false;
    if (dot == std::string_view::npos) return true;
    s.remove_prefix(dot + 1);
  }
}

Result<PrinterAddress> parse_tcp(std::string_view text, std::string_view rest) {
  if (rest.empty()) return bad(text, "the host is missing (tcp:HOST[:PORT])");
  if (rest.front() == '[' || std::count(rest.begin(), rest.end(), ':') > 1) {
    return bad(text, "IPv6 addresses are not supported, use an IPv4 address or a host name");
  }
  const std::size_t colon = rest.find(':');
  const std::string_view host = rest.substr(0, colon);
  const bool numeric = std::all_of(host.begin(), host.end(), [](char c) { return is_digit(c) || c == '.'; });
  if (host.empty()) return bad(text, "the host is missing (tcp:HOST[:PORT])");
  if (numeric ? !is_ipv4(host) : !is_host_name(host)) {
    return bad(text, quoted(host) + (numeric ? " is not an IPv4 address (a.b.c.d, each 0-255)"
                                             : " is not a valid host name"));
  }
  TcpPrinterAddress address{std::string(host), 9100};
  if (colon == std::string_view::npos) return PrinterAddress(address);
  const std::string_view port = rest.substr(colon + 1);
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), is_digit) ||
      ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
    return bad(text, "port " + quoted(port) + " is not a number from 1 to 65535");
  }
  address.port = static_cast<std::uint16_t>(value);
  return PrinterAddress(address);
}

Result<PrinterAddress> parse_lp(std::string_view text, std::string_view rest) {
  if (rest.empty() || rest.front() != '/')
    return bad(text, "the device path must be absolute (lp:/dev/usb/lp0)");
  if (rest.back() == '/') return bad(text, "the device path names a directory, not a device");
  return PrinterAddress(LpPrinterAddress{std::string(rest)});
}

}  // namespace

Result<PrinterAddress> parse_printer_address(std::string_view text) {
  if (text.empty()) return bad(text, "empty");
  if (text.size() > kMaxText) return bad(text, "longer than " + std::to_string(kMaxText) + " characters");
  const auto odd = std::find_if(text.begin(), text.end(), [](char c) { return c <= 0x20 || c >= 0x7f; });
  if (odd != text.end()) {
    return bad(text, "space, control or non-ASCII character at offset " + std::to_string(odd - text.begin()));
  }
  const std::size_t colon = text.find(':');
  const std::string_view kind = text.substr(0, colon);
  const std::string_view rest = colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
  if (colon != std::string_view::npos && rest.empty()) return bad(text, "nothing after ':'");
  if (kind == "usb") return parse_usb(text, rest);
  if (kind == "tcp") return parse_tcp(text, rest);
  if (kind == "lp") return parse_lp(text, rest);
  return bad(text, "unknown kind " + quoted(kind) + " (the kinds are lower case)");
}

}  // namespace chainslip

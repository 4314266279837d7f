#include "firmware/config/kiosk_config.h"

#include <toml++/toml.h>

#include <functional>
#include <map>
#include <sstream>

#include "core/util/file_io.h"
#include "drivers/scanner/serial/serial_code_scanner.h"

namespace chainslip {
namespace {

constexpr std::size_t kMaxConfigBytes = 64 * 1024;

std::string where(const std::string& source, const toml::source_region& region, const std::string& key) {
  std::ostringstream out;
  out << source << ":" << region.begin.line << ":" << region.begin.column << ": " << key;
  return out.str();
}

Error bad(const std::string& source, const toml::node& node, const std::string& key,
          const std::string& what) {
  return make_error(ErrorCode::kInvalidArgument, where(source, node.source(), key) + ": " + what);
}

// One setter per key: reads the node into the config, or says what is wrong.
using Setter = std::function<Status(const toml::node&)>;

Setter text(const std::string& source, const std::string& key, std::string& out) {
  return [&source, key, &out](const toml::node& n) -> Status {
    const auto* v = n.as_string();
    if (v == nullptr) return bad(source, n, key, "must be a string");
    out = v->get();
    return {};
  };
}

Setter choice(const std::string& source, const std::string& key, std::string& out,
              std::vector<std::string> allowed) {
  return [&source, key, &out, allowed](const toml::node& n) -> Status {
    const auto* v = n.as_string();
    std::string joined;
    for (const auto& a : allowed) joined += (joined.empty() ? "" : ", ") + a;
    if (v == nullptr) return bad(source, n, key, "must be one of " + joined);
    for (const auto& a : allowed) {
      if (v->get() == a) {
        out = a;
        return {};
      }
    }
    return bad(source, n, key, "\"" + v->get() + "\" is not one of " + joined);
  };
}

Setter flag(const std::string& source, const std::string& key, bool& out) {
  return [&source, key, &out](const toml::node& n) -> Status {
    const auto* v = n.as_boolean();
    if (v == nullptr) return bad(source, n, key, "must be true or false");
    out = v->get();
    return {};
  };
}

Setter number(const std::string& source, const std::string& key, std::uint32_t& out, std::int64_t min,
              std::int64_t max) {
  return [&source, key, &out, min, max](const toml::node& n) -> Status {
    const auto* v = n.as_integer();
    if (v == nullptr || v->get() < min || v->get() > max) {
      return bad(source, n, key,
                 "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    }
    out = static_cast<std::uint32_t>(v->get());
    return {};
  };
}

Setter text_list(const std::string& source, const std::string& key, std::vector<std::string>& out) {
  return [&source, key, &out](const toml::node& n) -> Status {
    const auto* arr = n.as_array();
    if (arr == nullptr || arr->empty()) return bad(source, n, key, "must be a non-empty list of strings");
    std::vector<std::string> items;
    for (const toml::node& item : *arr) {
      const auto* s = item.as_string();
      if (s == nullptr) return bad(source, item, key, "must be a list of strings");
      items.push_back(s->get());
    }
    out = std::move(items);
    return {};
  };
}

// Node base URLs: the node client speaks HTTP(S) only.
Setter url_list(const std::string& source, const std::string& key, std::vector<std::string>& out) {
  return [&source, key, &out, list = text_list(source, key, out)](const toml::node& n) -> Status {
    CS_RETURN_IF_ERROR(list(n));
    for (const toml::node& item : *n.as_array()) {
      const std::string& url = item.as_string()->get();
      if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
        return bad(source, item, key, "\"" + url + "\" is not an http:// or https:// URL");
      }
    }
    return {};
  };
}

Status check_digits(const std::string& source, const std::string& value, std::size_t n,
                    const std::string& key) {
  bool ok = value.size() == n;
  for (char c : value) ok = ok && c >= '0' && c <= '9';
  if (!ok) {
    return make_error(ErrorCode::kInvalidArgument, source + ": " + key + " must be " + std::to_string(n) +
                                                       " digits, not \"" + value + "\"");
  }
  return {};
}

// A phone number as a patient dials it: digits, with spaces, '-', '+', '(' or ')'.
Status check_phone(const std::string& source, const std::string& value) {
  bool ok = value.size() <= 32;
  for (char c : value) ok = ok && ((c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '+' || c == '(' || c == ')');
  if (!ok) {
    return make_error(ErrorCode::kInvalidArgument,
                      source + ": screen.help_phone must be a phone number (digits, spaces, - + ( ), at most 32), not \"" +
                          value + "\"");
  }
  return {};
}

}  // namespace

Result<KioskConfig> parse_kiosk_config(std::string_view toml_text, const std::string& source_name) {
  if (toml_text.size() > kMaxConfigBytes) {
    return make_error(ErrorCode::kInvalidArgument, source_name + ": config larger than 64 KiB");
  }
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    return make_error(ErrorCode::kInvalidArgument,
                      where(source_name, e.source(), "syntax") + ": " + std::string(e.description()));
  }

  KioskConfig c;
  const std::string& s = source_name;
  const std::map<std::string, std::map<std::string, Setter>> schema = {
      {"kiosk",
       {{"id", text(s, "kiosk.id", c.kiosk.id)},
        {"paper_code", text(s, "kiosk.paper_code", c.kiosk.paper_code)},
        {"data_dir", text(s, "kiosk.data_dir", c.kiosk.data_dir)},
        {"mask_payer", flag(s, "kiosk.mask_payer", c.kiosk.mask_payer)},
        {"retention_days", number(s, "kiosk.retention_days", c.kiosk.retention_days, 1, 3650)},
        {"idle_timeout_s", number(s, "kiosk.idle_timeout_s", c.kiosk.idle_timeout_s, 5, 3600)},
        {"stop_drain_s", number(s, "kiosk.stop_drain_s", c.kiosk.stop_drain_s, 0, 300)}}},
      {"chain",
       {{"anchor", text(s, "chain.anchor", c.chain.anchor)},
        {"nodes", url_list(s, "chain.nodes", c.chain.nodes)},
        {"ca_file", text(s, "chain.ca_file", c.chain.ca_file)},
        {"client_cert", text(s, "chain.client_cert", c.chain.client_cert)},
        {"client_key", text(s, "chain.client_key", c.chain.client_key)},
        {"request_timeout_ms",
         number(s, "chain.request_timeout_ms", c.chain.request_timeout_ms, 100, 120000)},
        {"inclusion_timeout_s", number(s, "chain.inclusion_timeout_s", c.chain.inclusion_timeout_s, 1, 3600)},
        {"inclusion_poll_ms", number(s, "chain.inclusion_poll_ms", c.chain.inclusion_poll_ms, 50, 60000)}}},
      {"device", {{"identity", text(s, "device.identity", c.device.identity)}}},
      {"printer",
       {{"address", text(s, "printer.address", c.printer.address)},
        {"profile", text(s, "printer.profile", c.printer.profile)},
        {"layout", choice(s, "printer.layout", c.printer.layout, {"text", "raster"})},
        {"payer_name", choice(s, "printer.payer_name", c.printer.payer_name, {"full", "masked"})},
        {"english", flag(s, "printer.english", c.printer.english)}}},
      {"receipt_codes", {{"platforms", text_list(s, "receipt_codes.platforms", c.receipt_codes.platforms)}}},
      {"scanner",
       {{"kind", choice(s, "scanner.kind", c.scanner.kind, {"camera", "evdev", "hidraw", "serial"})},
        {"device", text(s, "scanner.device", c.scanner.device)},
        {"baud", number(s, "scanner.baud", c.scanner.baud, 1200, 115200)},
        {"decoder", choice(s, "scanner.decoder", c.scanner.decoder, {"zbar", "zxing", "zxing+zbar"})}}},
      {"screen",
       {{"listen", text(s, "screen.listen", c.screen.listen)},
        {"assets", text(s, "screen.assets", c.screen.assets)},
        {"voice", flag(s, "screen.voice", c.screen.voice)},
        {"voice_volume", number(s, "screen.voice_volume", c.screen.voice_volume, 0, 100)},
        {"voice_dir", text(s, "screen.voice_dir", c.screen.voice_dir)},
        {"hospital_name", text(s, "screen.hospital_name", c.screen.hospital_name)},
        {"help_phone", text(s, "screen.help_phone", c.screen.help_phone)}}},
      {"metrics", {{"listen", text(s, "metrics.listen", c.metrics.listen)}}},
      {"log", {{"level", choice(s, "log.level", c.log.level, {"debug", "info", "warning", "error"})}}},
  };

  for (const auto& [table_name, node] : root) {
    const std::string name(table_name.str());
    const auto section = schema.find(name);
    if (section == schema.end()) return bad(s, node, name, "unknown table");
    const auto* table = node.as_table();
    if (table == nullptr) return bad(s, node, name, "must be a table ([" + name + "])");
    for (const auto& [key_name, value] : *table) {
      const std::string key(key_name.str());
      const auto setter = section->second.find(key);
      if (setter == section->second.end()) return bad(s, value, name + "." + key, "unknown key");
      CS_RETURN_IF_ERROR(setter->second(value));
    }
  }

  // What only the site knows has no default.
  for (const auto& [key, unset] : {std::pair{"kiosk.id", c.kiosk.id.empty()},
                                   std::pair{"kiosk.paper_code", c.kiosk.paper_code.empty()},
                                   std::pair{"chain.nodes", c.chain.nodes.empty()}}) {
    if (unset) {
      return make_error(ErrorCode::kInvalidArgument,
                        s + ": " + key + " is not set; it has no default (docs/CONFIG.md)");
    }
  }
  CS_RETURN_IF_ERROR(check_digits(s, c.kiosk.paper_code, 8, "kiosk.paper_code"));
  if (!is_serial_baud(c.scanner.baud)) {
    return make_error(ErrorCode::kInvalidArgument,
                      s + ": scanner.baud " + std::to_string(c.scanner.baud) +
                          " is not a serial line speed (" + serial_bauds_text() + ")");
  }
  if (c.kiosk.id.size() > 64) {
    return make_error(ErrorCode::kInvalidArgument, s + ": kiosk.id must be 1 to 64 characters");
  }
  if (c.chain.client_cert.empty() != c.chain.client_key.empty()) {
    return make_error(ErrorCode::kInvalidArgument,
                      s + ": chain.client_cert and chain.client_key go together (mutual TLS needs both)");
  }
  for (const std::string& entry : c.receipt_codes.platforms) {
    if (auto p = parse_receipt_code_platform(entry); !p.ok()) {
      return make_error(ErrorCode::kInvalidArgument, s + ": receipt_codes.platforms: " + p.error().message);
    }
  }
  if (c.screen.hospital_name.size() > 120) {
    return make_error(ErrorCode::kInvalidArgument, s + ": screen.hospital_name must be at most 120 bytes");
  }
  CS_RETURN_IF_ERROR(check_phone(s, c.screen.help_phone));
  return c;
}

std::vector<std::string> default_platform_entries() {
  std::vector<std::string> out;
  for (const ReceiptCodePlatform& p : default_receipt_code_platforms())
    out.push_back(receipt_code_platform_text(p));
  return out;
}

std::vector<ReceiptCodePlatform> KioskConfig::receipt_code_platforms() const {
  std::vector<ReceiptCodePlatform> out;
  for (const std::string& entry : receipt_codes.platforms) {
    if (auto p = parse_receipt_code_platform(entry); p.ok()) out.push_back(*p);
  }
  return out;
}

Result<KioskConfig> load_kiosk_config(const std::string& path) {
  CS_ASSIGN_OR_RETURN(std::string text, read_file(path, kMaxConfigBytes));
  return parse_kiosk_config(text, path);
}

}  // namespace chainslip

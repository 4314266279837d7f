#include "core/util/strict_json.h"

#include <limits>
#include <vector>

#include "core/text/utf8.h"

namespace chainslip {
namespace {

// The largest integer any of our JSON fields holds (PROTOCOL 4.1): 2^63 - 1,
// so that every integer also fits a signed 64-bit column or variable.
constexpr std::uint64_t kMaxJsonInteger = std::numeric_limits<std::int64_t>::max();

}  // namespace

// Beyond what the header says, a UTF-8 byte order mark at the start is
// refused (PROTOCOL 4.1).
Result<Json> parse_strict_json(std::string_view text) {
  if (text.size() > kMaxJsonBytes) {
    return make_error(ErrorCode::kInvalidArgument,
                      "JSON document is " + std::to_string(text.size()) + " bytes, over the limit of " +
                          std::to_string(kMaxJsonBytes));
  }
  // nlohmann skips a UTF-8 byte order mark at the start; RFC 8259 forbids
  // sending one, and PROTOCOL 4.1 refuses it rather than guess an encoding.
  if (text.starts_with("\xEF\xBB\xBF")) {
    return make_error(ErrorCode::kInvalidArgument, "malformed JSON: starts with a UTF-8 byte order mark");
  }
  // nlohmann's lexer takes a NUL byte for the end of the input and ignores
  // whatever follows it. JSON text never holds a raw NUL (in a string it must
  // be escaped), so refuse it rather than accept trailing bytes.
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    return make_error(ErrorCode::kInvalidArgument,
                      "malformed JSON: NUL byte at offset " + std::to_string(nul));
  }
  // nlohmann keeps the last of duplicate keys silently; a signed document with
  // two "amount_fen" fields must be rejected instead, so track keys per object.
  std::vector<std::set<std::string>> open_objects;
  std::string duplicate;
  bool too_deep = false;
  auto callback = [&](int depth, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start:
        // `depth` counts the containers around this one. Past the limit the
        // container is discarded, so nothing deep is ever built.
        if (depth >= kMaxJsonDepth) {
          too_deep = true;
          return false;
        }
        if (event == Json::parse_event_t::object_start) open_objects.emplace_back();
        break;
      case Json::parse_event_t::object_end:
        open_objects.pop_back();
        break;
      case Json::parse_event_t::key:
        // Keys of a discarded object are reported too, but it has no set.
        if (too_deep) break;
        if (!open_objects.back().insert(parsed.get<std::string>()).second && duplicate.empty()) {
          duplicate = parsed.get<std::string>();
        }
        break;
      default:
        break;
    }
    return true;
  };
  try {
    Json doc = Json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/true,
                           /*ignore_comments=*/false);
    if (too_deep) {
      return make_error(ErrorCode::kInvalidArgument,
                        "JSON arrays and objects nested more than " + std::to_string(kMaxJsonDepth) + " deep");
    }
    if (!duplicate.empty()) {
      return make_error(ErrorCode::kInvalidArgument, "duplicate JSON key \"" + duplicate + "\"");
    }
    return doc;
  } catch (const Json::exception& e) {
    // Not only parse_error: a number too large for a double ("1e400") is an
    // out_of_range thrown from inside the parser.
    // what() quotes the input near the error, which may be invalid UTF-8;
    // error messages end up in JSON output and logs, so escape such bytes.
    std::string what = e.what();
    if (!is_printable_utf8(what)) {
      static constexpr char kDigits[] = "0123456789abcdef";
      std::string escaped;
      for (char ch : what) {
        auto c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c < 0x7f) {
          escaped.push_back(ch);
        } else {
          escaped += "\\x";
          escaped.push_back(kDigits[c >> 4]);
          escaped.push_back(kDigits[c & 0x0f]);
        }
      }
      what = std::move(escaped);
    }
    return make_error(ErrorCode::kInvalidArgument, "malformed JSON: " + what);
  }
}

namespace {

// Code points a screen or a printer would not show as what they are
// (docs/PROTOCOL.md 2): the controls (Cc), every format character (Cf, as
// of Unicode 15: bidi marks and overrides, zero-width characters, the BOM,
// soft hyphen, tags) and the line and paragraph separators (Zl, Zp). One of
// them in a payer's or issuer's name could make the screen or the paper say
// something the signed bytes do not.
struct CodePointRange {
  char32_t first;
  char32_t last;
};
constexpr CodePointRange kNotDisplayable[] = {
    {0x0000, 0x001F},   {0x007F, 0x009F},   {0x00AD, 0x00AD},   {0x0600, 0x0605},   {0x061C, 0x061C},
    {0x06DD, 0x06DD},   {0x070F, 0x070F},   {0x0890, 0x0891},   {0x08E2, 0x08E2},   {0x180E, 0x180E},
    {0x200B, 0x200F},   {0x2028, 0x202E},   {0x2060, 0x2064},   {0x2066, 0x206F},   {0xFEFF, 0xFEFF},
    {0xFFF9, 0xFFFB},   {0x110BD, 0x110BD}, {0x110CD, 0x110CD}, {0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3},
    {0x1D173, 0x1D17A}, {0xE0001, 0xE0001}, {0xE0020, 0xE007F},
};

bool displayable(char32_t cp) {
  for (const CodePointRange& r : kNotDisplayable) {
    if (cp < r.first) return true;  // the table is sorted
    if (cp <= r.last) return false;
  }
  return true;
}

}  // namespace

bool is_printable_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const Utf8Char c = utf8_char_at(text, i);
    if (!c.valid || !displayable(c.cp)) return false;
    i += c.bytes.size();
  }
  return true;
}

Result<FieldReader> FieldReader::open(const Json& value, std::string where) {
  if (!value.is_object()) {
    return make_error(ErrorCode::kInvalidArgument, where + ": expected a JSON object");
  }
  return FieldReader(value, std::move(where));
}

bool FieldReader::has(const char* key) const { return obj_->contains(key); }

Result<const Json*> FieldReader::field(const char* key) {
  auto it = obj_->find(key);
  if (it == obj_->end()) {
    return make_error(ErrorCode::kInvalidArgument, path(key) + ": missing");
  }
  read_.insert(key);
  return &*it;
}

Result<std::string> FieldReader::text(const char* key, std::size_t min_len, std::size_t max_len) {
  CS_ASSIGN_OR_RETURN(const Json* v, field(key));
  if (!v->is_string()) {
    return make_error(ErrorCode::kInvalidArgument, path(key) + ": expected a string");
  }
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() < min_len || s.size() > max_len) {
    return make_error(ErrorCode::kInvalidArgument,
                      path(key) + ": length " + std::to_string(s.size()) + " bytes is outside " +
                          std::to_string(min_len) + ".." + std::to_string(max_len));
  }
  if (!is_printable_utf8(s)) {
    return make_error(ErrorCode::kInvalidArgument,
                      path(key) + ": must be UTF-8 text without control, invisible format or line separator characters");
  }
  return s;
}

// A JSON integer 0..2^63-1 (PROTOCOL 4.1): no sign, fraction or exponent.
Result<std::uint64_t> FieldReader::u64(const char* key) {
  CS_ASSIGN_OR_RETURN(const Json* v, field(key));
  // Money and heights are integers: 12.0, "12", -1, -0 and 1e3 are all
  // refused. 2^64 and above arrive as floating point and are refused too.
  if (!v->is_number_unsigned() || v->get<std::uint64_t>() > kMaxJsonInteger) {
    return make_error(ErrorCode::kInvalidArgument,
                      path(key) + ": expected an integer 0.." + std::to_string(kMaxJsonInteger) + ", got " +
                          v->dump());
  }
  return v->get<std::uint64_t>();
}

Result<std::uint64_t> FieldReader::u64(const char* key, std::uint64_t min, std::uint64_t max) {
  CS_ASSIGN_OR_RETURN(std::uint64_t v, u64(key));
  if (v < min || v > max) {
    return make_error(ErrorCode::kInvalidArgument, path(key) + ": " + std::to_string(v) +
                                                       " is outside " + std::to_string(min) + ".." +
                                                       std::to_string(max));
  }
  return v;
}

Result<bool> FieldReader::boolean(const char* key) {
  CS_ASSIGN_OR_RETURN(const Json* v, field(key));
  if (!v->is_boolean()) {
    return make_error(ErrorCode::kInvalidArgument, path(key) + ": expected true or false, got " + v->dump());
  }
  return v->get<bool>();
}

Result<Bytes> FieldReader::hex(const char* key, std::size_t min_len, std::size_t max_len) {
  CS_ASSIGN_OR_RETURN(const Json* v, field(key));
  if (!v->is_string()) {
    return make_error(ErrorCode::kInvalidArgument, path(key) + ": expected a hex string");
  }
  auto bytes = from_hex(v->get_ref<const std::string&>());
  if (!bytes.ok()) {
    return make_error(ErrorCode::kInvalidArgument, path(key) + ": " + bytes.error().message);
  }
  if (bytes->size() < min_len || bytes->size() > max_len) {
    return make_error(ErrorCode::kInvalidArgument,
                      path(key) + ": " + std::to_string(bytes->size()) + " bytes is outside " +
                          std::to_string(min_len) + ".." + std::to_string(max_len));
  }
  return std::move(bytes).value();
}

Result<Digest> FieldReader::digest(const char* key) {
  CS_ASSIGN_OR_RETURN(Bytes raw, hex(key, 32, 32));
  Digest d;
  std::copy(raw.begin(), raw.end(), d.begin());
  return d;
}

Result<const Json*> FieldReader::object(const char* key) {
  CS_ASSIGN_OR_RETURN(const Json* v, field(key));
  if (!v->is_object()) {
    return make_error(ErrorCode::kInvalidArgument, path(key) + ": expected an object");
  }
  return v;
}

Result<const Json*> FieldReader::object_or_null(const char* key) {
  CS_ASSIGN_OR_RETURN(const Json* v, field(key));
  if (v->is_null()) return static_cast<const Json*>(nullptr);
  if (!v->is_object()) {
    return make_error(ErrorCode::kInvalidArgument, path(key) + ": expected an object or null");
  }
  return v;
}

Result<const Json*> FieldReader::array(const char* key, std::size_t max_items) {
  CS_ASSIGN_OR_RETURN(const Json* v, field(key));
  if (!v->is_array()) {
    return make_error(ErrorCode::kInvalidArgument, path(key) + ": expected an array");
  }
  if (v->size() > max_items) {
    return make_error(ErrorCode::kInvalidArgument, path(key) + ": more than " +
                                                       std::to_string(max_items) + " entries");
  }
  return v;
}

Status FieldReader::finish() const {
  for (const auto& [key, value] : obj_->items()) {
    if (!read_.contains(key)) {
      return make_error(ErrorCode::kInvalidArgument, path(key.c_str()) + ": unknown field");
    }
  }
  return {};
}

}  // namespace chainslip

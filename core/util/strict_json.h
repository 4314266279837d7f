#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/util/bytes.h"
#include "core/util/result.h"

namespace chainslip {

using Json = nlohmann::json;

// Upper bound on any JSON document we accept (bundles, anchors, node replies).
inline constexpr std::size_t kMaxJsonBytes = 1 << 20;
// Upper bound on nested arrays and objects; our formats need about 6. A
// deeper document would overflow the stack of nlohmann's recursive dump,
// copy and compare (an error message dumps the value it refuses).
inline constexpr int kMaxJsonDepth = 64;

// Parses untrusted JSON text. Beyond RFC 8259 it rejects: duplicate keys in an
// object, invalid UTF-8, documents over kMaxJsonBytes, arrays and objects
// nested more than kMaxJsonDepth deep. Errors are kInvalidArgument naming the
// line and column.
Result<Json> parse_strict_json(std::string_view text);

// Reads the fields of one JSON object, each exactly once and with its type
// checked; finish() then rejects any field that was not read. `where` names
// the object in error messages ("bundle.receipt.items[2]").
class FieldReader {
 public:
  static Result<FieldReader> open(const Json& value, std::string where);

  Result<std::string> text(const char* key, std::size_t min_len, std::size_t max_len);
  Result<std::uint64_t> u64(const char* key);
  Result<std::uint64_t> u64(const char* key, std::uint64_t min, std::uint64_t max);
  Result<bool> boolean(const char* key);
  Result<Bytes> hex(const char* key, std::size_t min_len, std::size_t max_len);
  Result<Digest> digest(const char* key);
  Result<const Json*> object(const char* key);
  // An object or JSON null (then nullptr): a field the format allows to be null.
  Result<const Json*> object_or_null(const char* key);
  Result<const Json*> array(const char* key, std::size_t max_items);
  bool has(const char* key) const;

  // Fails on any field of the object that no accessor asked for.
  Status finish() const;

  const std::string& where() const { return where_; }
  std::string path(const char* key) const { return where_ + "." + key; }

 private:
  FieldReader(const Json& obj, std::string where) : obj_(&obj), where_(std::move(where)) {}
  Result<const Json*> field(const char* key);

  const Json* obj_;
  std::string where_;
  std::set<std::string, std::less<>> read_;
};

// Checks that text is UTF-8 a person reads as it is: no control characters
// (U+0000..U+001F, U+007F..U+009F), no format characters (bidi marks and
// overrides, zero-width characters, BOM, soft hyphen, tags) and no line or
// paragraph separators (U+2028, U+2029). docs/PROTOCOL.md 2 lists them.
bool is_printable_utf8(std::string_view text);

}  // namespace chainslip

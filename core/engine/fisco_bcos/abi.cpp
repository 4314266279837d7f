#include "core/engine/fisco_bcos/abi.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

#include "core/text/utf8.h"

namespace chainslip::fisco {
namespace {

constexpr std::size_t kWord = 32;

Error invalid(const std::string& what) { return make_error(ErrorCode::kInvalidArgument, "ABI: " + what); }

std::size_t padded(std::size_t n) { return (n + kWord - 1) / kWord * kWord; }

void put_uint(Bytes& out, std::uint64_t v) {
  const std::size_t at = out.size();
  out.resize(at + kWord, 0);
  for (std::size_t i = 0; i < 8; ++i) out[at + kWord - 1 - i] = static_cast<std::uint8_t>(v >> (8 * i));
}

void put_padded_right(Bytes& out, ByteView data) {
  out.insert(out.end(), data.begin(), data.end());
  out.resize(out.size() + (padded(data.size()) - data.size()), 0);
}

bool is_utf8(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    const Utf8Char c = utf8_char_at(text, pos);
    if (!c.valid) return false;
    pos += c.bytes.size();
  }
  return true;
}

// The static part of one value (a dynamic value's tail is written apart).
Status encode_static(Bytes& out, const AbiType& type, const AbiValue& value) {
  switch (type.kind) {
    case AbiType::Kind::kUint: {
      const auto* v = std::get_if<std::uint64_t>(&value);
      if (!v) return invalid(abi_type_name(type) + " needs an integer");
      if (type.size < 64 && *v >> type.size != 0) return invalid(std::to_string(*v) + " does not fit " + abi_type_name(type));
      put_uint(out, *v);
      return {};
    }
    case AbiType::Kind::kBool: {
      const auto* v = std::get_if<bool>(&value);
      if (!v) return invalid("bool needs true or false");
      put_uint(out, *v ? 1 : 0);
      return {};
    }
    case AbiType::Kind::kAddress: {
      const auto* v = std::get_if<Address>(&value);
      if (!v) return invalid("address needs 20 bytes");
      out.resize(out.size() + kWord - v->size(), 0);
      out.insert(out.end(), v->begin(), v->end());
      return {};
    }
    case AbiType::Kind::kFixedBytes: {
      const auto* v = std::get_if<Bytes>(&value);
      if (!v || v->size() != type.size) return invalid(abi_type_name(type) + " needs exactly " + std::to_string(type.size) + " bytes");
      put_padded_right(out, *v);
      return {};
    }
    case AbiType::Kind::kBytes:
    case AbiType::Kind::kString:
      break;
  }
  return invalid("a dynamic type has no static encoding");
}

Status encode_tail(Bytes& out, const AbiType& type, const AbiValue& value) {
  if (type.kind == AbiType::Kind::kBytes) {
    const auto* v = std::get_if<Bytes>(&value);
    if (!v) return invalid("bytes needs bytes");
    put_uint(out, v->size());
    put_padded_right(out, *v);
    return {};
  }
  const auto* v = std::get_if<std::string>(&value);
  if (!v) return invalid("string needs text");
  if (!is_utf8(*v)) return invalid("a string is not UTF-8");
  put_uint(out, v->size());
  put_padded_right(out, as_bytes(*v));
  return {};
}

// A word read as an unsigned integer; nullopt when it does not fit 64 bits.
std::optional<std::uint64_t> word_as_uint(ByteView word) {
  if (std::any_of(word.begin(), word.begin() + 24, [](std::uint8_t b) { return b != 0; })) return std::nullopt;
  std::uint64_t v = 0;
  for (std::size_t i = 24; i < kWord; ++i) v = (v << 8) | word[i];
  return v;
}

Result<AbiValue> decode_static(const AbiType& type, ByteView word) {
  switch (type.kind) {
    case AbiType::Kind::kUint: {
      const auto v = word_as_uint(word);
      if (!v && type.size > 64) return invalid("an " + abi_type_name(type) + " above 2^64-1 (chainslip holds 64 bits)");
      if (!v || (type.size < 64 && *v >> type.size != 0)) return invalid("a value does not fit " + abi_type_name(type));
      return AbiValue{*v};
    }
    case AbiType::Kind::kBool: {
      const auto v = word_as_uint(word);
      if (!v || *v > 1) return invalid("a bool is neither 0 nor 1");
      return AbiValue{*v == 1};
    }
    case AbiType::Kind::kAddress: {
      Address a{};
      std::copy(word.begin() + (kWord - a.size()), word.end(), a.begin());
      return AbiValue{a};
    }
    case AbiType::Kind::kFixedBytes:
      return AbiValue{Bytes(word.begin(), word.begin() + type.size)};
    case AbiType::Kind::kBytes:
    case AbiType::Kind::kString:
      break;
  }
  return invalid("a dynamic type has no static encoding");
}

// The bytes of a dynamic value whose tail starts at `offset` in `data`.
Result<ByteView> read_tail(ByteView data, std::uint64_t offset) {
  if (offset > data.size() || data.size() - offset < kWord) return invalid("an offset points past the end");
  const auto length = word_as_uint(data.subspan(offset, kWord));
  const std::size_t room = data.size() - offset - kWord;
  if (!length || *length > room) return invalid("a length runs past the end");
  return data.subspan(offset + kWord, *length);
}

bool is_identifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_' || s[0] == '$')) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; });
}

}  // namespace

Result<AbiType> parse_abi_type(std::string_view name) {
  if (name == "bool") return AbiType{AbiType::Kind::kBool, 0};
  if (name == "address") return AbiType{AbiType::Kind::kAddress, 0};
  if (name == "bytes") return AbiType{AbiType::Kind::kBytes, 0};
  if (name == "string") return AbiType{AbiType::Kind::kString, 0};
  const auto sized = [&](std::string_view prefix, unsigned lo, unsigned hi, unsigned step) -> std::optional<unsigned> {
    if (!name.starts_with(prefix)) return std::nullopt;
    const std::string_view digits = name.substr(prefix.size());
    unsigned n = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (digits.empty() || digits[0] == '0' || ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
    if (n < lo || n > hi || n % step != 0) return std::nullopt;
    return n;
  };
  if (auto bits = sized("uint", 8, 256, 8)) return AbiType{AbiType::Kind::kUint, *bits};
  if (auto size = sized("bytes", 1, 32, 1)) return AbiType{AbiType::Kind::kFixedBytes, *size};
  if (name == "uint") {
    return invalid("type \"uint\" is an alias: a signature names uint256");
  }
  return invalid("type \"" + std::string(name) +
                 "\" is not one chainslip reads (uint8..uint256, bool, address, bytes1..bytes32, bytes, string)");
}

std::string abi_type_name(const AbiType& type) {
  switch (type.kind) {
    case AbiType::Kind::kUint:
      return "uint" + std::to_string(type.size);
    case AbiType::Kind::kBool:
      return "bool";
    case AbiType::Kind::kAddress:
      return "address";
    case AbiType::Kind::kFixedBytes:
      return "bytes" + std::to_string(type.size);
    case AbiType::Kind::kBytes:
      return "bytes";
    case AbiType::Kind::kString:
      return "string";
  }
  return "?";
}

std::string AbiFunction::signature() const {
  std::string s = name + "(";
  for (std::size_t i = 0; i < inputs.size(); ++i) s += (i ? "," : "") + abi_type_name(inputs[i]);
  return s + ")";
}

Result<AbiFunction> parse_abi_function(std::string_view signature) {
  const std::size_t open = signature.find('(');
  if (open == std::string_view::npos || !signature.ends_with(")")) {
    return invalid("signature \"" + std::string(signature) + "\" is not name(type,...)");
  }
  AbiFunction f;
  f.name = std::string(signature.substr(0, open));
  if (!is_identifier(f.name)) return invalid("\"" + f.name + "\" is not a function name");
  std::string_view list = signature.substr(open + 1, signature.size() - open - 2);
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    const std::string_view item = list.substr(0, comma);
    auto type = parse_abi_type(item);
    if (!type.ok()) return type.error();
    f.inputs.push_back(*type);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
    if (list.empty()) return invalid("signature \"" + std::string(signature) + "\" ends its list with a comma");
  }
  return f;
}

FunctionSelector function_selector(ChainCrypto crypto, const AbiFunction& function) {
  const Digest h = chain_hash(crypto, as_bytes(function.signature()));
  FunctionSelector s{};
  std::copy_n(h.begin(), s.size(), s.begin());
  return s;
}

Result<Bytes> abi_encode(const std::vector<AbiType>& types, const std::vector<AbiValue>& values) {
  if (types.size() != values.size()) {
    return invalid(std::to_string(types.size()) + " types but " + std::to_string(values.size()) + " values");
  }
  Bytes head;
  Bytes tail;
  const std::size_t head_size = types.size() * kWord;
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (types[i].is_dynamic()) {
      put_uint(head, head_size + tail.size());
      if (Status s = encode_tail(tail, types[i], values[i]); !s.ok()) return s.error();
    } else if (Status s = encode_static(head, types[i], values[i]); !s.ok()) {
      return s.error();
    }
  }
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

Result<std::vector<AbiValue>> abi_decode(const std::vector<AbiType>& types, ByteView data) {
  if (data.size() / kWord < types.size()) return invalid("the arguments are shorter than their heads");
  std::vector<AbiValue> values;
  values.reserve(types.size());
  for (std::size_t i = 0; i < types.size(); ++i) {
    const ByteView word = data.subspan(i * kWord, kWord);
    if (!types[i].is_dynamic()) {
      auto v = decode_static(types[i], word);
      if (!v.ok()) return v.error();
      values.push_back(std::move(*v));
      continue;
    }
    const auto offset = word_as_uint(word);
    if (!offset) return invalid("an offset points past the end");
    auto bytes = read_tail(data, *offset);
    if (!bytes.ok()) return bytes.error();
    if (types[i].kind == AbiType::Kind::kBytes) {
      values.emplace_back(Bytes(bytes->begin(), bytes->end()));
    } else {
      std::string text(bytes->begin(), bytes->end());
      if (!is_utf8(text)) return invalid("a string is not UTF-8");
      values.emplace_back(std::move(text));
    }
  }
  // Canonical only: what was read must be exactly what encoding it gives.
  auto canonical = abi_encode(types, values);
  if (!canonical.ok()) return canonical.error();
  if (!std::equal(canonical->begin(), canonical->end(), data.begin(), data.end())) {
    return invalid("the arguments are not in their canonical encoding (padding, offsets or trailing bytes)");
  }
  return values;
}

Result<Bytes> encode_call(ChainCrypto crypto, const AbiFunction& function, const std::vector<AbiValue>& values) {
  auto args = abi_encode(function.inputs, values);
  if (!args.ok()) return args.error();
  const FunctionSelector selector = function_selector(crypto, function);
  Bytes call(selector.begin(), selector.end());
  call.insert(call.end(), args->begin(), args->end());
  return call;
}

Result<std::vector<AbiValue>> decode_call(ChainCrypto crypto, const AbiFunction& function, ByteView input) {
  const FunctionSelector selector = function_selector(crypto, function);
  if (input.size() < selector.size()) return invalid("call data is shorter than a function selector");
  if (!std::equal(selector.begin(), selector.end(), input.begin())) {
    return invalid("the call is not " + function.signature() + " (selector " + to_hex(input.first(4)) + ", not " +
                   to_hex(selector) + ")");
  }
  return abi_decode(function.inputs, input.subspan(selector.size()));
}

}  // namespace chainslip::fisco

#include "core/engine/fisco_bcos/registry_call.h"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

namespace chainslip::fisco {
namespace {

// Each call's signature and its arguments' names (PROTOCOL 11.7's table),
// in RegistryCall's alternative order.
struct CallSpec {
  const char* signature;
  std::vector<const char*> argument_names;
};

const std::array<CallSpec, std::variant_size_v<RegistryCall>> kCalls = {{
    {"issue(bytes32,string,string)", {"receipt_hash", "code", "number"}},
    {"convert(string,string,bytes32,string,string,string,string,uint64,uint64)",
     {"code", "number", "receipt_hash", "paper_code", "paper_number", "reason", "operator", "time", "nonce"}},
    {"voidCopy(string,string,string,string,string,string,uint64,uint64)",
     {"code", "number", "paper_code", "paper_number", "reason", "operator", "time", "nonce"}},
    {"post(string,string,uint64,string)", {"code", "number", "time", "poster"}},
    {"reverse(string,string,uint64,string)", {"code", "number", "time", "reason"}},
}};

// The signatures parsed once. They are fixed text: a typo shows as an empty
// function, which the first test that encodes or decodes a call catches.
const AbiFunction& function_at(std::size_t index) {
  static const std::array<AbiFunction, kCalls.size()> functions = [] {
    std::array<AbiFunction, kCalls.size()> parsed;
    for (std::size_t i = 0; i < kCalls.size(); ++i) {
      auto f = parse_abi_function(kCalls[i].signature);
      if (f.ok()) parsed[i] = std::move(*f);
    }
    return parsed;
  }();
  return functions[index];
}

Bytes digest_bytes(const Digest& d) { return Bytes(d.begin(), d.end()); }

Digest digest_of(const AbiValue& v) {
  Digest d{};
  const Bytes& b = std::get<Bytes>(v);
  std::copy_n(b.begin(), d.size(), d.begin());
  return d;
}

const std::string& text(const AbiValue& v) { return std::get<std::string>(v); }
std::uint64_t uint(const AbiValue& v) { return std::get<std::uint64_t>(v); }

std::vector<AbiValue> values_of(const RegistryIssue& c) {
  return {digest_bytes(c.receipt_hash), c.code, c.number};
}
std::vector<AbiValue> values_of(const RegistryConvert& c) {
  return {c.code, c.number, digest_bytes(c.receipt_hash), c.paper_code, c.paper_number,
          c.reason, c.operator_name, c.time, c.nonce};
}
std::vector<AbiValue> values_of(const RegistryVoid& c) {
  return {c.code, c.number, c.paper_code, c.paper_number, c.reason, c.operator_name, c.time, c.nonce};
}
std::vector<AbiValue> values_of(const RegistryPost& c) { return {c.code, c.number, c.time, c.poster}; }
std::vector<AbiValue> values_of(const RegistryReverse& c) { return {c.code, c.number, c.time, c.reason}; }

// The decoded values (already checked against the function's types) as the call.
RegistryCall call_of(std::size_t index, const std::vector<AbiValue>& v) {
  switch (index) {
    case 0:
      return RegistryIssue{digest_of(v[0]), text(v[1]), text(v[2])};
    case 1:
      return RegistryConvert{text(v[0]), text(v[1]), digest_of(v[2]), text(v[3]), text(v[4]),
                             text(v[5]), text(v[6]), uint(v[7]), uint(v[8])};
    case 2:
      return RegistryVoid{text(v[0]), text(v[1]), text(v[2]), text(v[3]), text(v[4]), text(v[5]), uint(v[6]), uint(v[7])};
    case 3:
      return RegistryPost{text(v[0]), text(v[1]), uint(v[2]), text(v[3])};
    default:
      return RegistryReverse{text(v[0]), text(v[1]), uint(v[2]), text(v[3])};
  }
}

std::vector<AbiValue> values_of_call(const RegistryCall& call) {
  return std::visit([](const auto& c) { return values_of(c); }, call);
}

}  // namespace

std::string registry_signature(const RegistryCall& call) { return kCalls[call.index()].signature; }

std::string registry_call_name(const RegistryCall& call) { return function_at(call.index()).name; }

std::vector<RegistryArgument> registry_arguments(const RegistryCall& call) {
  std::vector<AbiValue> values = values_of_call(call);
  const std::vector<const char*>& names = kCalls[call.index()].argument_names;
  std::vector<RegistryArgument> arguments;
  for (std::size_t i = 0; i < values.size(); ++i) arguments.push_back({names[i], std::move(values[i])});
  return arguments;
}

Result<Bytes> encode_registry_call(ChainCrypto crypto, const RegistryCall& call) {
  return encode_call(crypto, function_at(call.index()), values_of_call(call));
}

Result<RegistryCall> decode_registry_call(ChainCrypto crypto, ByteView input) {
  if (input.size() < 4) return make_error(ErrorCode::kInvalidArgument, "ABI: call data is shorter than a function selector");
  for (std::size_t i = 0; i < kCalls.size(); ++i) {
    const AbiFunction& f = function_at(i);
    const FunctionSelector selector = function_selector(crypto, f);
    if (!std::equal(selector.begin(), selector.end(), input.begin())) continue;
    auto values = abi_decode(f.inputs, input.subspan(selector.size()));
    if (!values.ok()) return make_error(values.code(), f.signature() + ": " + values.error().message);
    return call_of(i, *values);
  }
  return make_error(ErrorCode::kInvalidArgument,
                    "the transaction calls no function of the e-receipt registry (selector " + to_hex(input.first(4)) + ")");
}

}  // namespace chainslip::fisco

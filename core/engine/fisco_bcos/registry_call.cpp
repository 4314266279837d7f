#include "core/engine/fisco_bcos/registry_call.h"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

namespace chainslip::fisco {
namespace {

// Each call's signature, in RegistryCall's alternative order.
constexpr std::array<const char*, std::variant_size_v<RegistryCall>> kSignatures = {
    "issue(bytes32,string,string)",
    "convert(string,string,bytes32,string,string,string,string,uint64,uint64)",
    "voidCopy(string,string,string,string,string,string,uint64,uint64)",
    "post(string,string,uint64,string)",
    "reverse(string,string,uint64,string)",
};

AbiFunction function_at(std::size_t index) {
  auto f = parse_abi_function(kSignatures[index]);
  // The table above is fixed text: a failure here is a typo caught by the
  // first test that encodes or decodes a call.
  return f.ok() ? *f : AbiFunction{};
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

}  // namespace

std::string registry_signature(const RegistryCall& call) { return kSignatures[call.index()]; }

Result<Bytes> encode_registry_call(ChainCrypto crypto, const RegistryCall& call) {
  const std::vector<AbiValue> values = std::visit([](const auto& c) { return values_of(c); }, call);
  return encode_call(crypto, function_at(call.index()), values);
}

Result<RegistryCall> decode_registry_call(ChainCrypto crypto, ByteView input) {
  if (input.size() < 4) return make_error(ErrorCode::kInvalidArgument, "ABI: call data is shorter than a function selector");
  for (std::size_t i = 0; i < kSignatures.size(); ++i) {
    const AbiFunction f = function_at(i);
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

#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/engine/fisco_bcos/chain_crypto.h"
#include "core/engine/fisco_bcos/transaction.h"
#include "core/util/result.h"

namespace chainslip::fisco {

// The Solidity contract ABI (the "Contract ABI Specification" of the Solidity
// documentation), which FISCO BCOS uses for EVM contracts, for the types the
// e-receipt registry needs (docs/PROTOCOL.md 11.7): unsigned integers, bool,
// address, bytes1..bytes32, bytes and string. Arrays, tuples and signed
// integers are not read: a signature naming one is refused. An integer's
// value is held in 64 bits: a larger one is refused as it is read.
struct AbiType {
  enum class Kind { kUint, kBool, kAddress, kFixedBytes, kBytes, kString };
  Kind kind = Kind::kUint;
  unsigned size = 0;  // kUint: bits (8..256, a multiple of 8); kFixedBytes: bytes (1..32)

  bool is_dynamic() const { return kind == Kind::kBytes || kind == Kind::kString; }
  friend bool operator==(const AbiType&, const AbiType&) = default;
};

// "uint64", "uint256", "bool", "address", "bytes32", "bytes", "string". The
// alias "uint" is refused: a signature names its canonical form, uint256.
Result<AbiType> parse_abi_type(std::string_view name);
std::string abi_type_name(const AbiType& type);  // the canonical name, as in a signature

// A value of one of those types: kUint -> uint64_t, kBool -> bool,
// kAddress -> Address, kFixedBytes and kBytes -> Bytes, kString -> std::string.
using AbiValue = std::variant<std::uint64_t, bool, Address, Bytes, std::string>;

// A function as a signature names it: "issue(bytes32,string,string)".
struct AbiFunction {
  std::string name;
  std::vector<AbiType> inputs;

  std::string signature() const;  // canonical: no spaces, canonical type names
};

// kInvalidArgument naming what is wrong (an empty or non-identifier name, a
// type not listed above, spaces, a missing parenthesis).
Result<AbiFunction> parse_abi_function(std::string_view signature);

using FunctionSelector = std::array<std::uint8_t, 4>;

// The first four bytes of the chain's hash of the signature: Keccak-256 on
// ordinary chains, SM3 on 国密 chains (FISCO's SDKs hash with the chain's
// crypto suite).
FunctionSelector function_selector(ChainCrypto crypto, const AbiFunction& function);

// The arguments' encoding (head and tail parts), without a selector.
// kInvalidArgument when a value's alternative is not its type's, an integer
// does not fit its bits, or fixed bytes are not exactly the type's size.
Result<Bytes> abi_encode(const std::vector<AbiType>& types, const std::vector<AbiValue>& values);

// Decodes arguments, strictly: `data` must be exactly the canonical encoding
// of the values it decodes to (abi_encode of them), so dirty padding, a bool
// other than 0 or 1, offsets other than the canonical ones, overlapping or
// trailing bytes and a string that is not UTF-8 are all refused
// (kInvalidArgument). Solidity's own decoder is more lenient; a verifier
// has no reason to be.
Result<std::vector<AbiValue>> abi_decode(const std::vector<AbiType>& types, ByteView data);

// Call data: the selector, then the arguments.
Result<Bytes> encode_call(ChainCrypto crypto, const AbiFunction& function, const std::vector<AbiValue>& values);
// kInvalidArgument when `input` is shorter than a selector or names another
// function; then abi_decode() of the rest.
Result<std::vector<AbiValue>> decode_call(ChainCrypto crypto, const AbiFunction& function, ByteView input);

}  // namespace chainslip::fisco

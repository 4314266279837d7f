#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/engine/fisco_bcos/abi.h"
#include "core/engine/fisco_bcos/chain_crypto.h"
#include "core/util/result.h"

namespace chainslip::fisco {

// The calls on the e-receipt registry contract (docs/PROTOCOL.md 11.7,
// chainslip's own: no platform publishes one). Who may make each call is the
// contract's rule; the account that did is the transaction's sender.

// issue(bytes32,string,string): the issuer publishes a receipt's hash.
struct RegistryIssue {
  Digest receipt_hash{};  // the chain's hash of the canonical receipt bytes (PROTOCOL 2.1)
  std::string code;       // 票据代码
  std::string number;     // 票据号码
  friend bool operator==(const RegistryIssue&, const RegistryIssue&) = default;
};

// convert(string,string,bytes32,string,string,string,string,uint64,uint64):
// a kiosk exchanges the e-receipt for a paper copy (PROTOCOL 2.8's Convert).
struct RegistryConvert {
  std::string code;
  std::string number;
  Digest receipt_hash{};
  std::string paper_code;
  std::string paper_number;
  std::string reason;
  std::string operator_name;
  std::uint64_t time = 0;
  std::uint64_t nonce = 0;
  friend bool operator==(const RegistryConvert&, const RegistryConvert&) = default;
};

// voidCopy(string,string,string,string,string,string,uint64,uint64): a kiosk
// voids the active paper copy (PROTOCOL 2.8's Void).
struct RegistryVoid {
  std::string code;
  std::string number;
  std::string paper_code;
  std::string paper_number;
  std::string reason;
  std::string operator_name;
  std::uint64_t time = 0;
  std::uint64_t nonce = 0;
  friend bool operator==(const RegistryVoid&, const RegistryVoid&) = default;
};

// post(string,string,uint64,string): the finance authority records 入账.
struct RegistryPost {
  std::string code;
  std::string number;
  std::uint64_t time = 0;
  std::string poster;
  friend bool operator==(const RegistryPost&, const RegistryPost&) = default;
};

// reverse(string,string,uint64,string): the issuer red-reverses (冲红).
struct RegistryReverse {
  std::string code;
  std::string number;
  std::uint64_t time = 0;
  std::string reason;
  friend bool operator==(const RegistryReverse&, const RegistryReverse&) = default;
};

using RegistryCall = std::variant<RegistryIssue, RegistryConvert, RegistryVoid, RegistryPost, RegistryReverse>;

// The call's signature, e.g. "issue(bytes32,string,string)", and its name, "issue".
std::string registry_signature(const RegistryCall& call);
std::string registry_call_name(const RegistryCall& call);

// The call's arguments by PROTOCOL 11.7's names ("receipt_hash", "code",
// "operator", ...), in the signature's order, as the ABI carries them
// (a receipt hash as 32 bytes).
struct RegistryArgument {
  std::string name;
  AbiValue value;
};
std::vector<RegistryArgument> registry_arguments(const RegistryCall& call);

// Call data for the registry (selector and arguments). kInvalidArgument
// when a text is not UTF-8.
Result<Bytes> encode_registry_call(ChainCrypto crypto, const RegistryCall& call);

// The registry call a transaction's input makes, decoded strictly
// (abi_decode()). kInvalidArgument when the selector is none of the five, or
// the arguments are not their canonical encoding.
Result<RegistryCall> decode_registry_call(ChainCrypto crypto, ByteView input);

}  // namespace chainslip::fisco

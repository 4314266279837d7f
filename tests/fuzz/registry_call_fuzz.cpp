// decode_registry_call (core/engine/fisco_bcos/registry_call.h) on any call
// data: byte 0 picks the chain's crypto (even: Keccak-256, odd: SM3), the
// rest is a transaction's input. A refusal is kInvalidArgument; an accepted
// call is canonical: encoding it again gives back the same bytes.
#include <cstddef>
#include <cstdint>

#include "core/engine/fisco_bcos/registry_call.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chainslip;
  if (size < 1) return 0;
  const fisco::ChainCrypto crypto = data[0] % 2 == 0 ? fisco::ChainCrypto::kKeccak256Secp256k1 : fisco::ChainCrypto::kSm3Sm2;
  const ByteView input(data + 1, size - 1);
  auto call = fisco::decode_registry_call(crypto, input);
  if (!call.ok()) {
    FUZZ_CHECK(call.code() == ErrorCode::kInvalidArgument);
    return 0;
  }
  auto again = fisco::encode_registry_call(crypto, *call);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(Bytes(input.begin(), input.end()) == *again);
  return 0;
}

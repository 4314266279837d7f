#include "core/engine/fisco_bcos/chain_crypto.h"

#include <cryptopp/keccak.h>

#include "core/crypto/hasher.h"

namespace chainslip::fisco {
namespace {

// Keccak-256 as Ethereum and FISCO use it: the original Keccak padding
// (0x01), not FIPS 202's SHA3-256 (0x06).
Digest keccak256(ByteView data) {
  CryptoPP::Keccak_256 keccak;
  static_assert(CryptoPP::Keccak_256::DIGESTSIZE == std::tuple_size_v<Digest>);
  keccak.Update(data.data(), data.size());
  Digest out;
  keccak.Final(out.data());
  return out;
}

}  // namespace

std::string_view chain_crypto_name(ChainCrypto crypto) {
  return crypto == ChainCrypto::kSm3Sm2 ? "sm3-sm2" : "keccak256-secp256k1";
}

Digest chain_hash(ChainCrypto crypto, ByteView data) {
  if (crypto == ChainCrypto::kSm3Sm2) return hash(Suite::kSm2Sm3, data);
  return keccak256(data);
}

}  // namespace chainslip::fisco

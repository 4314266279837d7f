#pragma once

#include <string_view>

#include "core/util/bytes.h"

namespace chainslip::fisco {

// A FISCO BCOS 3.x chain is either an ordinary chain or a 国密 (sm_crypto)
// chain; the choice fixes the hash and the signature scheme together.
enum class ChainCrypto {
  kKeccak256Secp256k1,  // ordinary chain: Keccak-256 (not SHA3-256), secp256k1 with recovery id
  kSm3Sm2,              // 国密 chain: SM3, SM2 with the default ID "1234567812345678"
};

// A node ID is the sealer's public key X||Y, on either curve.
inline constexpr std::size_t kNodeIdBytes = 64;

std::string_view chain_crypto_name(ChainCrypto crypto);  // "keccak256-secp256k1", "sm3-sm2"

// The chain's hash over `data`: Keccak-256 (Crypto++) or SM3 (OpenSSL).
Digest chain_hash(ChainCrypto crypto, ByteView data);

}  // namespace chainslip::fisco

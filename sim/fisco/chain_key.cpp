#include "sim/fisco/chain_key.h"

#include <string>

namespace chainslip::sim::fisco {
namespace {

// A hash lands outside a curve's scalar range with a chance of about 2^-32
// (secp256k1) or 2^-96 (SM2); a few tries always find one.
constexpr int kSeedAttempts = 8;

Digest seed_scalar(ChainCrypto crypto, std::string_view seed, int attempt) {
  const std::string text = "chainslip-sim fisco key " + std::string(seed) + " #" + std::to_string(attempt);
  return chainslip::fisco::chain_hash(crypto, as_bytes(text));
}

}  // namespace

Result<ChainKey> ChainKey::from_seed(ChainCrypto crypto, std::string_view seed) {
  for (int attempt = 0; attempt < kSeedAttempts; ++attempt) {
    const Digest scalar = seed_scalar(crypto, seed, attempt);
    if (crypto == ChainCrypto::kSm3Sm2) {
      auto key = PrivateKey::from_bytes(Suite::kSm2Sm3, scalar);
      if (!key.ok()) continue;
      const Bytes& point = key->public_key().bytes();  // 0x04 || X || Y
      Bytes node_id(point.begin() + 1, point.end());
      return ChainKey(crypto, std::move(key).value(), std::move(node_id));
    }
    auto key = Secp256k1Key::from_scalar(scalar);
    if (!key.ok()) continue;
    Bytes node_id = key->public_key();
    return ChainKey(crypto, std::move(key).value(), std::move(node_id));
  }
  return make_error(ErrorCode::kInternal, "no valid key from seed \"" + std::string(seed) + "\"");
}

Result<Bytes> ChainKey::sign_header_hash(const Digest& header_hash) const {
  if (const auto* sm2 = std::get_if<PrivateKey>(&key_)) {
    CS_ASSIGN_OR_RETURN(const Signature signature, sm2->sign(header_hash));
    return Bytes(signature.raw().begin(), signature.raw().end());
  }
  return std::get<Secp256k1Key>(key_).sign_recoverable(header_hash);
}

Result<Bytes> ChainKey::sign_transaction_hash(const Digest& tx_hash) const {
  CS_ASSIGN_OR_RETURN(Bytes signature, sign_header_hash(tx_hash));
  // A 国密 transaction carries its signer's key: SM2 signatures recover none.
  if (crypto_ == ChainCrypto::kSm3Sm2)
    signature.insert(signature.end(), public_key_.begin(), public_key_.end());
  return signature;
}

}  // namespace chainslip::sim::fisco

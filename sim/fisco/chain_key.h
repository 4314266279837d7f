#pragma once

#include <string_view>
#include <variant>

#include "core/crypto/keys.h"
#include "core/engine/fisco_bcos/chain_crypto.h"
#include "sim/fisco/secp256k1_key.h"

namespace chainslip::sim::fisco {

// The simulator speaks of the engine's chain crypto by its short name.
using chainslip::fisco::ChainCrypto;

// A private key on a FISCO BCOS chain's curve, signing as the chain's nodes
// and SDKs do (docs/PROTOCOL.md 11.1): a sealer signs header hashes with it,
// an account transaction hashes. Its public key X||Y is a sealer's node ID.
class ChainKey {
 public:
  // The same seed gives the same key, so a test's chain is the same on
  // every run (signatures still differ: ECDSA and SM2 draw a fresh nonce).
  static Result<ChainKey> from_seed(ChainCrypto crypto, std::string_view seed);

  ChainCrypto crypto() const { return crypto_; }
  const Bytes& public_key() const { return public_key_; }  // X||Y, 64 bytes

  // A sealer's signature over a header hash, as verify_sealer_signature()
  // checks it: SM2 r||s (64 bytes) with the default ID over the 32 hash
  // bytes as the message; secp256k1 r||s||v (65 bytes) over the hash itself.
  Result<Bytes> sign_header_hash(const Digest& header_hash) const;

  // A transaction's signature, as transaction_signer() reads it: secp256k1
  // as above; SM2 r||s followed by the public key (128 bytes).
  Result<Bytes> sign_transaction_hash(const Digest& tx_hash) const;

 private:
  ChainKey(ChainCrypto crypto, std::variant<PrivateKey, Secp256k1Key> key, Bytes public_key)
      : crypto_(crypto), key_(std::move(key)), public_key_(std::move(public_key)) {}
  ChainCrypto crypto_;
  std::variant<PrivateKey, Secp256k1Key> key_;  // SM2 (core's sm2-sm3 suite) or secp256k1
  Bytes public_key_;
};

}  // namespace chainslip::sim::fisco

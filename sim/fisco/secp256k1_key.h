#pragma once

#include <memory>

#include "core/util/bytes.h"
#include "core/util/result.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace chainslip::sim::fisco {

// A secp256k1 key pair that signs as a FISCO BCOS node or SDK does
// (libsecp256k1's ecdsa_sign_recoverable): ECDSA over the 32-byte digest
// itself, with no further hashing, s low, and the recovery id v appended.
// The kiosk's core only verifies secp256k1 (it never signs), so the signing
// lives here, in the simulator; OpenSSL 3 EVP does the ECDSA.
class Secp256k1Key {
 public:
  // The key with this 32-byte big-endian scalar, which must be in 1..n-1.
  static Result<Secp256k1Key> from_scalar(ByteView scalar);

  // X||Y, 64 bytes: the FISCO node ID, and what an account is derived from.
  const Bytes& public_key() const { return public_key_; }

  // r||s||v, 65 bytes, v in 0..3: recover_secp256k1_public_key(digest, it)
  // gives public_key().
  Result<Bytes> sign_recoverable(const Digest& digest) const;

 private:
  Secp256k1Key(Bytes public_key, std::shared_ptr<evp_pkey_st> pkey)
      : public_key_(std::move(public_key)), pkey_(std::move(pkey)) {}
  Bytes public_key_;
  std::shared_ptr<evp_pkey_st> pkey_;
};

}  // namespace chainslip::sim::fisco

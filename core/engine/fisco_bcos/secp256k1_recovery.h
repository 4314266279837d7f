#pragma once

#include "core/engine/fisco_bcos/chain_crypto.h"
#include "core/util/bytes.h"
#include "core/util/result.h"

namespace chainslip::fisco {

inline constexpr std::size_t kRecoverableSignatureBytes = 65;

// The public key (X||Y, 64 bytes: a FISCO node ID) that made the
// recoverable secp256k1 signature r||s||v (v = 0..3) over `digest`, as
// libsecp256k1's ecdsa_recover finds it (SEC 1 v2 §4.1.6), computed with
// OpenSSL's secp256k1 curve arithmetic. r and s must be in 1..n-1; like the
// node, a high s is accepted (the header hash does not cover signatures, so
// its twin forges nothing). Failures are kValidatorSignatureInvalid.
Result<Bytes> recover_secp256k1_public_key(const Digest& digest, ByteView signature);

}  // namespace chainslip::fisco

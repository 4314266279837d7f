#pragma once

#include "core/engine/fisco_bcos/chain_crypto.h"
#include "core/util/result.h"

namespace chainslip::fisco {

// Checks one sealer's signature over a header hash, as the node's
// BlockValidator does (signatureImpl()->verify(nodeID, hash, signature)):
// - 国密 chain: SM2 over the 32 hash bytes as the message, with the default
//   ID "1234567812345678" (fast_sm2.cpp), the node ID as the public key; the
//   signature is r||s, exactly 64 bytes (the node reads the first 64 of
//   whatever it is given: we refuse any other length);
// - ordinary chain: r||s||v, recovered with secp256k1 and compared with the
//   64-byte node ID (Secp256k1Crypto.cpp).
// A bad signature is kValidatorSignatureInvalid.
Status verify_sealer_signature(ChainCrypto crypto, ByteView node_id, const Digest& header_hash, ByteView signature);

}  // namespace chainslip::fisco

#pragma once

#include <cstdint>
#include <vector>

#include "core/engine/fisco_bcos/block_header.h"
#include "core/engine/fisco_bcos/chain_crypto.h"
#include "core/util/result.h"

namespace chainslip::fisco {

// The header hash recomputed (object_hash.h) and compared with the one the
// node stated: a mismatch is kHeaderHashMismatch. The node itself trusts a
// hash it is handed; we never do.
Result<Digest> check_header_hash(ChainCrypto crypto, const BlockHeader& header);

// A header whose signatures reach the quorum of its own sealer list.
struct SealedHeader {
  Digest hash{};
  std::vector<std::uint64_t> signers;  // sealer indices, in signatureList order
  std::uint64_t signed_weight = 0;
  std::uint64_t required_weight = 0;
};

// Checks a header against its own sealer list, in this order (the first
// failure is the answer):
// 1. check_header_hash()                                   kHeaderHashMismatch
// 2. one consensus weight per sealer, and `sealer` is an index into
//    sealerList                                            kInvalidArgument
//    and the weights can make a quorum (quorum.h)          kInsufficientQuorum
// 3. each signature, in order: sealerIndex in sealerList   kUnknownValidator
//    and not seen before                                   kDuplicateSigner
//    and signed by that sealer (sealer_signature.h)        kValidatorSignatureInvalid
// 4. the signers' weights reach required_weight()          kInsufficientQuorum
// The genesis block carries no sealers and fails at 2: it is trusted through
// the trust anchor, not by signatures. Whether the sealer list is the one
// the verifier trusts is the caller's question (the trust anchor's).
Result<SealedHeader> verify_sealed_header(ChainCrypto crypto, const BlockHeader& header);

}  // namespace chainslip::fisco

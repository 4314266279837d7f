#include "core/engine/fisco_bcos/header_verifier.h"

#include <algorithm>
#include <string>

#include "core/engine/fisco_bcos/object_hash.h"
#include "core/engine/fisco_bcos/quorum.h"
#include "core/engine/fisco_bcos/sealer_signature.h"

namespace chainslip::fisco {

Result<Digest> check_header_hash(ChainCrypto crypto, const BlockHeader& header) {
  const Digest recomputed = header_hash(crypto, header);
  if (recomputed != header.stated_hash) {
    return make_error(ErrorCode::kHeaderHashMismatch, "header " + std::to_string(header.number) +
                                                          ": its fields hash to " + to_hex(recomputed) +
                                                          ", it states " + to_hex(header.stated_hash));
  }
  return recomputed;
}

Result<SealedHeader> verify_sealed_header(ChainCrypto crypto, const BlockHeader& header) {
  SealedHeader sealed;
  CS_ASSIGN_OR_RETURN(sealed.hash, check_header_hash(crypto, header));

  const std::size_t sealers = header.sealer_list.size();
  if (header.consensus_weights.size() != sealers) {
    return make_error(ErrorCode::kInvalidArgument, std::to_string(sealers) + " sealers but " +
                                                       std::to_string(header.consensus_weights.size()) +
                                                       " consensus weights");
  }
  if (header.number != 0 && (header.sealer < 0 || static_cast<std::uint64_t>(header.sealer) >= sealers)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "sealer " + std::to_string(header.sealer) + " is not an index into the sealer list");
  }

  auto required = required_weight(header.consensus_weights);
  if (!required.ok()) {
    return make_error(ErrorCode::kInsufficientQuorum, "header " + std::to_string(header.number) + ": " +
                                                          required.error().message);
  }
  sealed.required_weight = *required;

  std::vector<bool> seen(sealers, false);
  for (const SealerSignature& sig : header.signatures) {
    const std::uint64_t index = sig.sealer_index;
    if (index >= sealers) {
      return make_error(ErrorCode::kUnknownValidator, "sealerIndex " + std::to_string(index) + " is outside the " +
                                                          std::to_string(sealers) + " sealers");
    }
    if (seen[index]) {
      return make_error(ErrorCode::kDuplicateSigner, "sealerIndex " + std::to_string(index) + " signs twice");
    }
    seen[index] = true;
    const Status ok = verify_sealer_signature(crypto, header.sealer_list[index], sealed.hash, sig.signature);
    if (!ok.ok()) {
      return make_error(ok.code(), "sealer " + std::to_string(index) + ": " + ok.error().message);
    }
    sealed.signers.push_back(index);
    sealed.signed_weight += header.consensus_weights[index];
  }

  if (sealed.signed_weight < sealed.required_weight) {
    return make_error(ErrorCode::kInsufficientQuorum, "signed weight " + std::to_string(sealed.signed_weight) +
                                                          " is below the quorum of " +
                                                          std::to_string(sealed.required_weight));
  }
  return sealed;
}

}  // namespace chainslip::fisco

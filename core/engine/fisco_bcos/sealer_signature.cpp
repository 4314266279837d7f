#include "core/engine/fisco_bcos/sealer_signature.h"

#include <algorithm>
#include <string>

#include "core/crypto/keys.h"
#include "core/engine/fisco_bcos/secp256k1_recovery.h"

namespace chainslip::fisco {
namespace {

constexpr std::size_t kSm2SignatureBytes = 64;

Error refused(const std::string& why) { return make_error(ErrorCode::kValidatorSignatureInvalid, why); }

Status verify_sm2(ByteView node_id, const Digest& header_hash, ByteView signature) {
  if (signature.size() != kSm2SignatureBytes) {
    return refused("SM2 signature of " + std::to_string(signature.size()) + " bytes, expected 64 (r||s)");
  }
  Bytes point{0x04};
  point.insert(point.end(), node_id.begin(), node_id.end());
  auto key = PublicKey::from_bytes(Suite::kSm2Sm3, point);
  if (!key.ok()) return refused("the node ID is no SM2 public key: " + key.error().message);
  Signature::Raw rs;
  std::copy(signature.begin(), signature.end(), rs.begin());
  if (!key->verify(header_hash, Signature::from_raw(rs))) return refused("SM2 signature does not verify");
  return {};
}

Status verify_secp256k1(ByteView node_id, const Digest& header_hash, ByteView signature) {
  CS_ASSIGN_OR_RETURN(Bytes recovered, recover_secp256k1_public_key(header_hash, signature));
  if (!std::equal(recovered.begin(), recovered.end(), node_id.begin(), node_id.end())) {
    return refused("secp256k1 signature was made by another key");
  }
  return {};
}

}  // namespace

Status verify_sealer_signature(ChainCrypto crypto, ByteView node_id, const Digest& header_hash, ByteView signature) {
  if (node_id.size() != kNodeIdBytes) {
    return refused("node ID of " + std::to_string(node_id.size()) + " bytes, expected 64");
  }
  if (crypto == ChainCrypto::kSm3Sm2) return verify_sm2(node_id, header_hash, signature);
  return verify_secp256k1(node_id, header_hash, signature);
}

}  // namespace chainslip::fisco

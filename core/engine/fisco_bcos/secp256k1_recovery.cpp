#include "core/engine/fisco_bcos/secp256k1_recovery.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>

#include <string>

#include "core/util/c_handle.h"

namespace chainslip::fisco {
namespace {

using BnPtr = CHandle<BIGNUM, BN_free>;
using BnCtxPtr = CHandle<BN_CTX, BN_CTX_free>;
using PointPtr = CHandle<EC_POINT, EC_POINT_free>;
using GroupPtr = CHandle<EC_GROUP, EC_GROUP_free>;

Error refused(const std::string& why) {
  ERR_clear_error();
  return make_error(ErrorCode::kValidatorSignatureInvalid, "secp256k1 signature: " + why);
}

Error internal(const char* call) {
  ERR_clear_error();
  return make_error(ErrorCode::kInternal, std::string("secp256k1 recovery: ") + call + " failed");
}

BnPtr bn_from(ByteView bytes) {
  return BnPtr(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
}

}  // namespace

Result<Bytes> recover_secp256k1_public_key(const Digest& digest, ByteView signature) {
  if (signature.size() != kRecoverableSignatureBytes) {
    return refused(std::to_string(signature.size()) + " bytes, expected 65 (r||s||v)");
  }
  const std::uint8_t v = signature[64];
  if (v > 3) return refused("recovery id " + std::to_string(v) + ", expected 0..3");

  const GroupPtr group(EC_GROUP_new_by_curve_name(NID_secp256k1));
  const BnCtxPtr ctx(BN_CTX_new());
  if (group == nullptr || ctx == nullptr) return internal("EC_GROUP_new_by_curve_name");
  const BIGNUM* n = EC_GROUP_get0_order(group.get());
  BnPtr p(BN_new());
  const BnPtr r = bn_from(signature.subspan(0, 32));
  const BnPtr s = bn_from(signature.subspan(32, 32));
  const BnPtr e = bn_from(digest);
  if (p == nullptr || r == nullptr || s == nullptr || e == nullptr ||
      EC_GROUP_get_curve(group.get(), p.get(), nullptr, nullptr, ctx.get()) != 1) {
    return internal("BN_bin2bn");
  }
  if (BN_is_zero(r.get()) || BN_cmp(r.get(), n) >= 0) return refused("r is not in 1..n-1");
  if (BN_is_zero(s.get()) || BN_cmp(s.get(), n) >= 0) return refused("s is not in 1..n-1");

  // R: the point whose x is r (+ n when v says so) and whose y has v's parity.
  BnPtr x(BN_dup(r.get()));
  if (x == nullptr || ((v & 2) != 0 && BN_add(x.get(), x.get(), n) != 1)) return internal("BN_add");
  if (BN_cmp(x.get(), p.get()) >= 0) return refused("r + n is not a field element");
  const PointPtr big_r(EC_POINT_new(group.get()));
  if (big_r == nullptr) return internal("EC_POINT_new");
  if (EC_POINT_set_compressed_coordinates(group.get(), big_r.get(), x.get(), v & 1, ctx.get()) != 1) {
    return refused("no curve point has x = r");
  }

  // Q = r^-1 (s R - e G) = (-e r^-1) G + (s r^-1) R.
  const BnPtr r_inv(BN_mod_inverse(nullptr, r.get(), n, ctx.get()));
  BnPtr u1(BN_new());
  BnPtr u2(BN_new());
  if (r_inv == nullptr || u1 == nullptr || u2 == nullptr || BN_nnmod(e.get(), e.get(), n, ctx.get()) != 1 ||
      BN_mod_sub(u1.get(), n, e.get(), n, ctx.get()) != 1 ||
      BN_mod_mul(u1.get(), u1.get(), r_inv.get(), n, ctx.get()) != 1 ||
      BN_mod_mul(u2.get(), s.get(), r_inv.get(), n, ctx.get()) != 1) {
    return internal("BN_mod_mul");
  }
  const PointPtr q(EC_POINT_new(group.get()));
  if (q == nullptr || EC_POINT_mul(group.get(), q.get(), u1.get(), big_r.get(), u2.get(), ctx.get()) != 1) {
    return internal("EC_POINT_mul");
  }
  if (EC_POINT_is_at_infinity(group.get(), q.get()) == 1) return refused("the recovered key is the point at infinity");

  Bytes uncompressed(1 + kNodeIdBytes);
  if (EC_POINT_point2oct(group.get(), q.get(), POINT_CONVERSION_UNCOMPRESSED, uncompressed.data(),
                         uncompressed.size(), ctx.get()) != uncompressed.size()) {
    return internal("EC_POINT_point2oct");
  }
  return Bytes(uncompressed.begin() + 1, uncompressed.end());
}

}  // namespace chainslip::fisco

#include "sim/fisco/secp256k1_key.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include <algorithm>
#include <string>

#include "core/engine/fisco_bcos/secp256k1_recovery.h"
#include "core/util/c_handle.h"

namespace chainslip::sim::fisco {
namespace {

constexpr std::size_t kScalarBytes = 32;
constexpr std::size_t kPointBytes = 65;  // SEC1 uncompressed: 0x04 || X || Y
constexpr int kRecoveryIds = 4;

using BnPtr = CHandle<BIGNUM, BN_clear_free>;
using BnCtxPtr = CHandle<BN_CTX, BN_CTX_free>;
using EcdsaSigPtr = CHandle<ECDSA_SIG, ECDSA_SIG_free>;
using GroupPtr = CHandle<EC_GROUP, EC_GROUP_free>;
using ParamBldPtr = CHandle<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
using ParamPtr = CHandle<OSSL_PARAM, OSSL_PARAM_free>;
using PkeyCtxPtr = CHandle<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using PointPtr = CHandle<EC_POINT, EC_POINT_free>;

Error internal(const char* what) {
  const unsigned long code = ERR_get_error();
  char buf[256] = "no OpenSSL error queued";
  if (code != 0) ERR_error_string_n(code, buf, sizeof buf);
  ERR_clear_error();
  return make_error(ErrorCode::kInternal, std::string("secp256k1: ") + what + " failed: " + buf);
}

Result<GroupPtr> secp256k1_group() {
  GroupPtr group(EC_GROUP_new_by_curve_name(NID_secp256k1));
  if (group == nullptr) return internal("EC_GROUP_new_by_curve_name");
  return group;
}

Result<Bytes> public_point(const EC_GROUP* group, const BIGNUM* d) {
  const BnCtxPtr ctx(BN_CTX_new());
  const PointPtr point(EC_POINT_new(group));
  Bytes bytes(kPointBytes);
  if (ctx == nullptr || point == nullptr ||
      EC_POINT_mul(group, point.get(), d, nullptr, nullptr, ctx.get()) != 1 ||
      EC_POINT_point2oct(group, point.get(), POINT_CONVERSION_UNCOMPRESSED, bytes.data(), bytes.size(),
                         ctx.get()) != kPointBytes) {
    return internal("deriving the public point");
  }
  return bytes;
}

Result<std::shared_ptr<evp_pkey_st>> key_pair(ByteView point, const BIGNUM* d) {
  const ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (bld == nullptr ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "secp256k1", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d) != 1) {
    return internal("OSSL_PARAM_BLD_push");
  }
  const ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  const PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* pkey = nullptr;
  if (params == nullptr || ctx == nullptr || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_KEYPAIR, params.get()) != 1) {
    return internal("EVP_PKEY_fromdata");
  }
  return std::shared_ptr<evp_pkey_st>(pkey, EVP_PKEY_free);
}

// OpenSSL's ECDSA over the digest as it is (no message digest is set on the
// context, so the input is taken as the hash), as raw r||s with s made low.
Result<Bytes> sign_low_s(EVP_PKEY* pkey, const Digest& digest) {
  const PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
  std::size_t der_len = 0;
  if (ctx == nullptr || EVP_PKEY_sign_init(ctx.get()) != 1 ||
      EVP_PKEY_sign(ctx.get(), nullptr, &der_len, digest.data(), digest.size()) != 1) {
    return internal("EVP_PKEY_sign_init");
  }
  Bytes der(der_len);
  if (EVP_PKEY_sign(ctx.get(), der.data(), &der_len, digest.data(), digest.size()) != 1) {
    return internal("EVP_PKEY_sign");
  }
  const unsigned char* p = der.data();
  const EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der_len)));
  CS_ASSIGN_OR_RETURN(const GroupPtr group, secp256k1_group());
  const BIGNUM* n = EC_GROUP_get0_order(group.get());
  BnPtr s(sig == nullptr ? nullptr : BN_dup(ECDSA_SIG_get0_s(sig.get())));
  BnPtr half_n(BN_dup(n));
  if (s == nullptr || half_n == nullptr || BN_rshift1(half_n.get(), half_n.get()) != 1) {
    return internal("decoding the DER signature");
  }
  // libsecp256k1 always signs with s <= n/2; the node would accept either.
  if (BN_cmp(s.get(), half_n.get()) > 0 && BN_sub(s.get(), n, s.get()) != 1) return internal("BN_sub");
  Bytes rs(2 * kScalarBytes);
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), rs.data(), kScalarBytes) < 0 ||
      BN_bn2binpad(s.get(), rs.data() + kScalarBytes, kScalarBytes) < 0) {
    return internal("BN_bn2binpad");
  }
  return rs;
}

}  // namespace

Result<Secp256k1Key> Secp256k1Key::from_scalar(ByteView scalar) {
  if (scalar.size() != kScalarBytes) {
    return make_error(ErrorCode::kInvalidArgument, "secp256k1: a private key is a 32-byte scalar, got " +
                                                       std::to_string(scalar.size()) + " bytes");
  }
  CS_ASSIGN_OR_RETURN(const GroupPtr group, secp256k1_group());
  const BnPtr d(BN_bin2bn(scalar.data(), static_cast<int>(scalar.size()), nullptr));
  if (d == nullptr) return internal("BN_bin2bn");
  if (BN_is_zero(d.get()) || BN_cmp(d.get(), EC_GROUP_get0_order(group.get())) >= 0) {
    return make_error(ErrorCode::kInvalidArgument, "secp256k1: a private key scalar must be in 1..n-1");
  }
  CS_ASSIGN_OR_RETURN(const Bytes point, public_point(group.get(), d.get()));
  CS_ASSIGN_OR_RETURN(auto pkey, key_pair(point, d.get()));
  return Secp256k1Key(Bytes(point.begin() + 1, point.end()), std::move(pkey));
}

Result<Bytes> Secp256k1Key::sign_recoverable(const Digest& digest) const {
  CS_ASSIGN_OR_RETURN(Bytes signature, sign_low_s(pkey_.get(), digest));
  signature.push_back(0);
  // The recovery id says which of the candidate points r names; trying each
  // with the verifier's own recovery is the simplest way to find it.
  for (int v = 0; v < kRecoveryIds; ++v) {
    signature.back() = static_cast<std::uint8_t>(v);
    auto recovered = chainslip::fisco::recover_secp256k1_public_key(digest, signature);
    if (recovered.ok() && *recovered == public_key_) return signature;
  }
  return make_error(ErrorCode::kInternal, "secp256k1: no recovery id gives the signer's key");
}

}  // namespace chainslip::sim::fisco

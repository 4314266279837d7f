#include "core/crypto/keys.h"
#include "core/util/c_handle.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include <algorithm>
#include <array>
#include <new>
#include <string>

namespace chainslip {
namespace {

constexpr std::size_t kScalarBytes = 32;
constexpr std::size_t kPointBytes = 65;

template <typename T, auto Free>
using Ptr = CHandle<T, Free>;

using BnPtr = Ptr<BIGNUM, BN_clear_free>;
using BnCtxPtr = Ptr<BN_CTX, BN_CTX_free>;
using EcdsaSigPtr = Ptr<ECDSA_SIG, ECDSA_SIG_free>;
using GroupPtr = Ptr<EC_GROUP, EC_GROUP_free>;
using MdCtxPtr = Ptr<EVP_MD_CTX, EVP_MD_CTX_free>;
using ParamBldPtr = Ptr<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
using ParamPtr = Ptr<OSSL_PARAM, OSSL_PARAM_free>;
using PkeyCtxPtr = Ptr<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using PkeyPtr = std::shared_ptr<evp_pkey_st>;

// What OpenSSL needs to know about a suite.
struct Curve {
  const char* key_type;  // SM2 keys must be of type "SM2", not "EC", to sign with SM2
  const char* group;
  int nid;
  const char* digest;
};

Curve curve_of(Suite suite) {
  if (suite == Suite::kSm2Sm3) return {"SM2", "SM2", NID_sm2, "SM3"};
  return {"EC", "prime256v1", NID_X9_62_prime256v1, "SHA256"};
}

Error internal(const char* what) {
  const unsigned long code = ERR_get_error();
  char buf[256] = "no OpenSSL error queued";
  if (code != 0) ERR_error_string_n(code, buf, sizeof buf);
  ERR_clear_error();
  return make_error(ErrorCode::kInternal, std::string(what) + " failed: " + buf);
}

Error invalid(Suite suite, const std::string& why) {
  return make_error(ErrorCode::kInvalidArgument, std::string(suite_name(suite)) + ": " + why);
}

Result<GroupPtr> new_group(const Curve& curve) {
  GroupPtr group(EC_GROUP_new_by_curve_name_ex(nullptr, nullptr, curve.nid));
  if (group == nullptr) return internal("EC_GROUP_new_by_curve_name_ex");
  return group;
}

// An EVP_PKEY from an already validated point and, for a key pair, its scalar.
Result<PkeyPtr> make_pkey(const Curve& curve, ByteView point, const BIGNUM* scalar) {
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (bld == nullptr ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve.group, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1 ||
      (scalar != nullptr &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, scalar) != 1)) {
    return internal("OSSL_PARAM_BLD_push");
  }
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, curve.key_type, nullptr));
  EVP_PKEY* pkey = nullptr;
  const int selection = scalar != nullptr ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY;
  if (params == nullptr || ctx == nullptr || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey, selection, params.get()) != 1) {
    return internal("EVP_PKEY_fromdata");
  }
  return PkeyPtr(pkey, EVP_PKEY_free);
}

// An EVP_MD_CTX ready for one-shot EVP_DigestSign/EVP_DigestVerify. For SM2
// the distinguishing ID must be set on an EVP_PKEY_CTX handed to the
// EVP_MD_CTX before init (EVP_PKEY-SM2(7)): OpenSSL 3 otherwise computes Z
// with an empty ID, and signatures would not interoperate.
class DigestCtx {
 public:
  enum class Op { kSign, kVerify };

  // False on failure, with the reason on OpenSSL's error queue.
  bool init(Suite suite, EVP_PKEY* pkey, Op op) {
    md_.reset(EVP_MD_CTX_new());
    if (md_ == nullptr) return false;
    if (suite == Suite::kSm2Sm3) {
      pkey_ctx_.reset(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
      if (pkey_ctx_ == nullptr ||
          EVP_PKEY_CTX_set1_id(pkey_ctx_.get(), kSm2DistinguishingId.data(),
                               static_cast<int>(kSm2DistinguishingId.size())) != 1) {
        return false;
      }
      EVP_MD_CTX_set_pkey_ctx(md_.get(), pkey_ctx_.get());
    }
    const char* digest = curve_of(suite).digest;
    return (op == Op::kSign
                ? EVP_DigestSignInit_ex(md_.get(), nullptr, digest, nullptr, nullptr, pkey, nullptr)
                : EVP_DigestVerifyInit_ex(md_.get(), nullptr, digest, nullptr, nullptr, pkey,
                                          nullptr)) == 1;
  }

  EVP_MD_CTX* get() const { return md_.get(); }

 private:
  PkeyCtxPtr pkey_ctx_;  // only borrowed by md_, so declared first to outlive it
  MdCtxPtr md_;
};

// Decodes OpenSSL's own DER output directly: Signature::parse would read a
// (vanishingly rare) 64-byte DER encoding as raw r||s.
Result<Signature> signature_from_der(ByteView der) {
  const unsigned char* p = der.data();
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  Signature::Raw rs;
  if (sig == nullptr ||
      BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), rs.data(), kScalarBytes) < 0 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), rs.data() + kScalarBytes, kScalarBytes) < 0) {
    return internal("decoding the DER signature");
  }
  return Signature::from_raw(rs);
}

// ECDSA's (r, s) and (r, n - s) both verify, so anyone could change a
// P-256 signature's bytes, and with them a transaction's hash, without the
// key. PROTOCOL 2.2 makes the low one (s <= n/2) the only valid one; SM2 has
// no such twin (its check uses r + s). Big-endian scalars compare as bytes.
using Scalar = std::array<std::uint8_t, kScalarBytes>;
constexpr Scalar kP256Order = {0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF,
                               0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17,
                               0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51};
constexpr Scalar kP256HalfOrder = {0x7F, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00, 0x7F, 0xFF, 0xFF,
                                   0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xDE, 0x73, 0x7D, 0x56, 0xD3, 0x8B,
                                   0xCF, 0x42, 0x79, 0xDC, 0xE5, 0x61, 0x7E, 0x31, 0x92, 0xA8};

bool has_high_s(const Signature::Raw& rs) {
  return std::lexicographical_compare(kP256HalfOrder.begin(), kP256HalfOrder.end(), rs.begin() + kScalarBytes,
                                      rs.end());
}

}  // namespace

Signature p256_twin(const Signature& sig) {
  Signature::Raw rs = sig.raw();
  int borrow = 0;
  for (std::size_t i = kScalarBytes; i-- > 0;) {
    const int d = kP256Order[i] - rs[kScalarBytes + i] - borrow;
    borrow = d < 0 ? 1 : 0;
    rs[kScalarBytes + i] = static_cast<std::uint8_t>(d + (borrow << 8));
  }
  return Signature::from_raw(rs);
}

Result<PublicKey> PublicKey::from_bytes(Suite suite, ByteView sec1_uncompressed) {
  const ByteView bytes = sec1_uncompressed;
  if (bytes.size() != kPointBytes || bytes[0] != 0x04) {
    return invalid(suite, "public key must be a 65-byte SEC1 uncompressed point "
                          "(0x04 || X || Y), got " + std::to_string(bytes.size()) + " bytes" +
                          (bytes.empty() ? "" : " starting with " + to_hex(bytes.first(1))));
  }
  const Curve curve = curve_of(suite);
  CS_ASSIGN_OR_RETURN(GroupPtr group, new_group(curve));
  Ptr<EC_POINT, EC_POINT_free> point(EC_POINT_new(group.get()));
  if (point == nullptr) return internal("EC_POINT_new");
  if (EC_POINT_oct2point(group.get(), point.get(), bytes.data(), bytes.size(), nullptr) != 1 ||
      EC_POINT_is_on_curve(group.get(), point.get(), nullptr) != 1) {
    ERR_clear_error();
    return invalid(suite, std::string("public key is not a point on curve ") + curve.group);
  }
  CS_ASSIGN_OR_RETURN(PkeyPtr pkey, make_pkey(curve, bytes, nullptr));
  return PublicKey(suite, Bytes(bytes.begin(), bytes.end()), std::move(pkey));
}

bool PublicKey::verify(ByteView message, const Signature& sig) const {
  if (suite_ == Suite::kP256Sha256 && has_high_s(sig.raw())) return false;
  Bytes der;
  try {
    der = sig.der();
  } catch (const std::bad_alloc&) {
    return false;
  }
  DigestCtx ctx;
  const bool ok = ctx.init(suite_, pkey_.get(), DigestCtx::Op::kVerify) &&
                  EVP_DigestVerify(ctx.get(), der.data(), der.size(), message.data(),
                                   message.size()) == 1;
  if (!ok) ERR_clear_error();  // a bad signature is an answer, not an error to keep
  return ok;
}

Result<PrivateKey> PrivateKey::generate(Suite suite) {
  const Curve curve = curve_of(suite);
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, curve.key_type, nullptr));
  EVP_PKEY* generated = nullptr;
  if (ctx == nullptr || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_group_name(ctx.get(), curve.group) != 1 ||
      EVP_PKEY_generate(ctx.get(), &generated) != 1) {
    return internal("EVP_PKEY_generate");
  }
  const PkeyPtr pkey(generated, EVP_PKEY_free);
  BIGNUM* d = nullptr;
  if (EVP_PKEY_get_bn_param(pkey.get(), OSSL_PKEY_PARAM_PRIV_KEY, &d) != 1) {
    return internal("EVP_PKEY_get_bn_param");
  }
  const BnPtr owned_d(d);
  Bytes scalar(kScalarBytes);
  if (BN_bn2binpad(d, scalar.data(), kScalarBytes) < 0) return internal("BN_bn2binpad");
  // Rebuilding through from_bytes applies the same range check and public
  // point derivation as imported keys.
  return from_bytes(suite, scalar);
}

Result<PrivateKey> PrivateKey::from_bytes(Suite suite, ByteView scalar) {
  if (scalar.size() != kScalarBytes) {
    return invalid(suite, "private key must be a 32-byte scalar, got " +
                              std::to_string(scalar.size()) + " bytes");
  }
  const Curve curve = curve_of(suite);
  CS_ASSIGN_OR_RETURN(GroupPtr group, new_group(curve));
  BnPtr d(BN_bin2bn(scalar.data(), kScalarBytes, nullptr));
  BnPtr limit(BN_dup(EC_GROUP_get0_order(group.get())));
  BnCtxPtr bn_ctx(BN_CTX_new());
  Ptr<EC_POINT, EC_POINT_free> point(EC_POINT_new(group.get()));
  if (d == nullptr || limit == nullptr || bn_ctx == nullptr || point == nullptr) {
    return internal("allocating BIGNUM/EC_POINT");
  }
  // SM2 signing inverts 1 + d, so GB/T 32918.1 takes d from [1, n - 2]
  // (OpenSSL 3.0 would retry k forever when signing with d = n - 1).
  if (suite == Suite::kSm2Sm3 && BN_sub_word(limit.get(), 1) != 1) return internal("BN_sub_word");
  if (BN_is_zero(d.get()) || BN_cmp(d.get(), limit.get()) >= 0) {
    return invalid(suite, suite == Suite::kSm2Sm3
                              ? "private key scalar must be in [1, n - 2]"
                              : "private key scalar must be in [1, n - 1]");
  }
  Bytes pub(kPointBytes);
  if (EC_POINT_mul(group.get(), point.get(), d.get(), nullptr, nullptr, bn_ctx.get()) != 1 ||
      EC_POINT_point2oct(group.get(), point.get(), POINT_CONVERSION_UNCOMPRESSED, pub.data(),
                         pub.size(), bn_ctx.get()) != kPointBytes) {
    return internal("deriving the public point");
  }
  CS_ASSIGN_OR_RETURN(PublicKey public_key, PublicKey::from_bytes(suite, pub));
  CS_ASSIGN_OR_RETURN(PkeyPtr pkey, make_pkey(curve, pub, d.get()));
  return PrivateKey(suite, Bytes(scalar.begin(), scalar.end()), std::move(public_key),
                    std::move(pkey));
}

Result<Signature> PrivateKey::sign(ByteView message) const {
  Bytes der(static_cast<std::size_t>(EVP_PKEY_get_size(pkey_.get())));
  std::size_t der_len = der.size();
  DigestCtx ctx;
  if (!ctx.init(suite_, pkey_.get(), DigestCtx::Op::kSign) ||
      EVP_DigestSign(ctx.get(), der.data(), &der_len, message.data(), message.size()) != 1) {
    return internal("EVP_DigestSign");
  }
  CS_ASSIGN_OR_RETURN(Signature sig, signature_from_der(ByteView(der).first(der_len)));
  if (suite_ == Suite::kP256Sha256 && has_high_s(sig.raw())) return p256_twin(sig);
  return sig;
}

}  // namespace chainslip

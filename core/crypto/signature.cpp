#include "core/crypto/signature.h"
#include "core/util/c_handle.h"

#include <openssl/bn.h>
#include <openssl/ec.h>

#include <algorithm>
#include <memory>
#include <new>
#include <string>

namespace chainslip {
namespace {

constexpr int kScalarBytes = 32;

using EcdsaSigPtr = CHandle<ECDSA_SIG, ECDSA_SIG_free>;

Error invalid(const char* why) {
  return make_error(ErrorCode::kInvalidArgument, std::string("invalid signature: ") + why);
}

}  // namespace

Result<Signature> Signature::parse(ByteView encoded) {
  Raw rs;
  if (encoded.size() == rs.size()) {
    std::copy(encoded.begin(), encoded.end(), rs.begin());
    return Signature(rs);
  }
  const unsigned char* p = encoded.data();
  const auto len = static_cast<long>(encoded.size());
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, len));
  if (sig == nullptr) {
    return invalid("neither 64 raw bytes (r||s) nor a DER SEQUENCE of two INTEGERs");
  }
  if (p != encoded.data() + encoded.size()) return invalid("trailing bytes after the DER SEQUENCE");

  // d2i is lenient (e.g. it reads a negative INTEGER as its magnitude), so
  // only an input that re-encodes to itself is accepted: DER is unique.
  unsigned char* der = nullptr;
  const int der_len = i2d_ECDSA_SIG(sig.get(), &der);
  if (der_len < 0) throw std::bad_alloc();
  const bool canonical = std::equal(der, der + der_len, encoded.begin(), encoded.end());
  OPENSSL_free(der);
  if (!canonical) {
    return invalid("not canonical DER (non-minimal or negative INTEGER, or long-form length)");
  }

  const BIGNUM* r = ECDSA_SIG_get0_r(sig.get());
  const BIGNUM* s = ECDSA_SIG_get0_s(sig.get());
  if (BN_is_zero(r) || BN_is_zero(s)) return invalid("r or s is zero");
  if (BN_bn2binpad(r, rs.data(), kScalarBytes) < 0 ||
      BN_bn2binpad(s, rs.data() + kScalarBytes, kScalarBytes) < 0) {
    return invalid("r or s is longer than 32 bytes");
  }
  return Signature(rs);
}

Bytes Signature::der() const {
  // These calls fail only when allocation fails.
  EcdsaSigPtr sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(rs_.data(), kScalarBytes, nullptr);
  BIGNUM* s = BN_bin2bn(rs_.data() + kScalarBytes, kScalarBytes, nullptr);
  if (sig == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    throw std::bad_alloc();
  }
  const int len = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (len < 0) throw std::bad_alloc();
  Bytes out(static_cast<std::size_t>(len));
  unsigned char* p = out.data();
  i2d_ECDSA_SIG(sig.get(), &p);
  return out;
}

}  // namespace chainslip

#pragma once

#include <memory>
#include <string_view>

#include "core/crypto/signature.h"
#include "core/crypto/suite.h"
#include "core/util/bytes.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace chainslip {

// SM2 distinguishing identifier (GB/T 32918.2 default). OpenSSL 3.0 uses an
// empty ID unless told, so it is always set explicitly.
inline constexpr std::string_view kSm2DistinguishingId = "1234567812345678";

// A public key of a suite: the SEC1 uncompressed point (0x04 || X || Y,
// 65 bytes) is its one wire form.
class PublicKey {
 public:
  static Result<PublicKey> from_bytes(Suite suite, ByteView sec1_uncompressed);

  Suite suite() const { return suite_; }
  const Bytes& bytes() const { return bytes_; }

  // True when `sig` is this key's signature over `message` under the suite
  // (SM2: SM3 with the Z value of kSm2DistinguishingId; P-256: ECDSA-SHA256
  // with s <= n/2 — the high-s twin of a valid signature is refused).
  bool verify(ByteView message, const Signature& sig) const;

 private:
  PublicKey(Suite suite, Bytes bytes, std::shared_ptr<evp_pkey_st> pkey)
      : suite_(suite), bytes_(std::move(bytes)), pkey_(std::move(pkey)) {}
  Suite suite_;
  Bytes bytes_;
  std::shared_ptr<evp_pkey_st> pkey_;
};

// A private key of a suite: the 32-byte big-endian scalar is its wire form.
class PrivateKey {
 public:
  static Result<PrivateKey> generate(Suite suite);
  static Result<PrivateKey> from_bytes(Suite suite, ByteView scalar);

  Suite suite() const { return suite_; }
  const Bytes& scalar() const { return scalar_; }
  const PublicKey& public_key() const { return public_; }

  // P-256 signatures come out low-s (see verify()).
  Result<Signature> sign(ByteView message) const;

 private:
  PrivateKey(Suite suite, Bytes scalar, PublicKey pub, std::shared_ptr<evp_pkey_st> pkey)
      : suite_(suite), scalar_(std::move(scalar)), public_(std::move(pub)), pkey_(std::move(pkey)) {}
  Suite suite_;
  Bytes scalar_;
  PublicKey public_;
  std::shared_ptr<evp_pkey_st> pkey_;
};

// The P-256 signature's twin (r, n - s), for 0 < s < n: equally valid to
// plain ECDSA, so low-s signing turns a high s into it, and a verifier must
// refuse the high one of the two.
Signature p256_twin(const Signature& sig);

}  // namespace chainslip

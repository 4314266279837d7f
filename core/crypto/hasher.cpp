#include "core/crypto/hasher.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <stdexcept>
#include <string>

namespace chainslip {
namespace {

// Hashing has no error channel (Merkle code returns plain Digests) and the
// EVP calls below fail only on allocation failure or a broken OpenSSL
// install, so such a failure is thrown like std::bad_alloc would be.
[[noreturn]] void throw_openssl(const char* what) {
  const unsigned long code = ERR_get_error();
  char buf[256] = "no OpenSSL error queued";
  if (code != 0) ERR_error_string_n(code, buf, sizeof buf);
  ERR_clear_error();
  throw std::runtime_error(std::string(what) + ": " + buf);
}

// Fetched once per process: an implicit fetch per init costs a lookup in
// the provider's method store. Intentionally never freed.
const EVP_MD* digest_of(Suite suite) {
  static const EVP_MD* const sm3 = EVP_MD_fetch(nullptr, "SM3", nullptr);
  static const EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  const EVP_MD* md = suite == Suite::kSm2Sm3 ? sm3 : sha256;
  if (md == nullptr) throw_openssl("EVP_MD_fetch");
  return md;
}

}  // namespace

struct Hasher::Impl {
  EVP_MD_CTX* ctx = nullptr;
  ~Impl() { EVP_MD_CTX_free(ctx); }
};

Hasher::Hasher(Suite suite) : suite_(suite), impl_(std::make_unique<Impl>()) {
  impl_->ctx = EVP_MD_CTX_new();
  if (impl_->ctx == nullptr || EVP_DigestInit_ex2(impl_->ctx, digest_of(suite), nullptr) != 1) {
    throw_openssl("EVP_DigestInit_ex2");
  }
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

Hasher& Hasher::update(ByteView data) {
  if (EVP_DigestUpdate(impl_->ctx, data.data(), data.size()) != 1) {
    throw_openssl("EVP_DigestUpdate");
  }
  return *this;
}

Hasher& Hasher::update(std::uint8_t byte) { return update(ByteView(&byte, 1)); }

Digest Hasher::finish() {
  Digest out;
  // Re-initialising with a NULL type keeps the fetched digest. OpenSSL 3.0
  // still frees and re-creates the provider's small digest state here (one
  // malloc per message; EVP offers no allocation-free reset), while update()
  // never allocates.
  if (EVP_DigestFinal_ex(impl_->ctx, out.data(), nullptr) != 1 ||
      EVP_DigestInit_ex2(impl_->ctx, nullptr, nullptr) != 1) {
    throw_openssl("EVP_DigestFinal_ex");
  }
  return out;
}

Digest hash(Suite suite, ByteView data) {
  // Reuses one context per thread and suite rather than creating one per call.
  thread_local Hasher sm3(Suite::kSm2Sm3);
  thread_local Hasher sha256(Suite::kP256Sha256);
  return (suite == Suite::kSm2Sm3 ? sm3 : sha256).update(data).finish();
}

}  // namespace chainslip

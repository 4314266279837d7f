#pragma once

#include <memory>

#include "core/crypto/suite.h"
#include "core/util/bytes.h"

namespace chainslip {

// Incremental hash of the suite (SM3 or SHA-256) over OpenSSL EVP.
// A Hasher can be reused: finish() resets it for the next message.
class Hasher {
 public:
  explicit Hasher(Suite suite);
  ~Hasher();
  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  Hasher& update(ByteView data);
  Hasher& update(std::uint8_t byte);
  Digest finish();

  Suite suite() const { return suite_; }

 private:
  struct Impl;
  Suite suite_;
  std::unique_ptr<Impl> impl_;
};

// One-shot convenience: H(data).
Digest hash(Suite suite, ByteView data);

}  // namespace chainslip

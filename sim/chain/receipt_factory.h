#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "core/receipt/receipt.h"

namespace chainslip::sim {

// Makes plausible receipts (Chinese item names, realistic prices, a mix of
// kinds) from a seeded generator, so runs are reproducible.
class ReceiptFactory {
 public:
  explicit ReceiptFactory(std::uint64_t seed) : rng_(seed) {}

  // A receipt of `issuer` with the given 票据代码 and sequence number.
  Receipt make(const std::string& issuer_id, const std::string& issuer_name, const std::string& code,
               std::uint64_t sequence, std::uint64_t issued_at);

 private:
  std::mt19937_64 rng_;
};

}  // namespace chainslip::sim

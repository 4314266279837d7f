#pragma once

#include <cstdint>
#include <string>

#include "core/store/exchange_journal.h"

namespace chainslip::test {

// The i-th of a series of distinct refund requests for one chain and
// issuer, as the journal tests record them.
inline ExchangeRequest sample_exchange_request(int i) {
  ExchangeRequest r;
  r.chain_id = "zj-fiscal-test";
  r.code = "33010126";
  r.number = std::to_string(1000000000 + i);
  r.receipt_hash.fill(static_cast<std::uint8_t>(i));
  r.reason = std::string(kConvertReasonRefund);
  return r;
}

}  // namespace chainslip::test

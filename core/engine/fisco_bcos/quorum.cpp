#include "core/engine/fisco_bcos/quorum.h"

#include <limits>

namespace chainslip::fisco {

Result<std::uint64_t> required_weight(const std::vector<std::uint64_t>& consensus_weights) {
  constexpr std::uint64_t kMaxTotal = std::numeric_limits<std::int64_t>::max();
  std::uint64_t total = 0;
  for (std::uint64_t weight : consensus_weights) {
    if (weight > kMaxTotal - total) {
      return make_error(ErrorCode::kInsufficientQuorum, "consensus weights add up past 2^63");
    }
    total += weight;
  }
  if (total == 0) return make_error(ErrorCode::kInsufficientQuorum, "no consensus weight: nothing can reach a quorum");
  return total - (total - 1) / 3;
}

}  // namespace chainslip::fisco

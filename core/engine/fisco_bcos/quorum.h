#pragma once

#include <cstdint>
#include <vector>

#include "core/util/result.h"

namespace chainslip::fisco {

// The weight a header's signatures must reach (PBFTConfig::updateQuorum):
// total - floor((total - 1) / 3) over the consensus weights, i.e. more than
// two thirds. No sealers, a total of 0 or a total past 2^63 is
// kInsufficientQuorum: nothing could reach it.
Result<std::uint64_t> required_weight(const std::vector<std::uint64_t>& consensus_weights);

}  // namespace chainslip::fisco

#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/crypto/suite.h"

namespace chainslip::sim {

// The chain id of every simulated chain unless told otherwise: ChainBuilder's
// (make-demo, the security corpus in tests/security/corpus, the tests) and
// ChainNode's (`chainslip-sim node`, the scenarios, the soak) alike.
inline constexpr std::string_view kSimChainId = "chainslip-demo";

// What every simulated chain is made from, in memory (ChainBuilder::Options)
// or behind the node (ChainNode::Options adds its own).
struct SimChainOptions {
  Suite suite = kDefaultSuite;
  std::string chain_id{kSimChainId};
  std::size_t validator_count = 4;                    // the genesis set, each of weight 1
  std::uint64_t genesis_time_ms = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
};

}  // namespace chainslip::sim

#pragma once

#include <string>

#include "core/engine/fisco_bcos/chain_crypto.h"
#include "core/util/result.h"

namespace chainslip::simapp {

// `chainslip-sim make-demo DIR --engine fisco-bcos`: a simulated FISCO BCOS
// 3.x chain's trust anchor (PROTOCOL 11.8), bundles that verify (11.10; the
// later ones after a sealer joined, with the change) and bundles that lie,
// named <lie>.<expected reason>.json. The chain's keys come from fixed seeds
// and are not written.
Status make_fisco_demo(const std::string& dir, fisco::ChainCrypto crypto);

}  // namespace chainslip::simapp

#pragma once

#include <string>

#include "core/engine/fisco_bcos/chain_crypto.h"
#include "core/util/result.h"

namespace chainslip::simapp {

// `chainslip-sim make-demo DIR --engine fisco-bcos`: the demo FISCO BCOS 3.x
// chain of sim/fisco/demo_chain.h written out: its trust anchor (PROTOCOL
// 11.8), the bundles that verify (11.10) and the lies, named
// <lie>.<expected reason>.json. Its keys come from fixed seeds and are not
// written.
Status make_fisco_demo(const std::string& dir, fisco::ChainCrypto crypto);

}  // namespace chainslip::simapp

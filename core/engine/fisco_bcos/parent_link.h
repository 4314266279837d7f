#pragma once

#include "core/engine/fisco_bcos/block_header.h"
#include "core/engine/fisco_bcos/chain_crypto.h"
#include "core/util/result.h"

namespace chainslip::fisco {

// Checks that `child` follows `parent`: the child's number is the parent's
// plus one, and its parentInfo is exactly one entry naming the parent's
// number and the parent's hash as recomputed from its fields (the parent's
// stated hash must agree: kHeaderHashMismatch). Otherwise kParentMismatch.
Status check_parent_link(ChainCrypto crypto, const BlockHeader& parent, const BlockHeader& child);

}  // namespace chainslip::fisco

#pragma once

#include <string_view>

#include "sim/node/chain_node.h"

namespace chainslip::sim {

// The ways a lying node misrepresents the chain. Each must be caught by the
// kiosk's verifier with one specific reason (docs/PROTOCOL.md, "Simulated
// node"):
enum class Lie {
  kTamperedReceipt,    // receipt payer changed                     -> issuer_signature_invalid
  kBadProof,           // audit path node flipped (or tree_size +1)  -> inclusion_proof_invalid
  kTooFewSignatures,   // floor(2n/3) of n signatures kept           -> insufficient_quorum
  kUnknownValidators,  // every signature by a key outside the set  -> unknown_validator
  kWrongChainId,       // header of another chain, validly signed    -> wrong_chain_id
  kForkedHeader,       // same height, other tx_root, signed by the
                       // floor((n-1)/3) validators a fork can have  -> insufficient_quorum
};

std::string_view lie_name(Lie lie);
Result<Lie> parse_lie(std::string_view name);

// A lying version of a header (GET /v1/headers/...). kTamperedReceipt and
// kBadProof leave headers alone.
Result<BlockHeader> lie_about_header(const ChainNode& node, Lie lie, BlockHeader header);

// A lying version of a header and an inclusion proof of the transaction whose
// leaf hash is `leaf` (GET /v1/transactions/{hash}, and bundles).
Status lie_about_inclusion(const ChainNode& node, Lie lie, const Digest& leaf, BlockHeader& header,
                           InclusionProof& proof);

// A lying version of a receipt bundle (GET /v1/receipts/...).
Result<ReceiptBundle> lie_about_bundle(const ChainNode& node, Lie lie, ReceiptBundle bundle);

}  // namespace chainslip::sim

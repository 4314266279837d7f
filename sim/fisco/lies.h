#pragma once

#include <cstdint>
#include <vector>

#include "core/engine/fisco_bcos/block_header.h"
#include "core/engine/fisco_bcos/transaction.h"
#include "sim/fisco/chain_key.h"
#include "sim/fisco/fisco_chain.h"

namespace chainslip::sim::fisco {

// What a lying FISCO BCOS node could serve, made from honest objects of a
// FiscoChain; each comment names the ErrorCode core's verifier must refuse
// it with (the tests hold it to that). Never built into the kiosk.

// The header with signature `index` (of signatureList) changed in one byte
// of its s (unchanged when there is no such signature):
// verify_sealed_header() -> kValidatorSignatureInvalid.
chainslip::fisco::BlockHeader with_corrupted_signature(chainslip::fisco::BlockHeader header,
                                                       std::size_t index);

// The header as it is, its sealer list the trusted one, but each signature
// made by an outsider's key (outsiders[i] signs for signatureList entry i):
// verify_sealed_header() -> kValidatorSignatureInvalid. kInvalidArgument
// when there are fewer outsiders than signatures.
Result<chainslip::fisco::BlockHeader> signed_by_outsiders(ChainCrypto crypto,
                                                          chainslip::fisco::BlockHeader header,
                                                          const std::vector<ChainKey>& outsiders);

// A header at the same height whose sealer list is the forgers' (weight 1
// each), restated and signed by all of them. It is self-consistent, so
// verify_sealed_header() alone accepts it: it is refused by comparing its
// sealer list with the trusted one (fisco::LightClient), and,
// being another block than the chain's, as the parent of the chain's next
// header: check_parent_link() -> kParentMismatch.
Result<chainslip::fisco::BlockHeader> with_forged_sealer_list(ChainCrypto crypto,
                                                              chainslip::fisco::BlockHeader header,
                                                              const std::vector<ChainKey>& forgers);

// A well-formed proof for `leaf` that leads to another root (the leaf
// paired with an invented sibling): put in a transaction's or receipt's
// proof, verify_*_in_header() -> kInclusionProofInvalid.
std::vector<Digest> proof_to_another_root(ChainCrypto crypto, const Digest& leaf);

// The transaction with one input byte changed and its stated hash kept:
// check_transaction() -> kObjectHashMismatch.
chainslip::fisco::Transaction with_tampered_input(chainslip::fisco::Transaction tx);

// Seals `tx` in the chain's next block as a transaction that reverted
// (status 16, as the EVM's revert), honestly signed: the node that offers
// its receipt as a receipt's issuance lies about what the chain recorded,
// and verify_receipt_in_header() -> kTransactionFailed.
Result<FiscoBlock> seal_reverted(FiscoChain& chain, chainslip::fisco::Transaction tx);

}  // namespace chainslip::sim::fisco

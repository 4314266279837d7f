#include "sim/fisco/lies.h"

#include <string>

#include "core/engine/fisco_bcos/object_hash.h"
#include "sim/fisco/merkle_tree.h"

namespace chainslip::sim::fisco {
namespace {

constexpr std::size_t kSOffset = 40;     // a byte inside s (r||s||v or r||s)
constexpr std::int32_t kEvmRevert = 16;  // the status a node records for a reverted call

}  // namespace

chainslip::fisco::BlockHeader with_corrupted_signature(chainslip::fisco::BlockHeader header,
                                                       std::size_t index) {
  if (index < header.signatures.size() && header.signatures[index].signature.size() > kSOffset) {
    header.signatures[index].signature[kSOffset] ^= 0x01;
  }
  return header;
}

Result<chainslip::fisco::BlockHeader> signed_by_outsiders(ChainCrypto crypto,
                                                          chainslip::fisco::BlockHeader header,
                                                          const std::vector<ChainKey>& outsiders) {
  if (outsiders.size() < header.signatures.size()) {
    return make_error(ErrorCode::kInvalidArgument, "need " + std::to_string(header.signatures.size()) +
                                                       " outsiders, have " +
                                                       std::to_string(outsiders.size()));
  }
  const Digest hash = chainslip::fisco::header_hash(crypto, header);
  for (std::size_t i = 0; i < header.signatures.size(); ++i) {
    CS_ASSIGN_OR_RETURN(header.signatures[i].signature, outsiders[i].sign_header_hash(hash));
  }
  return header;
}

Result<chainslip::fisco::BlockHeader> with_forged_sealer_list(ChainCrypto crypto,
                                                              chainslip::fisco::BlockHeader header,
                                                              const std::vector<ChainKey>& forgers) {
  header.sealer_list.clear();
  header.consensus_weights.clear();
  header.signatures.clear();
  header.sealer = 0;
  for (const ChainKey& forger : forgers) {
    header.sealer_list.push_back(forger.public_key());
    header.consensus_weights.push_back(1);
  }
  header.stated_hash = chainslip::fisco::header_hash(crypto, header);
  for (std::size_t i = 0; i < forgers.size(); ++i) {
    CS_ASSIGN_OR_RETURN(Bytes signature, forgers[i].sign_header_hash(header.stated_hash));
    header.signatures.push_back({i, std::move(signature)});
  }
  return header;
}

std::vector<Digest> proof_to_another_root(ChainCrypto crypto, const Digest& leaf) {
  const Digest sibling =
      chainslip::fisco::chain_hash(crypto, as_bytes("chainslip-sim fisco invented sibling"));
  auto tree = FiscoMerkleTree::build(crypto, {leaf, sibling});
  return tree.ok() ? tree->proof(0) : std::vector<Digest>{};
}

chainslip::fisco::Transaction with_tampered_input(chainslip::fisco::Transaction tx) {
  if (tx.input.empty()) {
    tx.input.push_back(0);
  } else {
    tx.input.back() ^= 0x01;
  }
  return tx;
}

Result<FiscoBlock> seal_reverted(FiscoChain& chain, chainslip::fisco::Transaction tx) {
  BlockPlan plan;
  plan.transactions.push_back(std::move(tx));
  plan.failed[0] = kEvmRevert;
  return chain.seal_block(std::move(plan));
}

}  // namespace chainslip::sim::fisco

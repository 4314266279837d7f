#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/util/bytes.h"

namespace chainslip::fisco {

// One parentInfo entry: the parent block's number and hash.
struct ParentInfo {
  std::int64_t number = 0;
  Digest hash{};
};

// One entry of signatureList: sealerIndex points into sealerList.
struct SealerSignature {
  std::uint64_t sealer_index = 0;
  Bytes signature;  // SM2: r||s (64 bytes); secp256k1: r||s||v (65 bytes)
};

// A FISCO BCOS 3.x block header as getBlockByNumber(onlyHeader) prints it,
// holding exactly the fields the node hashes (Block.tars BlockHeaderData)
// plus the signatures and the hash the node stated. Nothing here is
// trusted: header_hash() recomputes, header_verifier checks.
struct BlockHeader {
  std::int32_t version = 0;
  std::vector<ParentInfo> parents;
  Digest txs_root{};
  Digest receipts_root{};
  Digest state_root{};
  std::int64_t number = 0;
  std::string gas_used;  // decimal, as printed ("24363")
  std::int64_t timestamp = 0;
  std::int64_t sealer = 0;  // index of the proposer in sealer_list
  std::vector<Bytes> sealer_list;  // node IDs: 64-byte public keys (X||Y)
  Bytes extra_data;
  std::vector<std::uint64_t> consensus_weights;  // one per sealer, same order
  std::vector<SealerSignature> signatures;
  Digest stated_hash{};  // the node's `hash` field: compared, never used
};

}  // namespace chainslip::fisco

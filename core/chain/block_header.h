#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/chain/validator_set.h"

namespace chainslip {

inline constexpr std::uint32_t kHeaderVersion = 1;

// A block header of the consortium chain. The validators sign the header hash
// H(canonical_header_bytes); the signatures themselves are not hashed.
struct BlockHeader {
  std::uint32_t version = kHeaderVersion;
  std::string chain_id;
  std::uint64_t height = 0;
  std::uint64_t timestamp_ms = 0;  // Unix milliseconds
  Digest parent_hash{};
  Digest tx_root{};       // RFC 9162 root over the block's transactions
  std::uint64_t tx_count = 0;  // the tree size of tx_root
  Digest validator_set_hash{};  // the set in force at this height
  std::vector<ValidatorSignature> signatures;
  // A "hash" the sender put in the JSON. Never used: only compared with the
  // locally computed hash (a mismatch is kHeaderHashMismatch).
  std::optional<Digest> claimed_hash;
};

Bytes canonical_header_bytes(const BlockHeader& header);
Digest header_hash(Suite suite, const BlockHeader& header);

Result<BlockHeader> header_from_json(const Json& value, const std::string& where);
// Writes "hash" too: the claimed hash if there is one, else the computed
// one (for humans and tools; verifiers only compare it).
Json header_to_json(Suite suite, const BlockHeader& header);

}  // namespace chainslip

#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/util/bytes.h"

namespace chainslip::fisco {

// Transaction versions (bcos-framework TransactionVersion): V1 adds the gas
// and value fields to the hash, V2 the extension bytes.
inline constexpr std::int32_t kTransactionV1 = 1;
inline constexpr std::int32_t kTransactionV2 = 2;

using Address = std::array<std::uint8_t, 20>;

// A FISCO BCOS 3.x transaction as getTransaction prints it: the fields the
// node hashes (Transaction.tars TransactionData), its signature and sender,
// and the inclusion proof when the node was asked for one.
struct Transaction {
  std::int32_t version = 0;
  std::string chain_id;
  std::string group_id;
  std::int64_t block_limit = 0;
  std::string nonce;  // the nonce string itself, as hashed (see NonceForm in node_json.h)
  std::string to;     // as the sender wrote it: hashed as text, "0x…" included
  Bytes input;
  std::string abi;
  // Version 1 and later:
  std::string value;
  std::string gas_price;
  std::int64_t gas_limit = 0;
  std::string max_fee_per_gas;
  std::string max_priority_fee_per_gas;
  // Version 2 and later:
  Bytes extension;

  Bytes signature;  // secp256k1: r||s||v (65); SM2: r||s||public key (128)
  Address from{};
  std::optional<std::vector<Digest>> proof;  // txProof
  Digest stated_hash{};
};

}  // namespace chainslip::fisco

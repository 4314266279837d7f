#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/util/bytes.h"

namespace chainslip::fisco {

struct LogEntry {
  std::string address;  // as the node holds it (hashed as text)
  std::vector<Digest> topics;
  Bytes data;
};

// A FISCO BCOS 3.x transaction receipt as getTransactionReceipt prints it:
// the fields the node hashes (TransactionReceipt.tars
// TransactionReceiptData), the transaction it belongs to and the inclusion
// proof when the node was asked for one.
struct TransactionReceipt {
  std::int32_t version = 0;
  std::string gas_used;          // decimal, as printed
  std::string contract_address;  // as the node holds it: without the "0x" the node prints
  // Printed beside it, mixed case by the chain's hash of contract_address;
  // check_receipt_fields() recomputes it.
  std::optional<std::string> checksum_contract_address;
  std::int32_t status = 0;       // 0: the transaction succeeded
  Bytes output;
  std::string effective_gas_price;  // version 1 and later
  std::vector<LogEntry> logs;
  std::int64_t block_number = 0;

  // Copied by the node from the transaction (3.x prints them); absent in
  // older replies. check_receipt_of_transaction() ties them to it.
  Digest transaction_hash{};
  std::optional<std::array<std::uint8_t, 20>> from;
  std::optional<std::string> to;
  std::optional<Bytes> input;
  std::optional<std::vector<Digest>> proof;  // txReceiptProof
  Digest stated_hash{};
};

}  // namespace chainslip::fisco

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/chain/transaction.h"

namespace chainslip {

// A receipt's status on chain (docs/PROTOCOL.md section 8).
enum class ReceiptStatus { kIssued, kConverted, kPosted, kReversed };

std::string_view receipt_status_name(ReceiptStatus status);  // "issued", "converted", "posted", "reversed"
Result<ReceiptStatus> parse_receipt_status(std::string_view name);

// The active paper copy (换开的纸质票据) of a converted receipt.
struct ActivePaper {
  std::string paper_code;
  std::string paper_number;
  std::string device_id;
  std::uint64_t time = 0;
};

struct HistoryEntry {
  TxType type;
  Digest tx_hash;
  std::uint64_t height;
};

inline constexpr std::size_t kMaxReceiptHistory = 4096;

// What a node says about a receipt's status (GET /v1/receipts/{code}/{number}/status).
// Advisory only: a kiosk acts on its own verified inclusion proofs, never on this.
struct ReceiptStatusView {
  ReceiptStatus status = ReceiptStatus::kIssued;
  std::optional<ActivePaper> paper;
  std::vector<HistoryEntry> history;  // in chain order, starting with the issue tx
};

// {"status", "paper": {...} or null, "history": [{"type", "tx_hash", "height"}, ...]}; strict.
Result<ReceiptStatusView> receipt_status_from_json(const Json& value, const std::string& where);
Json receipt_status_to_json(const ReceiptStatusView& view);

}  // namespace chainslip

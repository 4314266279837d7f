#pragma once

#include <cstdint>
#include <string>

#include "core/chain/transaction.h"
#include "core/receipt/receipt.h"

namespace chainslip {

// Why the patient exchanges the e-receipt for paper (换开原因).
enum class ExchangeReason { kRefund, kOther };

// What the kiosk asks the printer to print: the content of the paper copy
// (纸质版) of one verified e-receipt, with where it stands on chain and which
// paper it is. Plain data: the printer driver lays it out for its printer
// (drivers/printer/layout: a LaidOutTicket).
struct PaperCopyContent {
  Receipt receipt;                 // verified: its bundle checked end to end
  std::string chain_id;            // 链标识
  std::uint64_t block_height = 0;  // of the header proving the conversion (区块标识)
  std::string block_hash_hex;      // that header's hash, lowercase hex
  PaperCopy paper;                 // 纸质票据 code (8 digits) and number (10), as the convert transaction has them
  std::string qr_payload;          // format_paper_copy_code(paper_copy_code_for(receipt))
  std::uint64_t printed_at = 0;    // Unix seconds, UTC
  ExchangeReason reason = ExchangeReason::kRefund;
  std::string kiosk_id;
};

// A 作废 slip: printed after a paper copy whose printing began was voided on
// chain, so a torn or whole-looking copy of that serial in the tray is not
// taken for a valid one. It carries no QR code.
struct VoidSlipContent {
  PaperCopy paper;             // the voided paper's code and number
  std::string receipt_code;    // the e-receipt it was a copy of
  std::string receipt_number;
  std::uint64_t voided_at = 0;  // Unix seconds, UTC
  std::string kiosk_id;
};

}  // namespace chainslip

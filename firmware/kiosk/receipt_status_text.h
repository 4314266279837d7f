#pragma once

#include <optional>

#include "core/chain/receipt_status.h"
#include "firmware/kiosk/kiosk_states.h"

namespace chainslip {

// The receipt's status as the chain has it, in the patient's words: the badge
// of the receipt card ("已换开纸质票据：编号 33010199-0000000042，
// 2026-12-07 09:30，自助机 KIOSK-01", "已入账", "已冲红"; "已核验" for an
// issued one).
Notice chain_status_badge(const ReceiptStatusView& status);

// Why a receipt with this status is offered no exchange (each paper copy
// once, never of a posted or reversed receipt), or nullopt when it may be
// exchanged (issued).
std::optional<Notice> closed_receipt_notice(ReceiptStatus status);

}  // namespace chainslip

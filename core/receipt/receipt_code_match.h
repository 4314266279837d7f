#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/receipt/receipt.h"
#include "core/receipt/receipt_code.h"
#include "core/util/result.h"

namespace chainslip {

// The code a receipt carries in `form`, with the platform's own fields as
// given (the simulator mints them; a kiosk never builds a code itself).
ReceiptCode receipt_code_for(const Receipt& receipt, ReceiptCodeForm form,
                             std::vector<std::pair<std::string, std::string>> platform_fields);

// After the bundle verified (PROTOCOL 6): every field the code carries must
// equal the receipt's; the amount compared exactly in fen, the date as the
// receipt's issue day in China Standard Time. kInvalidArgument naming the
// first field that differs.
Status check_receipt_code_matches(const ReceiptCode& code, const Receipt& receipt);

}  // namespace chainslip

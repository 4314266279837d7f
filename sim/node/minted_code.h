#pragma once

#include "core/receipt/receipt.h"
#include "core/receipt/receipt_code.h"

namespace chainslip::sim {

// The QR code the simulated platform prints on a receipt it issues, in
// `form`. The platform's own fields (t, a, s / app_id, security), whose
// meaning the national platform does not publish, are made up here and
// derived from the receipt, so every run mints the same codes.
ReceiptCode minted_code(const Receipt& receipt, ReceiptCodeForm form);

}  // namespace chainslip::sim

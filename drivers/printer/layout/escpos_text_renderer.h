#pragma once

#include "core/util/result.h"
#include "drivers/printer/job/print_job_builder.h"
#include "drivers/printer/layout/laid_out_ticket.h"

namespace chainslip::escpos {

// Appends a paper document as ESC/POS text: GB18030 lines (after FS & when
// the profile needs it) with alignment, size and emphasis commands, then the
// QR code natively (GS ( k) when `native_qr`, else as a raster image.
// kFailedPrecondition when the profile has no Chinese font or cannot print
// the QR that way.
Status render_escpos_text(const LaidOutTicket& doc, bool native_qr, PrintJobBuilder& job);

}  // namespace chainslip::escpos

#pragma once

#include "core/hal/paper_copy_content.h"
#include "core/receipt/payer_mask.h"
#include "core/util/result.h"
#include "drivers/printer/job/print_job.h"
#include "drivers/printer/profiles/printer_profile.h"

namespace chainslip::escpos {

enum class LayoutMode {
  kText,        // ESC/POS text in GB18030 (FS & when the profile needs it)
  kFullRaster,  // everything drawn into an image sent as GS v 0 strips
};

enum class QrMode {
  kPreferNative,  // GS ( k when the profile has it, else raster
  kForceRaster,   // always drawn here with libqrencode
};

struct LayoutOptions {
  LayoutMode mode = LayoutMode::kText;
  PayerDisplay payer = PayerDisplay::kMasked;
  QrMode qr = QrMode::kPreferNative;
  bool english = false;  // English beside the Chinese on the paper copy (the official copy is Chinese)
};

// The mode a printer needs: kFullRaster when it has no Chinese font.
LayoutMode layout_mode_for(const PrinterProfile& profile);

// The paper copy (纸质版) of a verified e-receipt as a job for `profile`'s
// printer (docs/PRINTING.md shows the layout): ESC @, the receipt's fields,
// items and totals (figures and 大写), where it stands on chain, the paper
// marking, the QR code (level M), then the feed and cut. Every unit is at
// most profile.max_unit_bytes(); raster images go as strips of at most
// profile.max_raster_strip_bytes.
// Errors: kInvalidArgument for a paper copy that fails its checks (the
// receipt's rules, a QR payload that is not this receipt's, text with control
// characters); kFailedPrecondition when the printer cannot print it that way
// (kText without a Chinese font, nothing to print the QR or the raster with,
// fewer than 24 columns); kNotFound when kFullRaster has no bitmap font.
Result<PrintJob> layout_paper_copy(const PaperCopyContent& copy, const PrinterProfile& profile,
                                   const LayoutOptions& options);

// A 作废 slip (docs/PRINTING.md): 作废 in large type, the voided paper's
// serial, the e-receipt it belonged to, when and where, then the cut. No QR
// code. Errors as layout_paper_copy's.
Result<PrintJob> layout_void_slip(const VoidSlipContent& slip, const PrinterProfile& profile,
                                  const LayoutOptions& options);

}  // namespace chainslip::escpos

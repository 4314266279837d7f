#pragma once

#include "core/text/bitmap_font.h"
#include "core/util/result.h"
#include "drivers/printer/job/print_job_builder.h"
#include "drivers/printer/layout/laid_out_ticket.h"

namespace chainslip::escpos {

// One column of a fully rasterised paper copy, in dots: the bitmap font's
// half-width cell, so a line of N columns is N * 12 dots as in Font A.
inline constexpr int kRasterColumnDots = BitmapFont::kHalfWidthCell;

// Appends a paper document drawn entirely into one image (text in `font`,
// then the QR code), sent as GS v 0 strips: for printers without a Chinese
// font. Nothing goes out as text.
Status render_raster(const LaidOutTicket& doc, const BitmapFont& font, PrintJobBuilder& job);

}  // namespace chainslip::escpos

#pragma once

#include <string>

#include "core/util/bytes.h"
#include "core/util/result.h"
#include "drivers/printer/job/print_job.h"
#include "drivers/printer/layout/mono_bitmap.h"
#include "drivers/printer/profiles/printer_profile.h"

namespace chainslip::escpos {

// Packs complete ESC/POS commands into a PrintJob's units for one printer:
// consecutive commands share a unit while it stays within the profile's
// max_unit_bytes(); a command is never split across units.
class PrintJobBuilder {
 public:
  PrintJobBuilder(const PrinterProfile& profile, std::string label);

  // kInvalidArgument when one command alone is larger than a unit may be.
  Status add(const Bytes& command);
  // The image as GS v 0 strips of at most max_raster_strip_bytes of data
  // each, every strip a command of its own.
  Status add_raster(const MonoBitmap& image);
  // Ends the ticket: feed_before_cut_dots, then the profile's preferred cut
  // (GS V 65/66 n), or only the feed when the printer has a tear bar.
  Status add_ticket_end();

  const PrinterProfile& profile() const { return profile_; }
  PrintJob finish() &&;

 private:
  const PrinterProfile& profile_;
  PrintJob job_;
};

}  // namespace chainslip::escpos

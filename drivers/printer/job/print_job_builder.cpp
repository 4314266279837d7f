#include "drivers/printer/job/print_job_builder.h"

#include <algorithm>

#include "drivers/printer/escpos/escpos_commands.h"

namespace chainslip::escpos {

PrintJobBuilder::PrintJobBuilder(const PrinterProfile& profile, std::string label) : profile_(profile) {
  job_.label = std::move(label);
}

Status PrintJobBuilder::add(const Bytes& command) {
  const std::size_t max = profile_.max_unit_bytes();
  if (command.size() > max) {
    return make_error(ErrorCode::kInvalidArgument,
                      "a " + std::to_string(command.size()) + "-byte command does not fit printer profile " +
                          profile_.id + "'s " + std::to_string(max) + "-byte unit");
  }
  if (job_.units.empty() || job_.units.back().size() + command.size() > max) job_.units.emplace_back();
  job_.units.back().insert(job_.units.back().end(), command.begin(), command.end());
  return {};
}

Status PrintJobBuilder::add_raster(const MonoBitmap& image) {
  if (!profile_.raster_image) {
    return make_error(ErrorCode::kFailedPrecondition,
                      "printer profile " + profile_.id + " has no raster images (GS v 0)");
  }
  // GS v 0 carries the width in bytes and the height in 16-bit fields.
  const std::size_t row_bytes = image.row_bytes();
  const int rows_per_strip = static_cast<int>(
      std::min<std::size_t>(profile_.max_raster_strip_bytes / std::max<std::size_t>(row_bytes, 1), 0xFFFF));
  for (int y = 0; y < image.height(); y += rows_per_strip) {
    const int rows = std::min(rows_per_strip, image.height() - y);
    CS_RETURN_IF_ERROR(add(escpos::raster_image(static_cast<std::uint16_t>(row_bytes),
                                                static_cast<std::uint16_t>(rows), image.rows(y, rows))));
  }
  return {};
}

Status PrintJobBuilder::add_ticket_end() {
  const auto feed = static_cast<std::uint8_t>(profile_.feed_before_cut_dots);
  const std::optional<CutSupport> cut = profile_.preferred_cut();
  if (!cut) return add(escpos::feed_dots(feed));
  return add(escpos::feed_and_cut(*cut == CutSupport::kFull ? escpos::CutKind::kFull : escpos::CutKind::kPartial,
                                  feed));
}

PrintJob PrintJobBuilder::finish() && { return std::move(job_); }

}  // namespace chainslip::escpos

#include "drivers/printer/layout/raster_renderer.h"

#include <algorithm>

#include "core/text/utf8.h"
#include "drivers/printer/escpos/gb18030_text.h"
#include "drivers/printer/layout/qr_raster.h"

namespace chainslip::escpos {
namespace {

// Rows between lines: 24-dot glyphs on Epson's default 30-dot line pitch.
constexpr int kLineGap = 6;

int line_height(const TicketLine& line) { return BitmapFont::kCellHeight * line.scale + kLineGap; }

// Draws `line` with its glyph tops at row `top`. Each character advances by
// its printer columns (gb18030_text's measure), so columns line up exactly
// as the layout computed them, whatever width the font gives a glyph.
void draw_line(const TicketLine& line, const BitmapFont& font, int top, MonoBitmap& page) {
  const int text_dots = text_columns(line.text) * kRasterColumnDots * line.scale;
  int x = 0;
  if (line.align == escpos::Align::kCenter) x = std::max(0, (page.width() - text_dots) / 2);
  if (line.align == escpos::Align::kRight) x = std::max(0, page.width() - text_dots);
  for (const Utf8Char& c : utf8_chars(line.text)) {
    const UnifontGlyph& glyph = font.glyph(font.has(c.cp) ? c.cp : U'?');
    const int cell = char_columns(c.cp) * kRasterColumnDots;
    const int width = std::min(BitmapFont::cell_width(glyph), cell) * line.scale;
    for (int y = 0; y < BitmapFont::kCellHeight * line.scale; ++y) {
      for (int dx = 0; dx < width; ++dx) {
        if (!BitmapFont::cell_dot(glyph, dx / line.scale, y / line.scale)) continue;
        page.set(x + dx, top + y);
        if (line.bold) page.set(x + dx + 1, top + y);  // double strike, one dot right, as printers do
      }
    }
    x += cell * line.scale;
  }
}

}  // namespace

Status render_raster(const LaidOutTicket& doc, const BitmapFont& font, PrintJobBuilder& job) {
  const PrinterProfile& profile = job.profile();
  MonoBitmap qr(0, 0);
  if (!doc.qr_payload.empty()) {
    CS_ASSIGN_OR_RETURN(FittedQr fitted, fit_qr(doc.qr_payload, profile.print_width_dots, kPaperQrMaxModuleDots));
    qr = render_qr(fitted.symbol, fitted.module);
  }
  int text_height = 0;
  for (const TicketLine& line : doc.lines) text_height += line_height(line);
  MonoBitmap page(profile.print_width_dots, text_height + qr.height());
  int y = 0;
  for (const TicketLine& line : doc.lines) {
    draw_line(line, font, y, page);
    y += line_height(line);
  }
  page.draw(qr, (page.width() - qr.width()) / 2, y);
  return job.add_raster(page);
}

}  // namespace chainslip::escpos

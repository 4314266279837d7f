#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace chainslip::sim {

// Printable widths of the two roll sizes kiosk printers take (203 dpi).
enum class PaperWidth : int { k58mm = 384, k80mm = 576 };

// One line of text as the head printed it: its UTF-8 and the band of rows it
// occupies. This is what lets tests say "the payer's name is on the paper"
// without OCR.
struct TextLine {
  int y = 0;
  int height = 0;
  std::string utf8;

  bool operator==(const TextLine&) const = default;
};

// The paper roll as it leaves the printer: rows of 1-bit dots appended as the
// head prints and feeds, the text layer, and where the cutter cut.
class Paper {
 public:
  explicit Paper(int width_dots) : width_(width_dots) {}

  int width() const { return width_; }
  int height() const { return static_cast<int>(dots_.size() / static_cast<std::size_t>(width_)); }
  bool dot(int x, int y) const { return dots_[index(x, y)] != 0; }
  // Black dots in rows [y0, y1).
  int ink(int y0, int y1) const;

  // Appends `rows` blank rows (the paper moves past the head).
  void feed(int rows);
  // Burns a dot; (x, y) must be on the paper already fed. Off-width x is
  // clipped, as the head has no elements there.
  void set(int x, int y);
  void add_text(TextLine line) { text_.push_back(std::move(line)); }
  void cut() { cuts_.push_back(height()); }

  const std::vector<TextLine>& text() const { return text_; }
  const std::vector<int>& cuts() const { return cuts_; }
  // The roll split at the cuts: one Paper per ticket, the uncut tail last if
  // anything was fed after the last cut. Text lines keep ticket-relative y.
  std::vector<Paper> tickets() const;
  // Tears off every cut ticket (as tickets() lists them) and keeps only the
  // paper after the last cut: a roll that is taken from as it is cut holds
  // one ticket's worth at most, however long the printer runs.
  std::vector<Paper> take_cut_tickets();

 private:
  std::size_t index(int x, int y) const {
    return static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) + static_cast<std::size_t>(x);
  }
  Paper slice(int y0, int y1) const;

  int width_;
  std::vector<std::uint8_t> dots_;  // one byte per dot: simple, and a roll is small
  std::vector<TextLine> text_;
  std::vector<int> cuts_;  // row at which each cut happened
};

}  // namespace chainslip::sim

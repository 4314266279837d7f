#include "sim/printer/paper.h"

#include <algorithm>
#include <cassert>

namespace chainslip::sim {

int Paper::ink(int y0, int y1) const {
  y1 = std::min(y1, height());
  if (y0 >= y1) return 0;
  return static_cast<int>(std::count(dots_.begin() + static_cast<std::ptrdiff_t>(index(0, y0)),
                                     dots_.begin() + static_cast<std::ptrdiff_t>(index(0, y1)), 1));
}

void Paper::feed(int rows) {
  if (rows > 0) dots_.resize(dots_.size() + static_cast<std::size_t>(rows) * static_cast<std::size_t>(width_), 0);
}

void Paper::set(int x, int y) {
  assert(y >= 0 && y < height());
  if (x >= 0 && x < width_) dots_[index(x, y)] = 1;
}

Paper Paper::slice(int y0, int y1) const {
  Paper p(width_);
  p.dots_.assign(dots_.begin() + static_cast<std::ptrdiff_t>(index(0, y0)),
                 dots_.begin() + static_cast<std::ptrdiff_t>(index(0, y1)));
  for (const TextLine& line : text_) {
    if (line.y >= y0 && line.y < y1) p.text_.push_back({line.y - y0, line.height, line.utf8});
  }
  return p;
}

std::vector<Paper> Paper::tickets() const {
  std::vector<Paper> out;
  int start = 0;
  for (int cut : cuts_) {
    out.push_back(slice(start, cut));
    start = cut;
  }
  if (start < height()) out.push_back(slice(start, height()));
  return out;
}

std::vector<Paper> Paper::take_cut_tickets() {
  std::vector<Paper> out = tickets();
  if (cuts_.empty()) return {};
  if (out.size() > cuts_.size()) out.pop_back();  // the uncut tail stays on the roll
  Paper tail = slice(cuts_.back(), height());
  *this = std::move(tail);
  return out;
}

}  // namespace chainslip::sim

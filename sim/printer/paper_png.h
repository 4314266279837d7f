#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/util/bytes.h"
#include "core/util/result.h"
#include "sim/printer/paper.h"

namespace chainslip::sim {

// The iTXt chunk holding the paper's text layer: UTF-8, one printed line per
// '\n'-separated line, top to bottom.
inline constexpr const char* kPaperTextKey = "chainslip-text";

// A paper (or one ticket) as a 1-bit greyscale PNG, black dots on white, one
// pixel per dot, with the text layer in kPaperTextKey. kFailedPrecondition
// for a paper that has no rows yet.
Result<Bytes> encode_paper_png(const Paper& paper);
Status write_paper_png(const Paper& paper, const std::string& path);

// A greyscale PNG read back, 8 bits per pixel (0 black, 255 white), and its
// text layer. Tests read what they wrote through here.
struct PaperImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> grey;
  std::vector<std::string> text;

  bool black(int x, int y) const {
    return grey[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)] < 128;
  }
};
Result<PaperImage> decode_paper_png(ByteView png);
Result<PaperImage> read_paper_png(const std::string& path);

}  // namespace chainslip::sim

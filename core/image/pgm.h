#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/hal/y800_frame.h"
#include "core/util/result.h"

namespace chainslip {

// Frames as binary PGM (netpbm "P5", maxval 255): what maintainers open in
// an image viewer and what the scanner's "from image files" path reads.

// Bounds of what read_pgm accepts: no camera the kiosk uses is larger.
inline constexpr int kMaxPgmSide = 8192;
inline constexpr std::size_t kMaxPgmPixels = std::size_t{4096} * 4096;

std::string encode_pgm(const Y800Frame& frame);

// Strict: "P5", width, height and maxval as plain decimals separated by
// whitespace ('#' comments allowed there, as netpbm allows), maxval exactly
// 255, one whitespace byte, then exactly width*height bytes and nothing
// more. Anything else is kInvalidArgument saying what is wrong.
Result<Y800Frame> decode_pgm(std::string_view data);

// write_file_atomic / read_file around the above; errors name the path.
Status write_pgm_file(const std::string& path, const Y800Frame& frame);
Result<Y800Frame> read_pgm_file(const std::string& path);

}  // namespace chainslip

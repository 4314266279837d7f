#pragma once

#include <cstddef>

#include "core/hal/y800_frame.h"
#include "core/util/bytes.h"
#include "core/util/result.h"

namespace chainslip {

// The two V4L2 pixel layouts the camera driver accepts, to grey. Rows are
// bytes_per_line apart (V4L2 may pad them; the last row may lack its
// padding). kInvalidArgument for a non-positive size, a stride shorter than
// a row, or fewer bytes than the frame needs. Pure.

// V4L2_PIX_FMT_YUYV (4:2:2, bytes Y0 U0 Y1 V0 per pixel pair): the luma is
// every second byte. The width must be even.
Result<Y800Frame> yuyv_to_y800(ByteView data, int width, int height, std::size_t bytes_per_line);

// V4L2_PIX_FMT_GREY: already Y800, copied once (row by row when padded).
Result<Y800Frame> grey_to_y800(ByteView data, int width, int height, std::size_t bytes_per_line);

}  // namespace chainslip

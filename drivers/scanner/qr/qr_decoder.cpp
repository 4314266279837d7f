#include "drivers/scanner/qr/qr_decoder.h"

#include <cstddef>

namespace chainslip {

Status check_frame_shape(const Y800Frame& frame) {
  if (frame.width < 0 || frame.height < 0 ||
      frame.pixels.size() != static_cast<std::size_t>(frame.width) * static_cast<std::size_t>(frame.height)) {
    return make_error(ErrorCode::kInvalidArgument, "QR decoder: frame " + std::to_string(frame.width) + "x" +
                                                       std::to_string(frame.height) + " has " +
                                                       std::to_string(frame.pixels.size()) + " pixel bytes");
  }
  return {};
}

}  // namespace chainslip

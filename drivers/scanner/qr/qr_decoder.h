#pragma once

#include <string>
#include <vector>

#include "core/hal/y800_frame.h"
#include "core/util/result.h"

namespace chainslip {

struct QrDecoderOptions {
  // Also look for light-on-dark codes (a phone in dark mode). Costs a second
  // pass over frames in which nothing was found.
  bool inverted_retry = true;
};

// Finds the QR codes in one grey frame. Implementations: zbar and zxing-cpp,
// chosen by name (qr_decoder_factory.h).
class QrDecoder {
 public:
  virtual ~QrDecoder() = default;
  virtual std::string name() const = 0;
  // The text of every QR code found, in the decoder's order; empty when there
  // is none (also for a 0x0 frame). kInvalidArgument only for a frame whose
  // pixel count is not width * height. Not thread-safe: a decoder keeps its
  // scanner state between calls.
  virtual Result<std::vector<std::string>> decode(const Y800Frame& frame) = 0;
};

// The shape check every decoder makes before touching the pixels.
Status check_frame_shape(const Y800Frame& frame);

}  // namespace chainslip

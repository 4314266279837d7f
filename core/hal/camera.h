#pragma once

#include <optional>
#include <string>

#include "core/hal/poll_interest.h"
#include "core/hal/y800_frame.h"
#include "core/util/result.h"

namespace chainslip {

// A source of grey frames for the QR scanner: a V4L2 camera, a folder of
// image files, or the simulator's virtual camera.
//
// Contract: open() fails with kUnavailable/kPermissionDenied/kBusy and a
// message an operator can act on; take_frame() never blocks and returns the
// newest frame since the last call, or nullopt when none is ready yet
// (wait for the poll fd or next_timeout()); kUnavailable once the device is
// gone.
class Camera : public Pollable {
 public:
  virtual std::string describe() const = 0;
  virtual Status open() = 0;
  virtual void close() = 0;
  virtual Result<std::optional<Y800Frame>> take_frame() = 0;
};

}  // namespace chainslip

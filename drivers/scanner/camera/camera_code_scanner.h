#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/hal/camera.h"
#include "core/hal/clock.h"
#include "core/hal/code_scanner.h"
#include "drivers/scanner/code_queue.h"
#include "drivers/scanner/camera/frame_preprocess.h"
#include "drivers/scanner/qr/qr_decoder.h"

namespace chainslip {

struct CameraCodeScannerOptions {
  FramePreprocessOptions preprocess{};
  CodeQueueOptions codes{};
};

// A CodeScanner made of a Camera, a QrDecoder and a Clock: takes a frame when
// the camera has one, preprocesses it, decodes it and hands every code found
// to a CodeQueue (bounds, repeats by the Clock, one report per presentation).
class CameraCodeScanner final : public CodeScanner {
 public:
  CameraCodeScanner(std::unique_ptr<Camera> camera, std::unique_ptr<QrDecoder> decoder, const Clock& clock,
                    CameraCodeScannerOptions options = {});

  std::string describe() const override;
  Status open() override { return camera_->open(); }
  void close() override;
  // A queued code, else the code(s) of the frame that is ready now, if any.
  Result<std::optional<std::string>> take_code() override;

  std::vector<PollInterest> poll_interests() const override { return camera_->poll_interests(); }
  std::optional<std::chrono::milliseconds> next_timeout() const override { return camera_->next_timeout(); }
  // Decodes the frame that is ready, if any; a camera or decoder error is
  // kept and returned by the next take_code().
  void process_events() override;

 private:
  Status scan_one_frame();

  std::unique_ptr<Camera> camera_;
  std::unique_ptr<QrDecoder> decoder_;
  FramePreprocessOptions preprocess_;
  CodeQueue codes_;
  std::optional<Error> pending_error_;
};

}  // namespace chainslip

#include "drivers/scanner/camera/camera_code_scanner.h"

#include <utility>

namespace chainslip {

CameraCodeScanner::CameraCodeScanner(std::unique_ptr<Camera> camera, std::unique_ptr<QrDecoder> decoder,
                                     const Clock& clock, CameraCodeScannerOptions options)
    : camera_(std::move(camera)),
      decoder_(std::move(decoder)),
      preprocess_(options.preprocess),
      codes_(camera_->describe(), clock, std::move(options.codes)) {}

std::string CameraCodeScanner::describe() const { return camera_->describe() + " with " + decoder_->name(); }

void CameraCodeScanner::close() {
  camera_->close();
  codes_.clear();
  pending_error_.reset();
}

void CameraCodeScanner::process_events() {
  if (pending_error_) return;
  if (auto status = scan_one_frame(); !status.ok()) pending_error_ = status.error();
}

Result<std::optional<std::string>> CameraCodeScanner::take_code() {
  if (pending_error_) {
    Error error = std::move(*pending_error_);
    pending_error_.reset();
    return error;
  }
  if (codes_.empty()) CS_RETURN_IF_ERROR(scan_one_frame());
  return codes_.pop();
}

Status CameraCodeScanner::scan_one_frame() {
  CS_ASSIGN_OR_RETURN(std::optional<Y800Frame> frame, camera_->take_frame());
  if (!frame) return {};
  CS_ASSIGN_OR_RETURN(const Y800Frame prepared, preprocess_frame(*frame, preprocess_));
  CS_ASSIGN_OR_RETURN(const std::vector<std::string> texts, decoder_->decode(prepared));
  for (const std::string& text : texts) codes_.offer(text);
  return {};
}

}  // namespace chainslip

#pragma once

#include <memory>

#include "drivers/scanner/qr/qr_decoder.h"

namespace chainslip {

// Two decoders in turn: `first` on every frame, `second` only on frames in
// which `first` found nothing. "zxing+zbar" is zxing-cpp first (fast, reads
// noisy, blurred and tilted frames) and zbar on what it misses (very dim
// screens zxing-cpp 1.4 does not read): docs/PERFORMANCE.md, "QR decoding".
// The price is the second decoder's time on every frame without a code.
// A frame whose shape is wrong is rejected by `first` and not retried.
class FallbackQrDecoder final : public QrDecoder {
 public:
  FallbackQrDecoder(std::unique_ptr<QrDecoder> first, std::unique_ptr<QrDecoder> second)
      : first_(std::move(first)), second_(std::move(second)) {}

  // "<first>+<second>", the config name.
  std::string name() const override { return first_->name() + "+" + second_->name(); }
  Result<std::vector<std::string>> decode(const Y800Frame& frame) override;

 private:
  std::unique_ptr<QrDecoder> first_;
  std::unique_ptr<QrDecoder> second_;
};

}  // namespace chainslip

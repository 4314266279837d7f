#pragma once

#include "drivers/scanner/qr/qr_decoder.h"

namespace chainslip {

// QR decoding with zxing-cpp 1.4 (QR format only, TryHarder). zxing-cpp 1.4
// has no "try inverted" hint, so with inverted_retry a frame in which
// nothing was found is inverted and decoded once more.
class ZxingQrDecoder final : public QrDecoder {
 public:
  explicit ZxingQrDecoder(QrDecoderOptions options = {}) : options_(options) {}

  std::string name() const override { return "zxing"; }
  Result<std::vector<std::string>> decode(const Y800Frame& frame) override;

 private:
  QrDecoderOptions options_;
  std::vector<std::uint8_t> inverted_;  // reused buffer for the inverted pass
};

}  // namespace chainslip

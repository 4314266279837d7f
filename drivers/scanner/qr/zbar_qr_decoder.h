#pragma once

#include <memory>

#include "drivers/scanner/qr/qr_decoder.h"

namespace chainslip {

// QR decoding with zbar (QR symbology only). With inverted_retry zbar is
// told ZBAR_CFG_TEST_INVERTED: without it a dark-mode phone screen is
// invisible to zbar. The image scanner is created once and reused.
class ZbarQrDecoder final : public QrDecoder {
 public:
  explicit ZbarQrDecoder(QrDecoderOptions options = {});
  ~ZbarQrDecoder() override;
  ZbarQrDecoder(const ZbarQrDecoder&) = delete;
  ZbarQrDecoder& operator=(const ZbarQrDecoder&) = delete;

  std::string name() const override { return "zbar"; }
  Result<std::vector<std::string>> decode(const Y800Frame& frame) override;

 private:
  struct Scanner;
  std::unique_ptr<Scanner> scanner_;
};

}  // namespace chainslip

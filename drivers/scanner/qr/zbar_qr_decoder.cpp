#include "drivers/scanner/qr/zbar_qr_decoder.h"

#include <zbar.h>

#include "core/util/c_handle.h"

namespace chainslip {

using ZbarScannerHandle = CHandle<zbar::zbar_image_scanner_t, zbar::zbar_image_scanner_destroy>;
using ZbarImageHandle = CHandle<zbar::zbar_image_t, zbar::zbar_image_destroy>;

struct ZbarQrDecoder::Scanner {
  ZbarScannerHandle handle;
};

ZbarQrDecoder::ZbarQrDecoder(QrDecoderOptions options)
    : scanner_(std::make_unique<Scanner>(Scanner{ZbarScannerHandle(zbar::zbar_image_scanner_create())})) {
  zbar::zbar_image_scanner_t* s = scanner_->handle.get();
  zbar::zbar_image_scanner_set_config(s, zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
  zbar::zbar_image_scanner_set_config(s, zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
  if (options.inverted_retry) {
    zbar::zbar_image_scanner_set_config(s, zbar::ZBAR_NONE, zbar::ZBAR_CFG_TEST_INVERTED, 1);
  }
}

ZbarQrDecoder::~ZbarQrDecoder() = default;

Result<std::vector<std::string>> ZbarQrDecoder::decode(const Y800Frame& frame) {
  CS_RETURN_IF_ERROR(check_frame_shape(frame));
  std::vector<std::string> out;
  if (frame.pixels.empty()) return out;
  ZbarImageHandle image(zbar::zbar_image_create());
  zbar::zbar_image_set_format(image.get(), 'Y' | '8' << 8 | '0' << 16 | '0' << 24);
  zbar::zbar_image_set_size(image.get(), static_cast<unsigned>(frame.width),
                            static_cast<unsigned>(frame.height));
  // zbar only reads the pixels; no cleanup handler, the frame outlives the image.
  zbar::zbar_image_set_data(image.get(), frame.pixels.data(), frame.pixels.size(), nullptr);
  if (zbar::zbar_scan_image(scanner_->handle.get(), image.get()) < 0) {
    return make_error(ErrorCode::kInternal, "zbar: zbar_scan_image failed");
  }
  for (const zbar::zbar_symbol_t* s = zbar::zbar_image_first_symbol(image.get()); s != nullptr;
       s = zbar::zbar_symbol_next(s)) {
    out.emplace_back(zbar::zbar_symbol_get_data(s), zbar::zbar_symbol_get_data_length(s));
  }
  return out;
}

}  // namespace chainslip

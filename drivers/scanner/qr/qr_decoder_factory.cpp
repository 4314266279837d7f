#include "drivers/scanner/qr/qr_decoder_factory.h"

#include "drivers/scanner/qr/fallback_qr_decoder.h"
#include "drivers/scanner/qr/zbar_qr_decoder.h"
#include "drivers/scanner/qr/zxing_qr_decoder.h"

namespace chainslip {

std::vector<std::string> qr_decoder_names() { return {"zbar", "zxing", "zxing+zbar"}; }

Result<std::unique_ptr<QrDecoder>> make_qr_decoder(std::string_view name, QrDecoderOptions options) {
  if (name == "zbar") return std::unique_ptr<QrDecoder>(std::make_unique<ZbarQrDecoder>(options));
  if (name == "zxing") return std::unique_ptr<QrDecoder>(std::make_unique<ZxingQrDecoder>(options));
  if (name == "zxing+zbar") {
    return std::unique_ptr<QrDecoder>(std::make_unique<FallbackQrDecoder>(
        std::make_unique<ZxingQrDecoder>(options), std::make_unique<ZbarQrDecoder>(options)));
  }
  std::string known;
  for (const std::string& n : qr_decoder_names()) known += (known.empty() ? "" : ", ") + n;
  return make_error(ErrorCode::kInvalidArgument,
                    "unknown QR decoder '" + std::string(name) + "': use one of " + known);
}

}  // namespace chainslip
